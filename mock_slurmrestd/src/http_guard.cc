// GuardedHttpServer: a growing worker pool, idle connections that yield, request deadlines.
#include "http_guard.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <thread>

#include "admin/fault_rules.h"

namespace mock_slurmrestd {

using Clock = std::chrono::steady_clock;

WorkerPool::WorkerPool(size_t base_threads, size_t max_threads)
    : max_threads_(std::max<size_t>(1, std::max(base_threads, max_threads))) {
  std::lock_guard<std::mutex> g(mu_);
  for (size_t i = 0; i < std::max<size_t>(1, base_threads); ++i) {
    threads_.emplace_back([this] { work(); });
  }
}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::enqueue(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> g(mu_);
    tasks_.push_back(std::move(fn));
    // Every queued task beyond the idle workers would wait: add a worker while allowed.
    if (!shutdown_ && tasks_.size() > idle_ && threads_.size() < max_threads_) {
      threads_.emplace_back([this] { work(); });
    }
  }
  cv_.notify_one();
}

void WorkerPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> g(mu_);
    shutdown_ = true;
    threads.swap(threads_);
  }
  cv_.notify_all();
  for (auto& t : threads) t.join();
}

bool WorkerPool::starved() const {
  std::lock_guard<std::mutex> g(mu_);
  return tasks_.size() > idle_ && threads_.size() >= max_threads_;
}

size_t WorkerPool::threads() const {
  std::lock_guard<std::mutex> g(mu_);
  return threads_.size();
}

void WorkerPool::work() {
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock<std::mutex> lock(mu_);
      ++idle_;
      cv_.wait(lock, [this] { return !tasks_.empty() || shutdown_; });
      --idle_;
      if (tasks_.empty()) return;  // shutting down with nothing left to run
      fn = std::move(tasks_.front());
      tasks_.pop_front();
    }
    fn();
  }
}

namespace {

// Milliseconds left until `deadline` (0 once passed), capped at `cap`.
int remaining_ms(Clock::time_point deadline, std::chrono::milliseconds cap) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::clamp(left, std::chrono::milliseconds(0), cap).count());
}

bool poll_for(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  for (;;) {
    int n = ::poll(&p, 1, timeout_ms);
    if (n < 0 && errno == EINTR) continue;
    return n > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
  }
}

void address_of(const sockaddr_storage& addr, socklen_t len, std::string& ip, int& port) {
  char host[NI_MAXHOST] = {0};
  ip.clear();
  port = 0;
  if (addr.ss_family == AF_INET) {
    port = ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
  } else if (addr.ss_family == AF_INET6) {
    port = ntohs(reinterpret_cast<const sockaddr_in6&>(addr).sin6_port);
  } else {
    return;  // unix socket: no address, as httplib reports it
  }
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof(host), nullptr, 0,
                  NI_NUMERICHOST) == 0) {
    ip = host;
  }
}

// A socket stream like httplib's, with one deadline for reading a whole request and one for
// writing a whole response on top of the per-call timeouts.
//
// Syscalls are what a small answer costs (a /ping is mostly kernel time), so the stream spends
// as few as it can: a read tries the socket before polling it, a response's writes are gathered
// and sent together by flush(), a write polls only when the socket is full, and the peer's and
// own addresses are looked up once per connection. That is one poll, one recv and one send per
// small request; a stream doing what httplib's own does made eleven calls.
class DeadlineStream : public httplib::Stream {
 public:
  DeadlineStream(socket_t sock, std::chrono::milliseconds read_timeout,
                 std::chrono::milliseconds write_timeout, const HttpGuardLimits& limits)
      : sock_(sock), read_timeout_(read_timeout), write_timeout_(write_timeout), limits_(limits) {}

  // A new request starts (its first byte is here): restart both deadlines.
  void start_request() {
    read_deadline_ = Clock::now() + limits_.request_timeout;
    writing_ = false;
  }
  bool has_buffered() const { return begin_ < end_; }

  bool is_readable() const override {
    return has_buffered() || poll_for(sock_, POLLIN, remaining_ms(read_deadline_, read_timeout_));
  }

