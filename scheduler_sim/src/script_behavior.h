// What a simulated batch script does: how long it runs and how it exits.
#pragma once

#include <cstdint>
#include <string>

namespace scheduler_sim {

struct ScriptBehavior {
  int64_t run_seconds = 0;
  int exit_code = 0;
};

// Reads `sleep N[smhd]` (fractions allowed) and `exit N` commands from a script; with neither,
// the job runs `default_run_seconds` and exits 0. Commands after `exit` never run.
ScriptBehavior script_behavior(const std::string& script, int64_t default_run_seconds);

}  // namespace scheduler_sim
