// GET /slurmdb/v0.0.45/conf: slurmdbd's configuration (slurmdbd_conf).
#pragma once

#include "envelope.h"
#include "scheduler_sim/slurm_conf.h"

namespace mock_slurmrestd::v0_0_40 {

// slurmdbd's configuration as 26.05's slurmdbd reports it (recorded:
// tests/data/oracle/26.05-acct/v0.0.45/043_conf.json), from what the cluster's slurm.conf says
// of its slurmdbd; the simulator has no slurmdbd.conf (docs/differences.md B10).
Json slurmdbd_conf(const scheduler_sim::ClusterConfig& config);

}  // namespace mock_slurmrestd::v0_0_40