  bool is_writable() const override {
    start_writing();
    if (!poll_for(sock_, POLLOUT, remaining_ms(write_deadline_, write_timeout_))) return false;
    // A peer that has gone away (readable, yet nothing to read) takes no more output.
    char byte;
    return !poll_for(sock_, POLLIN, 0) || ::recv(sock_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
  }

  ssize_t read(char* ptr, size_t size) override {
    // httplib reads a request's line and headers one byte per call.
    if (size == 1 && begin_ < end_) {
      *ptr = buffer_[begin_++];
      return 1;
    }
    if (!has_buffered()) {
      // Whatever was written is all the peer gets before it speaks again (a 100 Continue).
      if (!flush()) return -1;
      ssize_t n = recv_now();
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!is_readable()) return -1;
        n = recv_now();
      }
      if (n <= 0) return n;
      begin_ = 0;
      end_ = static_cast<size_t>(n);
    }
    size_t count = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_ + begin_, count);
    begin_ += count;
    return static_cast<ssize_t>(count);
  }

  // Gathers output for flush(); a write that would not fit goes out at once, after it.
  ssize_t write(const char* ptr, size_t size) override {
    // A fault rule damages the whole answer once it is written (apply_fault): keep it all.
    if (out_.size() + size <= kGather || pending_connection_fault().active()) {
      out_.append(ptr, size);
      return static_cast<ssize_t>(size);
    }
    if (!flush() || !send_all(ptr, size)) return -1;
    return static_cast<ssize_t>(size);
  }

  // Sends everything gathered; false when the peer does not take it in time.
  bool flush() {
    if (out_.empty()) return true;
    bool ok = send_all(out_.data(), out_.size());
    out_.clear();
    return ok;
  }

  // What a fault rule does with the answer gathered in out_ (admin/fault_rules.h).
  enum class AfterFault { kContinue, kClose, kReset };
  AfterFault apply_fault(const ConnectionFault& fault) {
    std::string answer;
    answer.swap(out_);
    switch (fault.kind) {
      case FaultKind::kEmpty: return AfterFault::kClose;
      case FaultKind::kReset: {
        // Linger 0: close() sends RST instead of FIN; the client's next read fails with
        // ECONNRESET, as when a target or a load balancer drops the connection.
        linger l{1, 0};
        ::setsockopt(sock_, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
        return AfterFault::kReset;
      }
      case FaultKind::kTruncate: {
        size_t head = answer.find("\r\n\r\n");
        head = head == std::string::npos ? answer.size() : head + 4;
        size_t body = answer.size() - head;
        size_t keep = fault.keep_bytes < 0 ? body / 2 : static_cast<size_t>(fault.keep_bytes);
        if (body > 0) keep = std::min(keep, body - 1);  // at least one byte short
        send_all(answer.data(), head + keep);
        return AfterFault::kClose;
      }
      case FaultKind::kSlowBody: {
        size_t head = answer.find("\r\n\r\n");
        head = head == std::string::npos ? answer.size() : head + 4;
        if (!send_all(answer.data(), head)) return AfterFault::kClose;
        const size_t chunk = static_cast<size_t>(std::max<int64_t>(1, fault.chunk_bytes));
        for (size_t at = head; at < answer.size(); at += chunk) {
          std::this_thread::sleep_for(std::chrono::milliseconds(fault.chunk_delay_ms));
          // A client that gave up (a read timeout) closed its end: stop writing to it.
          if (!send_all(answer.data() + at, std::min(chunk, answer.size() - at))) {
            return AfterFault::kClose;
          }
        }
        return AfterFault::kContinue;
      }
      default: out_.swap(answer); return AfterFault::kContinue;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    if (!remote_.known) remote_.lookup(sock_, ::getpeername);
    ip = remote_.ip;
    port = remote_.port;
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    if (!local_.known) local_.lookup(sock_, ::getsockname);
    ip = local_.ip;
    port = local_.port;
  }

  socket_t socket() const override { return sock_; }

 private:
  // Most of a response gathered before it is sent: any answer but a large list fits.
  static constexpr size_t kGather = 64 * 1024;

  struct Address {
    bool known = false;
    std::string ip;
    int port = 0;
    void lookup(socket_t sock, int (*name_of)(int, sockaddr*, socklen_t*)) {
      sockaddr_storage addr{};
      socklen_t len = sizeof(addr);
      if (name_of(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
        address_of(addr, len, ip, port);
      }
      known = true;
    }
  };

  void start_writing() const {
    if (!writing_) {
      writing_ = true;
      write_deadline_ = Clock::now() + limits_.response_timeout;
    }
  }

  ssize_t recv_now() {
    ssize_t n;
    do {
      n = ::recv(sock_, buffer_, sizeof(buffer_), MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  // Sends all of [ptr, ptr+size), polling (with the deadlines) only while the socket is full.
  bool send_all(const char* ptr, size_t size) {
    start_writing();
    while (size > 0) {
      ssize_t n = ::send(sock_, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        ptr += n;
        size -= static_cast<size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!is_writable()) return false;
      } else {
        return false;
      }
    }
    return true;
  }

  socket_t sock_;
  std::chrono::milliseconds read_timeout_;
  std::chrono::milliseconds write_timeout_;
  const HttpGuardLimits& limits_;
  Clock::time_point read_deadline_ = Clock::now();
  mutable Clock::time_point write_deadline_ = Clock::now();
  mutable bool writing_ = false;
  mutable Address remote_;
  mutable Address local_;
  std::string out_;
  char buffer_[4096];
  size_t begin_ = 0;
  size_t end_ = 0;
};

// Set on a worker thread when the response it is writing says `Connection: close`.
thread_local bool t_closing = false;

std::chrono::milliseconds as_ms(time_t sec, time_t usec) {
  return std::chrono::milliseconds(sec * 1000 + usec / 1000);
}

}  // namespace

GuardedHttpServer::GuardedHttpServer(HttpGuardLimits limits) : limits_(limits) {
  new_task_queue = [this] {
    auto* pool = new WorkerPool(limits_.base_threads, limits_.max_threads);
    pool_.store(pool);
    return pool;
  };
  // Headers as the real daemon sends them (docs/oracle-notes/http.md, "Headers"): never a
  // Keep-Alive header (cpp-httplib adds one to every answer it keeps the connection open for),
  // and `Connection: close` only on error answers. A response that says close (every error
  // answer, or a success to a request that asked for it) ends the connection once sent; a
  // success says nothing about it, as the real daemon's. httplib itself only closes when the
  // request asked for it.
  set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.headers.erase("Keep-Alive");
    if (res.get_header_value("Connection") == "close") {
      t_closing = true;
      if (res.status < 400) res.headers.erase("Connection");
    }
  });
}

bool GuardedHttpServer::wait_for_request(socket_t sock) const {
  auto deadline = Clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
  // Short slices so that a stopping server or a starved pool is noticed quickly.
  constexpr std::chrono::milliseconds kSlice(50);
  while (svr_sock_ != INVALID_SOCKET) {
    int slice = remaining_ms(deadline, kSlice);
    if (slice == 0) return false;
    if (poll_for(sock, POLLIN, slice)) return true;
    WorkerPool* pool = pool_.load();
    if (pool != nullptr && pool->starved()) return false;
  }
  return false;
}

bool GuardedHttpServer::process_and_close_socket(socket_t sock) {
  DeadlineStream stream(sock, as_ms(read_timeout_sec_, read_timeout_usec_),
                        as_ms(write_timeout_sec_, write_timeout_usec_), limits_);
  bool ok = false;
  bool reset = false;
  for (size_t left = keep_alive_max_count_; left > 0; --left) {
    if (!stream.has_buffered() && !wait_for_request(sock)) break;
    stream.start_request();
    bool connection_closed = false;
    t_closing = false;
    pending_connection_fault() = ConnectionFault{};
    ok = process_request(stream, /*close_connection=*/left == 1, connection_closed, nullptr);
    if (pending_connection_fault().active()) {
      auto after = stream.apply_fault(pending_connection_fault());
      pending_connection_fault() = ConnectionFault{};
      if (after != DeadlineStream::AfterFault::kContinue) {
        reset = after == DeadlineStream::AfterFault::kReset;
        ok = false;
        break;
      }
    }
    // The answer (error answers too) goes out whole, in as few sends as it fits.
    if (!stream.flush()) ok = false;
    if (!ok || connection_closed || t_closing) break;
  }
  if (!reset) ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace mock_slurmrestd
