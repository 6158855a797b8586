// The `--rules FILE` format: per-job run time and exit code overrides for simulated jobs.
#pragma once

#include <string>
#include <vector>

#include "scheduler_sim/simulator.h"

namespace mock_slurmrestd {

// Parses a rules document: a JSON list of
//   {"match": {"name": "...", "partition": "...", "user": "..."}, "runtime": 90, "exit": 3}
// (every match field optional; runtime in seconds >= 0 or a sleep operand such as "2m";
// exit 0..255). Throws std::runtime_error naming the offending entry.
std::vector<scheduler_sim::BehaviorRule> parse_behavior_rules(const std::string& text);
std::vector<scheduler_sim::BehaviorRule> load_behavior_rules(const std::string& path);

}  // namespace mock_slurmrestd
