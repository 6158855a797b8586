// Reads --rules files into scheduler_sim::BehaviorRule lists.
#include "exec/rules_file.h"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace mock_slurmrestd {
namespace {

[[noreturn]] void bad(size_t i, const std::string& what) {
  throw std::runtime_error("rules entry " + std::to_string(i) + ": " + what);
}

// Seconds from a number or a sleep-style operand ("90", "1.5m", "2h", "1d").
int64_t runtime_seconds(const nlohmann::json& v, size_t i) {
  double s = -1;
  if (v.is_number()) {
    s = v.get<double>();
  } else if (v.is_string()) {
    std::string t = v.get<std::string>();
    char* end = nullptr;
    s = std::strtod(t.c_str(), &end);
    std::string unit = end == t.c_str() ? "?" : std::string(end);
    if (unit == "m") s *= 60;
    else if (unit == "h") s *= 3600;
    else if (unit == "d") s *= 86400;
    else if (!unit.empty() && unit != "s") s = -1;
  }
  if (!(s >= 0) || !std::isfinite(s)) bad(i, "runtime must be seconds >= 0 or like \"2m\"");
  return static_cast<int64_t>(std::ceil(s));
}

}  // namespace

std::vector<scheduler_sim::BehaviorRule> parse_behavior_rules(const std::string& text) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("rules: not JSON: ") + e.what());
  }
  if (!doc.is_array()) throw std::runtime_error("rules: expected a JSON list of rules");
  std::vector<scheduler_sim::BehaviorRule> rules;
  for (size_t i = 0; i < doc.size(); ++i) {
    const nlohmann::json& e = doc[i];
    if (!e.is_object()) bad(i, "not an object");
    scheduler_sim::BehaviorRule r;
    for (const auto& [key, value] : e.items()) {
      if (key == "match") {
        if (!value.is_object()) bad(i, "match must be an object");
        for (const auto& [field, want] : value.items()) {
          if (!want.is_string()) bad(i, "match." + field + " must be a string");
          if (field == "name") r.name = want.get<std::string>();
          else if (field == "partition") r.partition = want.get<std::string>();
          else if (field == "user") r.user = want.get<std::string>();
          else bad(i, "unknown match field '" + field + "' (name, partition, user)");
        }
      } else if (key == "runtime") {
        r.run_seconds = runtime_seconds(value, i);
      } else if (key == "exit") {
        if (!value.is_number_integer() || value.get<int64_t>() < 0 || value.get<int64_t>() > 255)
          bad(i, "exit must be an integer 0..255");
        r.exit_code = value.get<int>();
      } else {
        bad(i, "unknown key '" + key + "' (match, runtime, exit)");
      }
    }
    rules.push_back(std::move(r));
  }
  return rules;
}

std::vector<scheduler_sim::BehaviorRule> load_behavior_rules(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot read rules file " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return parse_behavior_rules(ss.str());
}

}  // namespace mock_slurmrestd
