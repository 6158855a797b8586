// Job dependencies: each waiting job's clauses and their verdict against the jobs the
// controller remembers.
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

  // Dependency verdict: 1 satisfied, 0 waiting, -1 never satisfiable. Records in
  // job.dependency_left the dependencies not met yet, as slurmctld's test leaves them.
  int dependency_verdict(Job& job, const JobMap& jobs);

  // Every dependency of `clauses`, none tested yet (a new or updated job, a held one).
  static std::vector<DependencyLeft> untested(const std::vector<DepClause>& clauses);

  // Dependencies on jobs the controller does not know count as done, so they are dropped
  // (the oracle accepts "afterok:999999" and shows no dependency once it is tested); a clause
  // left without jobs goes too.
  static void drop_unknown_jobs(std::vector<DepClause>* clauses, const JobMap& jobs);

 private:
  // Another unfinished job of the same user and name with a lower id holds `job` back.
  bool singleton_blocked(const Job& job, const JobMap& jobs);
};

}  // namespace scheduler_sim
