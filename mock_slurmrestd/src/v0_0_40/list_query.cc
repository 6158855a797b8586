// The node and partition reads' update_time and flags (list_query.h).
#include "v0_0_40/list_query.h"

#include <strings.h>

namespace mock_slurmrestd::v0_0_40 {
namespace {

// Their /openapi/v3 enum; data_parser matches the names ignoring case.
bool known_flag(const std::string& value) {
  static const char* const kFlags[] = {"ALL",     "DETAIL",     "MIXED", "LOCAL",
                                       "SIBLING", "FEDERATION", "FUTURE"};
  for (const char* f : kFlags)
    if (strcasecmp(f, value.c_str()) == 0) return true;
  return false;
}

// A whole decimal number in uint32's range (what the timestamp parser took), else nullopt.
std::optional<int64_t> timestamp(const std::string& s) {
  if (s.empty() || s.size() > 10 || s.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  const int64_t v = std::stoll(s);
  if (v > 0xFFFFFFFFLL) return std::nullopt;
  return v;
}

}  // namespace

bool read_list_query(const Request& req, const Shape& shape, Answer& a, const char* reject,
                     const char* source, ListQuery* q) {
  if (const std::string* raw = req.query_value("update_time")) {
    // v0.0.40/41's timestamp parser refuses every value, 0 included (asked).
    q->update_time = shape.jobs_update_time ? timestamp(*raw) : std::nullopt;
    if (!q->update_time) {
      a.error("Parsing of " + *raw + " for timestamp failed", 9202, "#/update_time/");
      a.error(reject, 9000, source);
      return false;
    }
  }
  auto [from, to] = req.query.equal_range("flags");
  if (from != to) q->detail = false;
  for (auto it = from; it != to; ++it) {
    if (strcasecmp(it->second.c_str(), "DETAIL") == 0) q->detail = true;
    if (known_flag(it->second)) continue;
    a.error("Unknown flag \"" + it->second + "\"", 9207, "#/flags[0]/");
    if (!shape.jobs_bad_flag_still_lists) {
      a.error("Parsing single flag \"" + it->second + "\" failed", 9207, "#/flags/");
      a.error(reject, 9000, source);
      return false;
    }
    // The flags were not read: the default query, with SHOW_DETAIL (asked: gres_drained "N/A").
    q->bad_flag = true;
    q->detail = true;
    break;
  }
  return true;
}

}  // namespace mock_slurmrestd::v0_0_40
