// Job dependencies: each waiting job's clauses (all of them, or either one) and their verdict
// against the jobs the controller remembers and the clock.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "job_table.h"
#include "slurm_syntax.h"

namespace scheduler_sim {

struct Dependencies {
  std::map<uint32_t, std::vector<DepClause>> deps;  // by job id; jobs without any are absent
  // Singleton dependencies: per (uid, job name), the lowest id of an unfinished job. Built by
  // one scan when a pass first needs it, dropped when a job finishes or is split off an
  // array (names and users change only outside a pass, and every pass starts without it).
  std::map<std::pair<uint32_t, std::string>, uint32_t> singleton_min;
  bool singleton_valid = false;

  // When each job waiting on an "after:A+M" whose time has not come was last filed to be
  // woken (a kWake event), so a pass files it once.
  std::map<uint32_t, SimTime> delay_wakes;

  // Dependency verdict: 1 satisfied, 0 waiting, -1 never satisfiable. Records in
  // job.dependency_left the dependencies not met yet, as slurmctld's test leaves them. An
  // "after:A+M" met at a later time sets *wake to the earliest such time (else left alone).
  int dependency_verdict(Job& job, const JobMap& jobs, SimTime now, SimTime* wake);

  // Every dependency of `clauses`, none tested yet (a new or updated job, a held one).
  static std::vector<DependencyLeft> untested(const std::vector<DepClause>& clauses);

  // Dependencies on jobs the controller does not know count as done, so they are dropped
  // (22.05 accepts "afterok:999999" and shows no dependency once it is tested); a clause
  // left without jobs goes too. In an either list one such job meets the whole list (22.05:
  // "afterok:A?afterok:999999" ran while A ran).
  static void drop_unknown_jobs(std::vector<DepClause>* clauses, const JobMap& jobs, bool either);

 private:
  // Another unfinished job of the same user and name with a lower id holds `job` back.
  bool singleton_blocked(const Job& job, const JobMap& jobs);
};

}  // namespace scheduler_sim
