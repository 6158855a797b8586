// Hostlist expansion and compression with Slurm's zero-padding and range rules.
#include "scheduler_sim/hostlist.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>
#include <tuple>

namespace scheduler_sim {
namespace {

[[noreturn]] void fail(std::string_view expr, const std::string& why) {
  throw std::invalid_argument("invalid hostlist '" + std::string(expr) + "': " + why);
}

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string pad(uint64_t v, size_t width) {
  std::string s = std::to_string(v);
  if (s.size() < width) s.insert(0, width - s.size(), '0');
  return s;
}

// Appends the numbers of one bracket body ("01-04,7") as padded strings.
std::vector<std::string> expand_ranges(std::string_view body, std::string_view expr,
                                       size_t max_hosts) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= body.size()) {
    size_t comma = body.find(',', start);
    std::string_view item = body.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    size_t dash = item.find('-');
    std::string_view lo = item.substr(0, dash);
    std::string_view hi = dash == std::string_view::npos ? lo : item.substr(dash + 1);
    if (!all_digits(lo) || !all_digits(hi) || lo.size() > 18 || hi.size() > 18)
      fail(expr, "invalid range '" + std::string(item) + "'");
    uint64_t a = std::stoull(std::string(lo)), b = std::stoull(std::string(hi));
    if (b < a) fail(expr, "invalid range '" + std::string(item) + "'");
    if (b - a > 1000000) fail(expr, "range too large '" + std::string(item) + "'");
    if (b - a >= max_hosts - out.size())
      fail(expr, "more than " + std::to_string(max_hosts) + " hosts");
    for (uint64_t v = a; v <= b; ++v) out.push_back(pad(v, lo.size()));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

// Expands one host term, which may hold several bracket groups ("n[1-2]x[3-4]"), refusing to
// let `out` grow past max_hosts (several groups multiply: "n[1-1000000]x[1-1000000]").
void expand_term(std::string_view term, std::string_view expr, size_t max_hosts,
                 std::vector<std::string>* out) {
  size_t open = term.find('[');
  size_t close_before = term.find(']');
  if (open == std::string_view::npos) {
    if (close_before != std::string_view::npos) fail(expr, "unbalanced ']'");
    if (out->size() >= max_hosts) fail(expr, "more than " + std::to_string(max_hosts) + " hosts");
    out->emplace_back(term);
    return;
  }
  size_t close = term.find(']', open);
  if (close == std::string_view::npos) fail(expr, "unbalanced '['");
  if (close_before < open) fail(expr, "unbalanced ']'");
  std::string_view inner = term.substr(open + 1, close - open - 1);
  if (inner.find('[') != std::string_view::npos) fail(expr, "nested '['");
  std::string prefix(term.substr(0, open));
  std::vector<std::string> nums = expand_ranges(inner, expr, max_hosts);
  std::vector<std::string> tails;
  expand_term(term.substr(close + 1), expr, max_hosts, &tails);
  if (tails.size() > (max_hosts - out->size()) / std::max<size_t>(nums.size(), 1))
    fail(expr, "more than " + std::to_string(max_hosts) + " hosts");
  for (const std::string& num : nums) {
    for (const std::string& t : tails) out->push_back(prefix + num + t);
  }
}

struct HostKey {
  std::string prefix;
  bool has_number = false;
  uint64_t value = 0;
  std::string digits;  // the numeric suffix exactly as written
};

HostKey split_host(const std::string& h) {
  HostKey k;
  size_t i = h.size();
  while (i > 0 && std::isdigit(static_cast<unsigned char>(h[i - 1]))) --i;
  if (i == h.size() || h.size() - i > 18) {
    k.prefix = h;
    return k;
  }
  k.prefix = h.substr(0, i);
  k.has_number = true;
  k.digits = h.substr(i);
  k.value = std::stoull(k.digits);
  return k;
}

}  // namespace

std::vector<std::string> expand_hostlist(std::string_view expr, size_t max_hosts) {
  std::vector<std::string> out;
  size_t depth = 0, start = 0;
  for (size_t i = 0; i <= expr.size(); ++i) {
    char c = i < expr.size() ? expr[i] : ',';
    if (c == '[') {
      ++depth;
    } else if (c == ']') {
      if (depth == 0) fail(expr, "unbalanced ']'");
      --depth;
    } else if ((c == ',' && depth == 0)) {
      std::string_view term = expr.substr(start, i - start);
      // Surrounding blanks are tolerated; blanks inside a name are not.
      while (!term.empty() && std::isspace(static_cast<unsigned char>(term.front())))
        term.remove_prefix(1);
      while (!term.empty() && std::isspace(static_cast<unsigned char>(term.back())))
        term.remove_suffix(1);
      if (std::any_of(term.begin(), term.end(), [](unsigned char ch) { return std::isspace(ch); }))
        fail(expr, "blank inside a host name");
      if (!term.empty()) expand_term(term, expr, max_hosts, &out);
      start = i + 1;
    }
  }
  if (depth != 0) fail(expr, "unbalanced '['");
  return out;
}

std::string compress_hostlist(const std::vector<std::string>& hosts) {
  if (hosts.size() == 1) return hosts.front();  // what the steps below make of one name
  std::vector<HostKey> keys;
  keys.reserve(hosts.size());
  for (const std::string& h : hosts) keys.push_back(split_host(h));
  std::sort(keys.begin(), keys.end(), [](const HostKey& a, const HostKey& b) {
    return std::tie(a.prefix, a.has_number, a.value, a.digits) <
           std::tie(b.prefix, b.has_number, b.value, b.digits);
  });
  keys.erase(std::unique(keys.begin(), keys.end(),
                         [](const HostKey& a, const HostKey& b) {
                           return a.prefix == b.prefix && a.has_number == b.has_number &&
                                  a.digits == b.digits;
                         }),
             keys.end());

  std::string out;
  size_t i = 0;
  while (i < keys.size()) {
    if (!out.empty()) out += ',';
    if (!keys[i].has_number) {
      out += keys[i].prefix;
      ++i;
      continue;
    }
    // Gather ranges for every numbered host sharing this prefix.
    std::vector<std::string> ranges;
    size_t j = i;
    while (j < keys.size() && keys[j].has_number && keys[j].prefix == keys[i].prefix) {
      size_t width = keys[j].digits.size();
      uint64_t lo = keys[j].value, hi = lo;
      size_t k = j + 1;
      while (k < keys.size() && keys[k].has_number && keys[k].prefix == keys[i].prefix &&
             keys[k].value == hi + 1 && pad(keys[k].value, width) == keys[k].digits) {
        hi = keys[k].value;
        ++k;
      }
      ranges.push_back(hi == lo ? keys[j].digits : keys[j].digits + "-" + keys[k - 1].digits);
      j = k;
    }
    if (j - i == 1) {
      out += keys[i].prefix + keys[i].digits;
    } else {
      out += keys[i].prefix + "[";
      for (size_t r = 0; r < ranges.size(); ++r) out += (r ? "," : "") + ranges[r];
      out += "]";
    }
    i = j;
  }
  return out;
}

}  // namespace scheduler_sim
