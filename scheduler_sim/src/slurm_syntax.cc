// Slurm syntax parsers: dependency lists, node ranges, array expressions, begin times.
#include "slurm_syntax.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <sstream>
#include <string_view>

#include "scheduler_sim/ascii.h"
#include "scheduler_sim/hostlist.h"

namespace scheduler_sim {
namespace {

// strtol(3) on a NUL-free view: skips leading blanks, takes an optional sign and base-10 digits.
// With no digits it consumes nothing (*used = 0) and yields 0, as strtol leaves end_ptr at tok.
int64_t c_strtol(std::string_view s, size_t* used) {
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  size_t digits = i;
  int64_t v = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    if (v < (int64_t{1} << 40)) v = v * 10 + (s[i] - '0');  // clamps: anything this big is invalid
    ++i;
  }
  if (i == digits) {
    *used = 0;
    return 0;
  }
  *used = i;
  return neg ? -v : v;
}

// One comma-separated piece of an array expression, as slurmctld's _parse_array_tok reads it:
// "N", "N-M", "N-M:S"; a leading '[' and a ']' after any number are skipped; a '%' ends the
// piece (the throttle is read separately). Indices must lie in [0, max).
bool parse_array_token(std::string_view tok, int64_t max, std::set<uint32_t>* out) {
  if (!tok.empty() && tok.front() == '[') tok.remove_prefix(1);
  size_t used = 0;
  auto number = [&](int64_t* v) {
    *v = c_strtol(tok, &used);
    tok.remove_prefix(used);
    if (!tok.empty() && tok.front() == ']') tok.remove_prefix(1);
  };
  auto at_end = [&] { return tok.empty() || tok.front() == '%'; };
  int64_t first, last, step = 1;
  number(&first);
  if (first < 0) return false;
  if (!tok.empty() && tok.front() == '-') {
    tok.remove_prefix(1);
    number(&last);
    if (!tok.empty() && tok.front() == ':') {
      tok.remove_prefix(1);
      number(&step);
      if (!at_end() || step <= 0 || step >= max) return false;
    } else if (!at_end()) {
      return false;
    }
    if (last < first) return false;
  } else if (!at_end()) {
    return false;
  } else {
    last = first;
  }
  if (last >= max) return false;
  for (int64_t i = first; i <= last; i += step) out->insert(static_cast<uint32_t>(i));
  return true;
}

}  // namespace

bool parse_u64(const std::string& s, uint64_t* out) {
  if (s.empty() || s.size() > 18 ||
      !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
    return false;
  *out = std::stoull(s);
  return true;
}

bool parse_dependency(const std::string& text, std::vector<DepClause>* out) {
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) return false;
    uint64_t bare;
    if (item.find(':') == std::string::npos && parse_u64(item, &bare)) {
      // A bare job id means afterany (oracle: "12" shows as "afterany:12(unfulfilled)").
      if (bare == 0 || bare > 0xFFFFFFFFu) return false;
      out->push_back(DepClause{"afterany", {static_cast<uint32_t>(bare)}});
      continue;
    }
    std::stringstream is(item);
    DepClause c;
    std::getline(is, c.type, ':');
    c.type = ascii_lower(c.type);
    static const std::set<std::string> kTypes = {"after",      "afterany",  "afterok",
                                                 "afternotok", "singleton", "aftercorr"};
    if (!kTypes.count(c.type)) return false;
    for (std::string id; std::getline(is, id, ':');) {
      size_t plus = id.find('+');
      if (plus != std::string::npos) id.resize(plus);
      uint64_t v;
      if (!parse_u64(id, &v) || v == 0 || v > 0xFFFFFFFFu) return false;
      c.job_ids.push_back(static_cast<uint32_t>(v));
    }
    if ((c.type == "singleton") != c.job_ids.empty()) return false;
    out->push_back(std::move(c));
  }
  return !out->empty();
}

