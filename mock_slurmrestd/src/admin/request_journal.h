// The request journal: what reached the mock, in order, for a gateway's tests to check.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "envelope.h"

namespace mock_slurmrestd {

// One answered request. Header names are lower-cased; credentials are replaced by
// kRedacted. The body keeps its first `body_limit` bytes (body_truncated tells).
struct RequestRecord {
  uint64_t id = 0;  // 1, 2, 3, ... in arrival order; never reused until the server stops
  double time = 0;  // wall clock when the request arrived, Unix seconds
  std::string method, path, query;  // path and query as sent (not decoded)
  // As the request carried them (moved, not copied, from the request: see tap_request);
  // to_json() leaves out the connection addresses httplib adds as pseudo-headers.
  std::multimap<std::string, std::string> headers;
  std::string body;
  size_t body_bytes = 0;  // the whole body's size
  bool body_truncated = false;
  int status = 0;         // 0: no HTTP answer was sent (a connection fault)
  double latency_ms = 0;  // arrival to answer ready (delays and injected latency included)
  std::string user;       // the user it acted as; empty when refused or unauthenticated
  std::string refusal;    // why a token was refused (auth status and detail), else empty
  std::string fault;      // the fault rule that changed the answer ("rule 3: reset"), else empty
  std::string peer;

  Json to_json() const;
};

inline constexpr const char* kRedacted = "<redacted>";

struct JournalFilter {
  std::string method;       // exact, case-insensitive; empty = any
  std::string path_prefix;  // empty = any
  uint64_t since = 0;       // only records with id > since
};

// Thread-safe; memory is bounded: at most `limit` records (the oldest are dropped first,
// counted in dropped()) of at most `body_limit` body bytes each.
class RequestJournal {
 public:
  static constexpr size_t kDefaultLimit = 1000;
  static constexpr size_t kDefaultBodyLimit = 16 * 1024;

  explicit RequestJournal(size_t limit = kDefaultLimit, size_t body_limit = kDefaultBodyLimit)
      : limit_(limit), body_limit_(body_limit) {}

  // Fills in id, bounds the body and redacts credentials; returns the id.
  uint64_t add(RequestRecord record);
  std::vector<RequestRecord> list(const JournalFilter& filter = {}) const;
  void clear();
  uint64_t dropped() const;
  size_t limit() const { return limit_; }
  size_t body_limit() const { return body_limit_; }

 private:
  mutable std::mutex mu_;
  std::deque<RequestRecord> records_;
  uint64_t next_id_ = 1;
  uint64_t dropped_ = 0;
  size_t limit_;
  size_t body_limit_;
};

// Header names whose values never enter the journal or a log.
bool is_credential_header(const std::string& lower_name);

}  // namespace mock_slurmrestd
