// Slow, silent and idle clients cannot keep the mock's HTTP workers (mock-only behaviour).
#include "http_guard.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "mock_slurmrestd/server.h"
#include "scheduler_sim/slurm_conf.h"

namespace mock_slurmrestd {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// One raw TCP connection to the server, for clients that misbehave on purpose.
class Conn {
 public:
  // receive_buffer > 0: a small SO_RCVBUF (set before connecting, so the window stays small).
  explicit Conn(int port, int receive_buffer = 0) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (receive_buffer > 0) {
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof(receive_buffer));
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~Conn() { ::close(fd_); }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  bool connected() const { return connected_; }
  // Bytes the server sent that wait, unread, in this socket's receive queue.
  int unread() const {
    int n = 0;
    return ::ioctl(fd_, FIONREAD, &n) == 0 ? n : -1;
  }
  bool send(const std::string& data) {
    return ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
  }
  // Reads one whole response (headers plus Content-Length bytes); "" on close or timeout.
  std::string response(milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    // The headers' end and the body's length, looked for once (a large body arrives in many
    // reads; searching all of it after each would be quadratic).
    size_t end = std::string::npos, length = 0;
    for (;;) {
      if (end == std::string::npos) {
        end = buffer_.find("\r\n\r\n");
        if (end != std::string::npos) {
          size_t at = buffer_.find("Content-Length: ");
          if (at != std::string::npos && at < end) length = std::stoul(buffer_.substr(at + 16));
        }
      }
      if (end != std::string::npos && buffer_.size() >= end + 4 + length) {
        std::string out = buffer_.substr(0, end + 4 + length);
        buffer_.erase(0, out.size());
        return out;
      }
      if (!fill(deadline)) return "";
    }
  }
  // True when the server closed the connection within `timeout`.
  bool closed_within(milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (fill(deadline)) {}
    return eof_;
  }

 private:
  bool fill(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char buf[4096];
    ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    buffer_.append(buf, static_cast<size_t>(n));
    return true;
  }

  int fd_;
  bool connected_ = false;
  bool eof_ = false;
  std::string buffer_;
};

// Connections waiting in the accept queue of the loopback listener on `port` (the kernel's
// count for a listening socket, /proc/net/tcp's rx_queue); -1 when there is no such listener.
int accept_queue(int port) {
  std::ifstream tcp("/proc/net/tcp");
  std::string line;
  std::getline(tcp, line);  // header
  char want[16];
  std::snprintf(want, sizeof(want), ":%04X", port);
  while (std::getline(tcp, line)) {
    std::istringstream f(line);
    std::string slot, local, remote, state, queues;
    f >> slot >> local >> remote >> state >> queues;
    if (state != "0A" || local.size() < 5 || local.substr(local.size() - 5) != want) continue;
    return static_cast<int>(std::stoul(queues.substr(queues.find(':') + 1), nullptr, 16));
  }
  return -1;
}

// Waits until a condition holds; false after `within`.
template <typename Condition>
bool wait_until(Condition holds, milliseconds within = milliseconds(5000)) {
  auto end = Clock::now() + within;
  while (!holds()) {
    if (Clock::now() >= end) return false;
    std::this_thread::sleep_for(milliseconds(2));
  }
  return true;
}

class HttpGuardTest : public ::testing::Test {
 protected:
  void start(int threads, int max_threads, int request_timeout_ms = 30000) {
    ServerOptions o;
    o.port = 0;
    o.clock = ClockMode::kManual;
    o.start_time = 1700000000;
    o.jwt_key = std::string(32, 'k');
    o.threads = threads;
    o.max_threads = max_threads;
    o.request_timeout_ms = request_timeout_ms;
    server_ = std::make_unique<Server>(scheduler_sim::default_cluster(), o);
    port_ = server_->start();
    token_ = server_->mint_token("ec2-user", 3600);
  }
  void TearDown() override {
    if (server_) server_->stop();
  }
  std::string ping_request() const {
    return "GET /slurm/v0.0.36/ping HTTP/1.1\r\nHost: x\r\nX-SLURM-USER-NAME: ec2-user\r\n"
           "X-SLURM-USER-TOKEN: " +
           token_ + "\r\n\r\n";
  }
  // A fresh connection's ping: how long it took, or a negative time when it got no answer.
  double fresh_ping_seconds(milliseconds timeout) {
    auto t0 = Clock::now();
    Conn c(port_);
    if (!c.connected() || !c.send(ping_request())) return -1;
    std::string answer = c.response(timeout);
    if (answer.rfind("HTTP/1.1 200", 0) != 0) return -1;
    return std::chrono::duration<double>(Clock::now() - t0).count();
  }

