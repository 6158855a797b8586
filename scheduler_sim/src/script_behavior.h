// What a simulated batch script does: how long it runs and how it exits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scheduler_sim/simulator.h"

namespace scheduler_sim {

// The longest run time a script can ask for: a century, "forever" for any test, and far from
// overflowing simulated time (`sleep 1e42` or `sleep infinity`-like sums end up here).
inline constexpr int64_t kMaxScriptRunSeconds = 100LL * 365 * 86400;

struct ScriptBehavior {
  int64_t run_seconds = 0;
  int exit_code = 0;
};

// Reads `sleep N[smhd]` (fractions allowed) and `exit N` commands from a script; with neither,
// the job runs `default_run_seconds` and exits 0. Commands after `exit` never run.
ScriptBehavior script_behavior(const std::string& script, int64_t default_run_seconds);

// `#MOCK key=value ...` lines (at the start of a line, anywhere in the script): `runtime=`
// takes a sleep operand (90, 1.5m, 2h), `exit=` 0..255. Later lines override earlier ones;
// malformed values and unknown keys are ignored.
struct ScriptDirectives {
  std::optional<int64_t> run_seconds;
  std::optional<int> exit_code;
};
ScriptDirectives script_directives(const std::string& script);

// The first rule whose given fields all equal the job's; nullptr when none matches.
const BehaviorRule* match_rule(const std::vector<BehaviorRule>& rules, const std::string& name,
                               const std::string& partition, const std::string& user);

// What a submitted job does: the script's own behaviour, overridden field by field by the
// first matching rule, and those by the script's #MOCK directives.
ScriptBehavior job_behavior(const std::string& script, const std::string& name,
                            const std::string& partition, const std::string& user,
                            const std::vector<BehaviorRule>& rules, int64_t default_run_seconds);

}  // namespace scheduler_sim