// Node count "N" or "N-M"; false when malformed.
bool parse_node_range(const std::string& s, int64_t* lo, std::optional<int64_t>* hi) {
  size_t dash = s.find('-');
  uint64_t a, b;
  // The oracle reads "-3" (and the number -1) as "up to 3": tres_req_str shows node=1, and the
  // job takes 3 nodes when they are free.
  if (dash == 0) {
    if (!parse_u64(s.substr(1), &a)) return false;
    *lo = 1;
    *hi = static_cast<int64_t>(a);
    return true;
  }
  if (!parse_u64(s.substr(0, dash), &a)) return false;
  *lo = static_cast<int64_t>(a);
  if (dash == std::string::npos) {
    *hi = static_cast<int64_t>(a);
    return true;
  }
  if (!parse_u64(s.substr(dash + 1), &b)) return false;
  *hi = static_cast<int64_t>(b);
  return true;
}

// A job array expression ("1-3,7", "0-9:2", "1-5%2") -> its indices and %N throttle (0 = none).
// Empty pieces are skipped (strtok), so "," yields no index: the job is then no array at all.
bool parse_array_spec(const std::string& text, int64_t max, std::set<uint32_t>* indices,
                      uint32_t* max_tasks) {
  std::stringstream ss(text);
  for (std::string tok; std::getline(ss, tok, ',');)
    if (!tok.empty() && !parse_array_token(tok, max, indices)) return false;
  *max_tasks = 0;
  if (size_t pct = text.find('%'); pct != std::string::npos) {
    size_t used = 0;
    int64_t n = c_strtol(std::string_view(text).substr(pct + 1), &used);  // atoi
    if (n > 0) *max_tasks = static_cast<uint32_t>(std::min<int64_t>(n, 0xFFFFFFFEu));
  }
  return true;
}

// Pending indices as Slurm prints array_task_string: "1-3,7", "0,2,4,6,8", plus "%N" when
// throttled. The ranges are those of a hostlist with an empty prefix.
std::string format_array_indices(const std::set<uint32_t>& indices, uint32_t max_tasks) {
  std::vector<std::string> names;
  for (uint32_t i : indices) names.push_back(std::to_string(i));
  std::string s = compress_hostlist(names);
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  if (max_tasks > 0) s += "%" + std::to_string(max_tasks);
  return s;
}

// "now", "now+N[s|m|h|d]" (Slurm's default unit here is seconds) or a Unix time.
bool parse_begin_time(const std::string& raw, SimTime now, SimTime* out) {
  std::string s = ascii_lower(raw);
  if (s == "now") {
    *out = now;
    return true;
  }
  if (s.rfind("now+", 0) == 0) {
    std::string rest = s.substr(4);
    size_t digits = 0;
    while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
    uint64_t n;
    if (!parse_u64(rest.substr(0, digits), &n)) return false;
    std::string unit = rest.substr(digits);
    int64_t mult = 1;
    if (unit.empty() || unit == "s" || unit == "seconds") mult = 1;
    else if (unit == "m" || unit == "minutes") mult = 60;
    else if (unit == "h" || unit == "hours") mult = 3600;
    else if (unit == "d" || unit == "days") mult = 86400;
    else return false;
    *out = now + static_cast<int64_t>(n) * mult;
    return true;
  }
  // YYYY-MM-DD[THH:MM[:SS]], local time as Slurm's parse_time reads it (mktime).
  int y, mo, d, h = 0, mi = 0, sec = 0;
  char tail = 0;
  int fields =
      std::sscanf(s.c_str(), "%4d-%2d-%2dt%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &tail);
  if ((fields == 3 && s.size() == 10) || fields == 5 || fields == 6) {
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return false;
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    tm.tm_isdst = -1;
    *out = static_cast<SimTime>(std::mktime(&tm));
    return true;
  }
  uint64_t v;
  if (!parse_u64(s, &v)) return false;
  *out = static_cast<SimTime>(v);
  return true;
}

}  // namespace scheduler_sim