  std::unique_ptr<Server> server_;
  int port_ = 0;
  std::string token_;
};

// Without the guard each of these would wait for the 60 s keep-alive timeout.
constexpr milliseconds kPatience(8000);

TEST_F(HttpGuardTest, IdleKeepAliveConnectionsDoNotDelayNewOnes) {
  start(/*threads=*/1, /*max_threads=*/8);
  std::vector<std::unique_ptr<Conn>> idle;
  for (int i = 0; i < 4; ++i) {
    idle.push_back(std::make_unique<Conn>(port_));
    ASSERT_TRUE(idle.back()->send(ping_request()));
    ASSERT_EQ(idle.back()->response(kPatience).rfind("HTTP/1.1 200", 0), 0u) << i;
  }
  double seconds = fresh_ping_seconds(kPatience);
  EXPECT_GE(seconds, 0);
  EXPECT_LT(seconds, 3.0);
  // The pool grew instead of dropping them: every idle connection still works.
  for (auto& c : idle) {
    ASSERT_TRUE(c->send(ping_request()));
    EXPECT_EQ(c->response(kPatience).rfind("HTTP/1.1 200", 0), 0u);
  }
}

TEST_F(HttpGuardTest, AtTheCapAnIdleConnectionYieldsItsWorker) {
  start(/*threads=*/1, /*max_threads=*/1);
  Conn idle(port_);
  ASSERT_TRUE(idle.send(ping_request()));
  ASSERT_EQ(idle.response(kPatience).rfind("HTTP/1.1 200", 0), 0u);
  double seconds = fresh_ping_seconds(kPatience);
  EXPECT_GE(seconds, 0);
  EXPECT_LT(seconds, 3.0);
  EXPECT_TRUE(idle.closed_within(kPatience));
}

TEST_F(HttpGuardTest, SilentConnectionsDoNotHoldTheOnlyWorker) {
  start(/*threads=*/1, /*max_threads=*/1);
  std::vector<std::unique_ptr<Conn>> silent;
  for (int i = 0; i < 3; ++i) silent.push_back(std::make_unique<Conn>(port_));
  double seconds = fresh_ping_seconds(kPatience);
  EXPECT_GE(seconds, 0);
  EXPECT_LT(seconds, 3.0);
}

TEST_F(HttpGuardTest, ATricklingRequestIsCutAtTheRequestTimeout) {
  start(/*threads=*/1, /*max_threads=*/1, /*request_timeout_ms=*/1000);
  Conn slow(port_);
  ASSERT_TRUE(slow.send("GET /slurm/v0.0.36/ping HTTP/1.1\r\n"));
  // One header byte every 200 ms: each read is well inside the 10 s read timeout.
  std::atomic<bool> stop{false};
  std::thread trickle([&] {
    while (!stop && slow.send("X")) std::this_thread::sleep_for(milliseconds(200));
  });
  // The only worker has taken the trickling connection before the fresh one arrives.
  ASSERT_TRUE(wait_until([&] { return accept_queue(port_) == 0; }));
  double seconds = fresh_ping_seconds(kPatience);
  stop = true;
  trickle.join();
  EXPECT_GE(seconds, 0);
  EXPECT_LT(seconds, 5.0);
  EXPECT_TRUE(slow.closed_within(kPatience));
}

TEST_F(HttpGuardTest, AWholeRequestInTimeIsServedOnAKeptConnection) {
  start(/*threads=*/1, /*max_threads=*/1, /*request_timeout_ms=*/1000);
  Conn c(port_);
  // The deadline runs from a request's first byte, not from the connection's start.
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(milliseconds(600));
    ASSERT_TRUE(c.send(ping_request()));
    EXPECT_EQ(c.response(kPatience).rfind("HTTP/1.1 200", 0), 0u) << i;
  }
}

