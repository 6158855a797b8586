// The tiny script "interpreter" behind simulated run times and exit codes.
#include "script_behavior.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

namespace scheduler_sim {
namespace {

// Seconds for one sleep operand ("1.5", "2m"); negative when it is not a duration.
double duration_seconds(const std::string& word) {
  if (word.empty()) return -1;
  char* end = nullptr;
  double v = std::strtod(word.c_str(), &end);
  if (end == word.c_str() || v < 0 || !std::isfinite(v)) return -1;
  std::string unit(end);
  if (unit.empty() || unit == "s") return v;
  if (unit == "m") return v * 60;
  if (unit == "h") return v * 3600;
  if (unit == "d") return v * 86400;
  return -1;
}

// Whole seconds for a non-negative duration, at most kMaxScriptRunSeconds (converting a
// double beyond int64 is undefined behaviour).
int64_t whole_seconds(double seconds) {
  if (!(seconds < static_cast<double>(kMaxScriptRunSeconds))) return kMaxScriptRunSeconds;
  return static_cast<int64_t>(std::ceil(seconds));
}

// Calls f(line) for each '\n'-separated line, as std::getline reads them (string views: a
// submission's script is scanned on every submit, and streams cost more than the scan).
template <typename F>
void for_each_line(std::string_view text, F&& f) {
  while (!text.empty()) {
    size_t nl = text.find('\n');
    f(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

bool is_blank(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// The whitespace-separated words of `s`, as `stream >> word` reads them.
void split_words(std::string_view s, std::vector<std::string_view>* out) {
  out->clear();
  size_t i = 0;
  while (true) {
    while (i < s.size() && is_blank(s[i])) ++i;
    if (i == s.size()) return;
    size_t start = i;
    while (i < s.size() && !is_blank(s[i])) ++i;
    out->push_back(s.substr(start, i - start));
  }
}

}  // namespace

ScriptBehavior script_behavior(const std::string& script, int64_t default_run_seconds) {
  ScriptBehavior b;
  double seconds = 0;
  bool saw_command = false;
  bool done = false;
  std::vector<std::string_view> w;
  auto command = [&](std::string_view cmd) {
    split_words(cmd, &w);
    if (w.empty()) return;
    if (w[0] == "sleep") {
      saw_command = true;
      for (size_t i = 1; i < w.size(); ++i) {  // GNU sleep sums its operands
        double d = duration_seconds(std::string(w[i]));
        if (d > 0) seconds += d;
      }
    } else if (w[0] == "exit") {
      saw_command = true;
      b.exit_code = w.size() > 1 ? (std::atoi(std::string(w[1]).c_str()) & 0xff) : 0;
      done = true;
    }
  };
  for_each_line(script, [&](std::string_view line) {
    if (done) return;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    // Commands separated by ';' or '&&' on one line run in order.
    size_t start = 0;
    for (size_t i = 0; i <= line.size() && !done;) {
      bool amp = i + 1 < line.size() && line[i] == '&' && line[i + 1] == '&';
      if (i == line.size() || line[i] == ';' || amp) {
        command(line.substr(start, i - start));
        i += amp ? 2 : 1;
        start = i;
      } else {
        ++i;
      }
    }
  });
  b.run_seconds = saw_command ? whole_seconds(seconds) : default_run_seconds;
  return b;
}

ScriptDirectives script_directives(const std::string& script) {
  ScriptDirectives d;
  std::vector<std::string> mock_lines;
  for_each_line(script, [&](std::string_view l) {
    if (l.substr(0, 5) == "#MOCK") mock_lines.emplace_back(l);
  });
  for (const std::string& line : mock_lines) {
    std::istringstream words(line.substr(5));
    if (!line.empty() && line.size() > 5 && !std::isspace(static_cast<unsigned char>(line[5])))
      continue;  // "#MOCKERY" is just a comment
    for (std::string w; words >> w;) {
      size_t eq = w.find('=');
      if (eq == std::string::npos) continue;
      std::string key = w.substr(0, eq), value = w.substr(eq + 1);
      if (key == "runtime") {
        double s = duration_seconds(value);
        if (s >= 0) d.run_seconds = whole_seconds(s);
      } else if (key == "exit") {
        char* end = nullptr;
        long v = std::strtol(value.c_str(), &end, 10);
        if (!value.empty() && *end == '\0' && v >= 0 && v <= 255) d.exit_code = static_cast<int>(v);
      }
    }
  }
  return d;
}

const BehaviorRule* match_rule(const std::vector<BehaviorRule>& rules, const std::string& name,
                               const std::string& partition, const std::string& user) {
  for (const BehaviorRule& r : rules) {
    if (r.name && *r.name != name) continue;
    if (r.partition && *r.partition != partition) continue;
    if (r.user && *r.user != user) continue;
    return &r;
  }
  return nullptr;
}

ScriptBehavior job_behavior(const std::string& script, const std::string& name,
                            const std::string& partition, const std::string& user,
                            const std::vector<BehaviorRule>& rules, int64_t default_run_seconds) {
  ScriptBehavior b = script_behavior(script, default_run_seconds);
  if (const BehaviorRule* r = match_rule(rules, name, partition, user)) {
    if (r->run_seconds) b.run_seconds = *r->run_seconds;
    if (r->exit_code) b.exit_code = *r->exit_code & 0xff;
  }
  ScriptDirectives d = script_directives(script);
  if (d.run_seconds) b.run_seconds = *d.run_seconds;
  if (d.exit_code) b.exit_code = *d.exit_code;
  return b;
}

}  // namespace scheduler_sim
