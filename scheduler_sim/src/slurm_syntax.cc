// Slurm syntax parsers: dependency lists, node ranges, array expressions, time strings.
#include "slurm_syntax.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <sstream>
#include <string_view>
#include <tuple>
#include <utility>

#include "scheduler_sim/ascii.h"
#include "scheduler_sim/hostlist.h"
#include "scheduler_sim/slurm_time.h"

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

bool parse_dependency(const std::string& text, std::vector<DepClause>* out, bool* either,
                      bool* mixed) {
  // Measured on 22.05, 24.11 and 26.05: "?" anywhere makes the whole list an either list
  // ("afterok:1,afterok:2?afterok:3" shows all three joined by "?"), where bare ids, empty
  // items and "+0" are refused like elsewhere.
  const bool any_of = text.find('?') != std::string::npos;
  if (either) *either = any_of;
  if (mixed) *mixed = any_of && text.find(',') != std::string::npos;
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.find_first_of(",?", begin);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(begin, end - begin);
    begin = end + 1;
    if (item.empty()) return false;
    uint64_t bare;
    if (item.find(':') == std::string::npos && parse_u64(item, &bare)) {
      // A bare job id means afterany (oracle: "12" shows as "afterany:12(unfulfilled)"), but
      // not in an either list ("5?3" is refused).
      if (any_of || bare == 0 || bare > 0xFFFFFFFFu) return false;
      out->push_back(DepClause{"afterany", {static_cast<uint32_t>(bare)}, {}});
      continue;
    }
    std::stringstream is(item);
    DepClause c;
    std::getline(is, c.type, ':');
    c.type = ascii_lower(c.type);
    static const std::set<std::string> kTypes = {
        "after", "afterany", "afterok", "afternotok", "singleton", "aftercorr", "afterburstbuffer"};
    if (!kTypes.count(c.type)) return false;
    for (std::string id; std::getline(is, id, ':');) {
      // "+M": minutes, a positive number ("+0", "+x", "+-1" are refused). Every kind takes
      // it; only "after" waits for it (measured).
      uint64_t delay = 0;
      size_t plus = id.find('+');
      if (plus != std::string::npos) {
        if (!parse_u64(id.substr(plus + 1), &delay) || delay == 0 || delay > 0xFFFFFFFFu)
          return false;
        id.resize(plus);
      }
      uint64_t v;
      if (!parse_u64(id, &v) || v == 0 || v > 0xFFFFFFFFu) return false;
      // A repeated id is one dependency (oracle: "afterok:5:5" shows afterok:5 once).
      const auto job_id = static_cast<uint32_t>(v);
      if (std::find(c.job_ids.begin(), c.job_ids.end(), job_id) != c.job_ids.end()) continue;
      c.job_ids.push_back(job_id);
      if (delay) c.minutes[job_id] = static_cast<uint32_t>(delay);
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

bool parse_begin_time(const std::string& raw, SimTime now, SimTime* out) {
  const SlurmTime t = parse_slurm_time(raw, now);
  if (!t.value) return false;
  *out = *t.value;
  return true;
}

// --- Slurm time strings ----------------------------------------------------------------------

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// The text as the parser sees it: up to the first NUL or newline.
std::string_view parsed_part(std::string_view s) {
  const size_t end = s.find_first_of(std::string_view("\0\n", 2));
  return end == std::string_view::npos ? s : s.substr(0, end);
}

char at(std::string_view s, size_t i) { return i < s.size() ? s[i] : '\0'; }

bool starts_with_ci(std::string_view s, size_t pos, std::string_view word) {
  if (s.size() - std::min(pos, s.size()) < word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k)
    if (ascii_lower(s[pos + k]) != word[k]) return false;
  return true;
}

bool starts_with_exact(std::string_view s, size_t pos, std::string_view word) {
  return s.substr(std::min(pos, s.size())).rfind(word, 0) == 0;
}

// The fields a time string sets; -1 = not set (second defaults to 0).
struct TimeFields {
  int hour = -1, minute = -1, second = 0;
  int month = -1, mday = -1, year = -1;  // month 0-11, year - 1900 (struct tm's origins)
};

std::tm local_tm(SimTime t) {
  std::tm tm{};
  const std::time_t tt = static_cast<std::time_t>(t);
  localtime_r(&tt, &tm);
  return tm;
}

void set_date(TimeFields* f, const std::tm& tm) {
  f->month = tm.tm_mon;
  f->mday = tm.tm_mday;
  f->year = tm.tm_year;
}

// The count after now's '+' or '-' at `pos`: digits (blanks anywhere), optionally ended by a
// unit that multiplies them. Returns the index after it, or npos when malformed.
size_t read_delta(std::string_view s, size_t pos, int64_t* delta) {
  static constexpr std::pair<std::string_view, int64_t> kUnits[] = {
      {"seconds", 1}, {"second", 1},   {"minutes", 60}, {"minute", 60},    {"hours", 3600},
      {"hour", 3600}, {"days", 86400}, {"day", 86400},  {"weeks", 604800}, {"week", 604800},
  };
  int64_t count = 0;
  bool digits = false;
  size_t i = pos + 1;
  while (i < s.size()) {
    if (is_space(s[i])) {
      ++i;
      continue;
    }
    bool unit = false;
    for (const auto& [name, seconds] : kUnits) {
      if (!starts_with_ci(s, i, name)) continue;
      if (__builtin_mul_overflow(count, seconds, &count)) return std::string_view::npos;
      i += name.size();
      unit = true;
      break;
    }
    if (unit) break;
    if (!is_digit(s[i])) return std::string_view::npos;
    if (__builtin_mul_overflow(count, int64_t{10}, &count) ||
        __builtin_add_overflow(count, int64_t{s[i] - '0'}, &count))
      return std::string_view::npos;
    digits = true;
    ++i;
  }
  if (!digits) return std::string_view::npos;
  *delta = count;
  return i;
}

// HH:MM[:SS] and an optional AM/PM (after blanks). Returns the index after it, or npos.
size_t read_clock(std::string_view s, size_t pos, TimeFields* f) {
  int hour = at(s, pos++) - '0';
  if (at(s, pos) != ':') {
    if (!is_digit(at(s, pos))) return std::string_view::npos;
    hour = hour * 10 + (at(s, pos++) - '0');
  }
  if (hour > 23 || at(s, pos) != ':') return std::string_view::npos;
  ++pos;
  auto two_digits = [&](int* out) {
    if (!is_digit(at(s, pos)) || !is_digit(at(s, pos + 1))) return false;
    *out = (s[pos] - '0') * 10 + (s[pos + 1] - '0');
    pos += 2;
    return *out <= 59;
  };
  int minute = 0, second = 0;
  if (!two_digits(&minute)) return std::string_view::npos;
  if (at(s, pos) == ':') {
    ++pos;
    if (!two_digits(&second)) return std::string_view::npos;
  }
  while (pos < s.size() && is_space(s[pos])) ++pos;
  if (starts_with_ci(s, pos, "pm")) {
    hour += 12;
    if (hour == 24) hour = 12;
    else if (hour > 23) return std::string_view::npos;
    pos += 2;
  } else if (starts_with_ci(s, pos, "am")) {
    if (hour == 12) hour = 0;
    else if (hour > 11) return std::string_view::npos;
    pos += 2;
  }
  f->hour = hour;
  f->minute = minute;
  f->second = second;
  return pos;
}

// YYYY-MM-DD, or MMDD[YY] / MM/DD[/YY] / MM.DD[.YY]. Returns the index after it, or npos.
size_t read_date(std::string_view s, size_t pos, TimeFields* f) {
  int month = 0, day = 0;
  auto read_day = [&]() {
    if (!is_digit(at(s, pos))) return false;
    day = at(s, pos++) - '0';
    if (is_digit(at(s, pos))) day = day * 10 + (at(s, pos++) - '0');
    return day >= 1 && day <= 31;
  };
  if (s.size() >= pos + 7 && at(s, pos + 4) == '-' && at(s, pos + 7) == '-') {
    int year = 0;
    for (int k = 0; k < 4; ++k) {
      if (!is_digit(at(s, pos))) return std::string_view::npos;
      year = year * 10 + (at(s, pos++) - '0');
    }
    ++pos;  // the '-'
    // The month's first character is taken as a digit whatever it is (22.05 does not check
    // it); the separator after the month is skipped unchecked.
    month = static_cast<unsigned char>(at(s, pos++)) - '0';
    if (is_digit(at(s, pos))) month = month * 10 + (at(s, pos++) - '0');
    if (month < 1 || month > 12) return std::string_view::npos;
    ++pos;
    if (!read_day()) return std::string_view::npos;
    f->month = month - 1;
    f->mday = day;
    f->year = year - 1900;
    return pos;
  }
  month = at(s, pos++) - '0';
  if (is_digit(at(s, pos))) month = month * 10 + (at(s, pos++) - '0');
  if (month < 1 || month > 12) return std::string_view::npos;
  if (at(s, pos) == '.' || at(s, pos) == '/') ++pos;
  if (!read_day()) return std::string_view::npos;
  if (at(s, pos) == '.' || at(s, pos) == '/') ++pos;
  int year = 0;
  if (is_digit(at(s, pos))) {
    year = at(s, pos++) - '0';
    if (!is_digit(at(s, pos))) return std::string_view::npos;
    year = year * 10 + (at(s, pos++) - '0');
  }
  f->month = month - 1;
  f->mday = day;
  if (year) f->year = year + 100;  // "00" means no year
  return pos;
}

// "uts<N>": strtol's reading of the rest, at least 1000000 and nothing after.
SlurmTime unix_time(std::string_view rest) {
  size_t i = 0;
  while (i < rest.size() && is_space(rest[i])) ++i;
  bool negative = false;
  if (i < rest.size() && (rest[i] == '+' || rest[i] == '-')) negative = rest[i++] == '-';
  const size_t first = i;
  int64_t v = 0;
  bool overflow = false;
  for (; i < rest.size() && is_digit(rest[i]); ++i)
    overflow = overflow || __builtin_mul_overflow(v, int64_t{10}, &v) ||
               __builtin_add_overflow(v, int64_t{rest[i] - '0'}, &v);
  if (i == first || i != rest.size() || overflow || negative || v < 1000000) return {{}, true};
  return {v, false};
}

}  // namespace

SlurmTime parse_slurm_time(std::string_view text, SimTime now) {
  const SlurmTime refused{std::nullopt, true};
  if (starts_with_ci(text, 0, "uts")) return unix_time(parsed_part(text.substr(3)));
  const std::string_view s = parsed_part(text);
  const std::tm now_tm = local_tm(now);
  TimeFields f;
  auto set_clock = [&f](int hour) { f.hour = hour, f.minute = 0, f.second = 0; };
  for (size_t pos = 0; pos < s.size();) {
    const char c = s[pos];
    if (is_blank(c) || c == '-' || c == 'T') {
      ++pos;
      continue;
    }
    if (starts_with_exact(s, pos, "today")) {
      set_date(&f, now_tm);
      pos += 5;
    } else if (starts_with_exact(s, pos, "tomorrow")) {
      set_date(&f, local_tm(now + 86400));
      pos += 8;
    } else if (starts_with_ci(s, pos, "midnight")) {
      set_clock(0);
      pos += 8;
    } else if (starts_with_ci(s, pos, "noon")) {
      set_clock(12);
      pos += 4;
    } else if (starts_with_ci(s, pos, "fika")) {
      set_clock(15);
      pos += 4;
    } else if (starts_with_exact(s, pos, "teatime")) {
      set_clock(16);
      pos += 7;
    } else if (starts_with_ci(s, pos, "now")) {
      int64_t delta = 0;
      size_t i = pos + 3;
      while (i < s.size() && is_blank(s[i])) ++i;
      if (i < s.size()) {
        if (s[i] != '+' && s[i] != '-') return refused;
        const size_t next = read_delta(s, i, &delta);
        if (next == std::string_view::npos) return refused;
        if (s[i] == '-') delta = -delta;
        i = next;
      }
      SimTime later;
      if (__builtin_add_overflow(now, delta, &later)) return refused;
      const std::tm tm = local_tm(later);
      set_date(&f, tm);
      f.hour = tm.tm_hour, f.minute = tm.tm_min, f.second = tm.tm_sec;
      pos = i;
    } else if (!is_digit(c)) {
      return refused;
    } else {
      const bool clock = at(s, pos + 1) == ':' || at(s, pos + 2) == ':';
      pos = clock ? read_clock(s, pos, &f) : read_date(s, pos, &f);
      if (pos == std::string_view::npos) return refused;
    }
  }
  if (f.hour == -1 && f.month == -1) return {};  // nothing named: not a time, not flagged
  if (f.hour == -1) {
    f.hour = 0;  // a date alone: its midnight
    f.minute = 0;
  } else if (f.month == -1) {
    // A time alone: today if still ahead (to the minute), else tomorrow.
    const bool ahead =
        f.hour > now_tm.tm_hour || (f.hour == now_tm.tm_hour && f.minute > now_tm.tm_min);
    set_date(&f, ahead ? now_tm : local_tm(now + 86400));
  }
  if (f.year == -1) {
    const auto key = [](int mon, int day, int hour, int minute) {
      return std::tuple(mon, day, hour, minute);
    };
    const bool ahead = key(f.month, f.mday, f.hour, f.minute) >
                       key(now_tm.tm_mon, now_tm.tm_mday, now_tm.tm_hour, now_tm.tm_min);
    f.year = now_tm.tm_year + (ahead ? 0 : 1);
  }
  std::tm tm{};
  tm.tm_sec = f.second;
  tm.tm_min = f.minute;
  tm.tm_hour = f.hour;
  tm.tm_mday = f.mday;
  tm.tm_mon = f.month;
  tm.tm_year = f.year;
  tm.tm_isdst = -1;
  const std::time_t t = std::mktime(&tm);
  if (t == -1) return refused;
  if (t == 0) return {};  // the daemon takes 0 for "no time"
  return {static_cast<SimTime>(t), false};
}

}  // namespace scheduler_sim