// cpp-httplib's fixed limits (docs/differences.md #25): clean refusals, and the server goes on.
TEST_F(HttpGuardTest, OversizedHeaderLinesAndTargetsAreRefusedCleanly) {
  start(/*threads=*/1, /*max_threads=*/2);
  {
    Conn c(port_);
    ASSERT_TRUE(c.send("GET /slurm/v0.0.36/ping HTTP/1.1\r\nHost: x\r\nX-Big: " +
                       std::string(9000, 'a') + "\r\n\r\n"));
    EXPECT_EQ(c.response(kPatience).rfind("HTTP/1.1 400", 0), 0u);
  }
  {
    Conn c(port_);
    ASSERT_TRUE(c.send("GET /slurm/v0.0.36/ping?" + std::string(9000, 'a') +
                       " HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(c.response(kPatience).rfind("HTTP/1.1 414", 0), 0u);
  }
  EXPECT_GE(fresh_ping_seconds(kPatience), 0);
}

// The stream gathers a response's writes and sends them together; what the server writes
// before it reads again (a 100 Continue) must still reach the client first.
TEST_F(HttpGuardTest, AHundredContinueArrivesBeforeTheBodyIsSent) {
  start(/*threads=*/1, /*max_threads=*/2);
  Conn c(port_);
  const std::string body = R"({"job":{"name":"c","hold":true,"current_working_directory":"/tmp",)"
                           R"("environment":{"PATH":"/bin"}},"script":"#!/bin/sh\ntrue\n"})";
  ASSERT_TRUE(
      c.send("POST /slurm/v0.0.36/job/submit HTTP/1.1\r\nHost: x\r\n"
             "X-SLURM-USER-NAME: ec2-user\r\nX-SLURM-USER-TOKEN: " +
             token_ +
             "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
             "Content-Length: " +
             std::to_string(body.size()) + "\r\n\r\n"));
  EXPECT_EQ(c.response(kPatience).rfind("HTTP/1.1 100 Continue", 0), 0u);
  ASSERT_TRUE(c.send(body));
  std::string answer = c.response(kPatience);
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  EXPECT_NE(answer.find("\"job_id\": 1"), std::string::npos) << answer;
}

// Requests sent back to back in one write are all answered, in order, on the connection.
TEST_F(HttpGuardTest, PipelinedRequestsAreAnsweredInOrder) {
  start(/*threads=*/1, /*max_threads=*/2);
  Conn c(port_);
  const std::string missing =
      "GET /slurm/v0.0.36/job/77 HTTP/1.1\r\nHost: x\r\n"
      "X-SLURM-USER-NAME: ec2-user\r\nX-SLURM-USER-TOKEN: " +
      token_ + "\r\n\r\n";
  ASSERT_TRUE(c.send(ping_request() + ping_request() + missing));
  EXPECT_EQ(c.response(kPatience).rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_EQ(c.response(kPatience).rfind("HTTP/1.1 200", 0), 0u);
  // The unknown job's answer is an error: it comes last and closes the connection.
  std::string last = c.response(kPatience);
  EXPECT_EQ(last.rfind("HTTP/1.1 500", 0), 0u) << last;
  EXPECT_TRUE(c.closed_within(kPatience));
}

// A body larger than what the stream gathers goes out whole, to a client that reads late:
// the answer (over 4 MiB, the most a socket's send buffer grows to here) cannot fit in the
// socket buffers with the client's kept at 64 KiB, so the server's sends hit a full socket and
// must wait for the reader. (A much smaller window makes the read itself take seconds under
// TSan: one wake-up of the server per window.)
TEST_F(HttpGuardTest, ALargeAnswerArrivesWholeAtAReadersPace) {
  start(/*threads=*/1, /*max_threads=*/2);
  const std::string job = R"({"job":{"name":"big","hold":true,"current_working_directory":"/tmp",)"
                          R"("environment":{"PATH":"/bin"}},"script":"#!/bin/sh\ntrue\n"})";
  std::multimap<std::string, std::string> headers{{"X-SLURM-USER-NAME", "ec2-user"},
                                                  {"X-SLURM-USER-TOKEN", token_},
                                                  {"Content-Type", "application/json"}};
  for (int i = 0; i < 2000; ++i) {
    ASSERT_EQ(server_->handle("POST", "/slurm/v0.0.36/job/submit", headers, job).status, 200);
  }
  const std::string expected = server_->handle("GET", "/slurm/v0.0.36/jobs", headers, "").body;
  ASSERT_GT(expected.size(), 4u * 1024 * 1024);
  Conn c(port_, /*receive_buffer=*/64 * 1024);
  ASSERT_TRUE(
      c.send("GET /slurm/v0.0.36/jobs HTTP/1.1\r\nHost: x\r\n"
             "X-SLURM-USER-NAME: ec2-user\r\nX-SLURM-USER-TOKEN: " +
             token_ + "\r\n\r\n"));
  // The answer is arriving and we do not read: the sockets fill, and the server must wait.
  ASSERT_TRUE(wait_until([&] { return c.unread() >= 32 * 1024; }));
  std::string answer = c.response(kPatience);
  ASSERT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_EQ(answer.substr(answer.find("\r\n\r\n") + 4), expected);
  // And the connection still serves the next request.
  ASSERT_TRUE(c.send(ping_request()));
  EXPECT_EQ(c.response(kPatience).rfind("HTTP/1.1 200", 0), 0u);
}

TEST(WorkerPool, GrowsOnlyWhenATaskWouldWaitAndRunsEverythingBeforeShutdown) {
  WorkerPool pool(1, 3);
  EXPECT_EQ(pool.threads(), 1u);
  std::atomic<int> done{0};
  std::atomic<bool> release{false};
  for (int i = 0; i < 5; ++i) {
    pool.enqueue([&] {
      while (!release) std::this_thread::sleep_for(milliseconds(1));
      ++done;
    });
  }
  EXPECT_EQ(pool.threads(), 3u);
  EXPECT_TRUE(pool.starved());
  release = true;
  pool.shutdown();
  EXPECT_EQ(done, 5);
}

}  // namespace
}  // namespace mock_slurmrestd
