// GuardedHttpServer: cpp-httplib's server with connections that cannot pin its worker threads.
//
// cpp-httplib serves each connection on one pool thread from its first byte to its close, and
// waits for a connection's next request on that thread (keep-alive). Out of the box a client
// that connects and sends nothing, or sends a byte every few seconds, keeps a worker for as
// long as it likes; a few such clients stop the server. The real slurmrestd polls its
// connections and spends no thread on a quiet one. This class keeps the mock answering:
//
//  - the pool grows by one worker whenever a connection would otherwise wait for one, up to
//    `max_threads`, so idle keep-alive connections never delay new ones;
//  - at that cap, a connection waiting for its next request gives its worker up (the
//    connection is closed) as soon as another connection is waiting;
//  - a request's line, headers and body must all arrive within `request_timeout` of its first
//    byte, and its response must be taken within `response_timeout`; the per-read and
//    per-write timeouts (set_read_timeout / set_write_timeout) still apply to every call.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace mock_slurmrestd {

// httplib's TaskQueue with a pool that grows on demand (never shrinks while serving).
class WorkerPool : public httplib::TaskQueue {
 public:
  WorkerPool(size_t base_threads, size_t max_threads);
  ~WorkerPool() override;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void enqueue(std::function<void()> fn) override;
  // Runs every queued task, then joins the workers.
  void shutdown() override;

  // True when a task is waiting and the pool may not grow: a worker should be given up.
  bool starved() const;
  size_t threads() const;

 private:
  void work();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0;
  size_t max_threads_;
  bool shutdown_ = false;
};

struct HttpGuardLimits {
  size_t base_threads = 8;
  size_t max_threads = 1024;
  std::chrono::milliseconds request_timeout{30000};
  std::chrono::milliseconds response_timeout{30000};
};

class GuardedHttpServer : public httplib::Server {
 public:
  explicit GuardedHttpServer(HttpGuardLimits limits);

 private:
  // Replaces httplib's keep-alive loop (a private virtual of httplib::Server).
  bool process_and_close_socket(socket_t sock) override;
  // Waits for the first byte of the next request: false when the connection closed, stayed
  // quiet for the keep-alive timeout, the server stops, or the pool is starved.
  bool wait_for_request(socket_t sock) const;

  HttpGuardLimits limits_;
  // The pool httplib made for the current listen(); read only by its own workers, which it
  // outlives.
  std::atomic<WorkerPool*> pool_{nullptr};
};

}  // namespace mock_slurmrestd
