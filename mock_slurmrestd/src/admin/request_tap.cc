// tap_request: fault rules, the request journal and the access log's details per request.
#include "admin/request_tap.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <thread>

#include "app.h"

namespace mock_slurmrestd {

namespace {

// What the detailed access log adds, kept per worker thread: httplib calls the logger on the
// thread that answered, after the answer is written.
struct LastAnswer {
  std::string user, refusal, fault;
  double latency_ms = 0;
};
thread_local LastAnswer t_last;

double wall_seconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

Response tap_request(App& app, Request& request, const std::function<Response(Request&)>& answer) {
  const auto started = std::chrono::steady_clock::now();
  const double arrived = wall_seconds();
  const bool journaled = request.path.rfind("/mock/", 0) != 0;
  pending_connection_fault() = ConnectionFault{};
  std::optional<FaultHit> hit = app.fault_rules().fire(request);
  if (hit && hit->rule.delay_ms > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(hit->rule.delay_ms));
  }
  Response r;
  if (hit && hit->rule.kind == FaultKind::kStatus) {
    r = fault_status_answer(hit->rule);
  } else {
    r = answer(request);
    if (hit) {
      ConnectionFault& c = pending_connection_fault();
      c.kind = hit->rule.kind;
      c.keep_bytes = hit->rule.keep_bytes;
      c.chunk_bytes = hit->rule.chunk_bytes;
      c.chunk_delay_ms = hit->rule.chunk_delay_ms;
    }
  }
  const double latency_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  t_last = LastAnswer{request.user, request.refusal, hit ? hit->label() : "", latency_ms};
  if (journaled) {
    // Handlers read but never change the request's method, path, query, headers and body, so
    // they are the request as sent; moved, not copied, as the request path ends here (the
    // journal costs no allocation per request this way).
    RequestRecord record;
    record.time = arrived;
    record.method = request.method;
    record.path = std::move(request.path);
    record.query = std::move(request.raw_query);
    record.headers = std::move(request.headers);
    record.body = std::move(request.body);
    record.peer = std::move(request.peer);
    const bool answered =
        !hit || hit->rule.kind == FaultKind::kDelay || hit->rule.kind == FaultKind::kStatus ||
        hit->rule.kind == FaultKind::kTruncate || hit->rule.kind == FaultKind::kSlowBody;
    record.status = answered ? r.status : 0;
    record.latency_ms = latency_ms;
    record.user = request.user;
    record.refusal = request.refusal;
    record.fault = t_last.fault;
    app.journal().add(std::move(record));
  }
  return r;
}

std::string access_log_line(const std::string& remote_addr, int remote_port,
                            const std::string& method, const std::string& target, int status,
                            size_t bytes, bool detail) {
  char line[2048];
  if (!detail) {
    std::snprintf(line, sizeof(line), "%s:%d \"%s %s\" %d %zu\n", remote_addr.c_str(), remote_port,
                  method.c_str(), target.c_str(), status, bytes);
    return line;
  }
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t secs = system_clock::to_time_t(now);
  const int millis =
      static_cast<int>(duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(line, sizeof(line),
                "%s.%03dZ %s:%d \"%s %s\" %d %zu user=%s latency_ms=%.2f%s%s%s%s\n", stamp, millis,
                remote_addr.c_str(), remote_port, method.c_str(), target.c_str(), status, bytes,
                t_last.user.empty() ? "-" : t_last.user.c_str(), t_last.latency_ms,
                t_last.refusal.empty() ? "" : " refused=\"",
                t_last.refusal.empty() ? "" : (t_last.refusal + "\"").c_str(),
                t_last.fault.empty() ? "" : " fault=\"",
                t_last.fault.empty() ? "" : (t_last.fault + "\"").c_str());
  // Answers httplib makes itself (413, a malformed request) never pass tap_request: they
  // must not show the previous request's details.
  t_last = LastAnswer{};
  return line;
}

}  // namespace mock_slurmrestd
