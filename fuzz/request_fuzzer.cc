// libFuzzer target: whole requests through the in-process request path (gate, router, auth,
// handlers, renderers) of a fresh mock per input.
//
// Input: up to 8 requests separated by a line "~~~~". Each is "METHOD TARGET", header lines
// "Name: value", an empty line, then the body. "@TOKEN@" anywhere stands for a valid token of
// ec2-user, so the fuzzer gets past authentication (seeds: fuzz/make_seeds.py).
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "app.h"
#include "auth.h"
#include "auth_gate.h"
#include "router.h"
#include "scheduler_sim/ascii.h"
#include "scheduler_sim/slurm_conf.h"

namespace {

using scheduler_sim::ascii_lower;

using mock_slurmrestd::App;

constexpr int64_t kStart = 1700000000;
constexpr size_t kMaxRequests = 8;
const std::string kKey(32, 'k');

mock_slurmrestd::ServerOptions options() {
  mock_slurmrestd::ServerOptions o;
  o.clock = mock_slurmrestd::ClockMode::kManual;
  o.start_time = kStart;
  o.jwt_key = kKey;
  return o;
}

const std::string& token() {
  // Valid for a century of wall-clock time: authentication reads the real clock.
  static const std::string t = mock_slurmrestd::mint_token(kKey, "ec2-user", 100LL * 365 * 86400,
                                                           mock_slurmrestd::wall_now());
  return t;
}

std::string replace_all(std::string text, std::string_view from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// Fills `req` from one request's text, as Server::handle does for a parsed HTTP request.
void read_request(std::string_view text, mock_slurmrestd::Request* req) {
  size_t eol = text.find('\n');
  std::string_view line = text.substr(0, eol);
  size_t space = line.find(' ');
  req->method = std::string(line.substr(0, space));
  std::string target = space == std::string_view::npos ? "/" : std::string(line.substr(space + 1));
  mock_slurmrestd::split_target(target, &req->path, &req->raw_query);
  req->query = mock_slurmrestd::parse_query(req->raw_query);
  size_t at = eol == std::string_view::npos ? text.size() : eol + 1;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view header = text.substr(at, end - at);
    at = end + 1;
    if (header.empty()) break;
    size_t colon = header.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = header.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    // httplib drops headers with empty values; the request path never sees them.
    if (value.empty()) continue;
    req->headers.emplace(ascii_lower(std::string(header.substr(0, colon))), std::string(value));
  }
  if (at < text.size()) req->body = std::string(text.substr(at));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const scheduler_sim::ClusterConfig cluster = scheduler_sim::default_cluster();
  std::string input =
      replace_all(std::string(reinterpret_cast<const char*>(data), size), "@TOKEN@", token());
  // A fresh mock per input keeps every crash reproducible from its input alone.
  App app(cluster, options());
  mock_slurmrestd::register_routes(app);
  // One request at a time: an allocation that cannot start at once would wait for ever for a
  // request that never comes. No request waits (it is refused, as past the server's waits).
  app.set_stopping(true);

  std::string_view rest(input);
  for (size_t n = 0; n < kMaxRequests && !rest.empty(); ++n) {
    size_t sep = rest.find("\n~~~~\n");
    std::string_view one = rest.substr(0, sep);
    rest = sep == std::string_view::npos ? std::string_view() : rest.substr(sep + 6);
    // Injected latency and slurmctld retry periods would only make the fuzzer sleep.
    app.faults().latency_ms = 0;
    app.faults().controller_retry_ms = 0;
    // Fault rules (delays, slow bodies) likewise; the request journal is bounded on its own.
    app.fault_rules().clear();
    mock_slurmrestd::Request req;
    read_request(one, &req);
    mock_slurmrestd::handle_request(app, req);
    // Back to the manual clock if a request switched to real time: runs must not depend on it.
    if (app.pacer().mode() != mock_slurmrestd::ClockMode::kManual)
      app.pacer().set_mode(mock_slurmrestd::ClockMode::kManual, 1.0);
  }
  return 0;
}
