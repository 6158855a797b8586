// Pieces the benchmarks share: the mixed job shapes they submit and a /proc memory reading.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>

#include "scheduler_sim/job.h"

namespace bench {

// One job of the benchmarks' mix: mostly 1-4 CPU jobs, some on the "big" partition, some
// whole-node multi-node ones, a few with a time limit shorter than their run; run times 1 min
// to 2 h. `pick(n)` is the caller's random source, returning 0..n-1.
template <typename Pick>
scheduler_sim::JobSpec mixed_job(Pick&& pick, const std::string& name) {
  scheduler_sim::JobSpec s;
  s.script = "#!/bin/bash\nsleep " + std::to_string(60 * (1 + pick(120))) + "\n";
  s.current_working_directory = "/tmp";
  s.name = name;
  int kind = pick(100);
  if (kind < 60) {
    s.tasks = 1 + pick(4);
  } else if (kind < 80) {
    s.partition = "big";
    s.tasks = 1 + pick(16);
  } else if (kind < 90) {
    s.nodes = std::to_string(1 + pick(4));
    s.exclusive = true;
  } else {
    s.cpus_per_task = 2;
    s.tasks = 2;
    s.time_limit = 5 + pick(60);
  }
  return s;
}

// A /proc/self/status field in kB ("VmRSS", "VmHWM").
inline long status_kb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
  return 0;
}

}  // namespace bench
