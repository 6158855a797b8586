// Targeted faults (/mock/v1/faults/rules): per route and method, for the next N requests or
// with a seeded probability, the failures a client meets in front of or at slurmrestd:
// delays, status answers (a load balancer's 502/503/504 among them), connection reset, no
// answer at all, a truncated body, a slow body. Applied at the HTTP layer, around the request
// path; the controller-down fault (faults.h) is separate and unchanged.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "envelope.h"
#include "router.h"

namespace mock_slurmrestd {

enum class FaultKind {
  kDelay,     // wait delay_ms, then the mock's real answer
  kStatus,    // this status, body and content type instead of the mock's answer
  kReset,     // the request is served, then the connection is reset (TCP RST), no answer
  kEmpty,     // the request is served, then the connection is closed without an answer
  kTruncate,  // the answer's headers and only keep_bytes of its body, then closed
  kSlowBody,  // the answer's body sent chunk_bytes at a time, chunk_delay_ms apart
};

const char* fault_kind_name(FaultKind kind);

struct FaultRule {
  uint64_t id = 0;         // assigned when added
  std::string method;      // "" or "*": any method
  std::string path = "*";  // glob on the raw path: '*' matches any run of characters
  FaultKind kind = FaultKind::kStatus;
  int64_t times = 0;                        // fire for the next N matching requests; 0 = no limit
  double probability = 1.0;                 // chance that a matching request is hit (0 < p <= 1)
  uint64_t seed = 1;                        // seeds this rule's own random sequence
  int64_t delay_ms = 0;                     // every kind waits this long first
  int status = 503;                         // kStatus
  std::string body;                         // kStatus
  std::string content_type = "text/plain";  // kStatus
  std::string preset;                       // kStatus: "alb" or "apigw" fill body and content type
  int64_t keep_bytes = -1;                  // kTruncate: body bytes sent (-1: half of the body)
  int64_t chunk_bytes = 16;                 // kSlowBody
  int64_t chunk_delay_ms = 200;             // kSlowBody
  uint64_t fired = 0;                       // how often it has fired

  Json to_json() const;
};

// Parses one rule from the admin API's JSON; false with *error set when invalid.
bool fault_rule_from_json(const Json& j, FaultRule* out, std::string* error);

// What a fired rule does to the connection after the answer is written (http_guard.cc reads
// it on the worker thread that wrote the answer).
struct ConnectionFault {
  FaultKind kind = FaultKind::kDelay;  // kDelay and kStatus: nothing to do
  int64_t keep_bytes = -1;
  int64_t chunk_bytes = 16;
  int64_t chunk_delay_ms = 200;
  bool active() const { return kind != FaultKind::kDelay && kind != FaultKind::kStatus; }
};
// This thread's pending connection fault (the HTTP worker clears it before each request).
ConnectionFault& pending_connection_fault();

// A rule that fired for one request.
struct FaultHit {
  FaultRule rule;  // a copy, as it was when it fired
  std::string label() const;
};

class FaultRules {
 public:
  uint64_t add(FaultRule rule);
  bool remove(uint64_t id);
  void clear();
  std::vector<FaultRule> list() const;
  // The first rule that matches the request, has firings left and wins its draw; counts the
  // firing. Never matches /mock/ (the admin API stays reachable).
  std::optional<FaultHit> fire(const Request& request);

 private:
  struct Armed {
    FaultRule rule;
    std::mt19937_64 rng;
  };
  mutable std::mutex mu_;
  std::vector<Armed> rules_;
  std::atomic<size_t> count_{0};  // rules_.size(), read without the lock on every request
  uint64_t next_id_ = 1;
};

// The answer a kStatus rule gives (its preset's body and content type, or its own).
Response fault_status_answer(const FaultRule& rule);

// '*' matches any run of characters (including '/'); everything else matches itself.
bool glob_match(const std::string& pattern, const std::string& text);

}  // namespace mock_slurmrestd
