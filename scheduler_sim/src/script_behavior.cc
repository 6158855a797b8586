// The tiny script "interpreter" behind simulated run times and exit codes.
#include "script_behavior.h"

#include <cmath>
#include <cstdlib>
#include <sstream>
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

}  // namespace

ScriptBehavior script_behavior(const std::string& script, int64_t default_run_seconds) {
  ScriptBehavior b;
  double seconds = 0;
  bool saw_command = false;
  std::istringstream lines(script);
  std::string line;
  bool done = false;
  while (!done && std::getline(lines, line)) {
    size_t hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    // Commands separated by ';' or '&&' on one line run in order.
    std::string split;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '&' && i + 1 < line.size() && line[i + 1] == '&') {
        split += ';';
        ++i;
      } else {
        split += line[i];
      }
    }
    line = std::move(split);
    std::istringstream cmds(line);
    std::string cmd;
    while (!done && std::getline(cmds, cmd, ';')) {
      std::istringstream words(cmd);
      std::vector<std::string> w;
      for (std::string x; words >> x;) w.push_back(x);
      if (w.empty()) continue;
      if (w[0] == "sleep") {
        saw_command = true;
        for (size_t i = 1; i < w.size(); ++i) {  // GNU sleep sums its operands
          double d = duration_seconds(w[i]);
          if (d > 0) seconds += d;
        }
      } else if (w[0] == "exit") {
        saw_command = true;
        b.exit_code = w.size() > 1 ? (std::atoi(w[1].c_str()) & 0xff) : 0;
        done = true;
      }
    }
  }
  b.run_seconds = saw_command ? static_cast<int64_t>(std::ceil(seconds)) : default_run_seconds;
  return b;
}

}  // namespace scheduler_sim
