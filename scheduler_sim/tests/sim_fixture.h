// What the simulator's tests share: a start time, a job user, a script-only JobSpec, and a
// fixture with a simulator on the default cluster and a submit that must succeed.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "scheduler_sim/simulator.h"

namespace scheduler_sim::testing_support {

inline constexpr SimTime kT0 = 1700000000;
inline const Identity kUser{"ec2-user", 1000, 1000};

inline JobSpec script(const std::string& body) {
  JobSpec s;
  s.script = "#!/bin/bash\n" + body + "\n";
  return s;
}

class SimFixture : public ::testing::Test {
 protected:
  Simulator sim_{default_cluster(), {.start_time = kT0}};

  uint32_t submit(const JobSpec& spec, const Identity& who = kUser) {
    SubmitResult r;
    Status s = sim_.submit(spec, who, &r);
    EXPECT_TRUE(s.ok()) << s.message();
    return r.job_id;
  }
};

}  // namespace scheduler_sim::testing_support
