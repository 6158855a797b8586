// Dependency verdicts: after/afterany/afterok/afternotok/aftercorr clauses and singletons.
#include "dependencies.h"

#include <algorithm>

namespace scheduler_sim {

bool Dependencies::singleton_blocked(const Job& job, const JobMap& jobs) {
  if (!singleton_valid) {
    singleton_min.clear();
    for (const auto& [id, other] : jobs)
      if (!is_finished(other->state)) singleton_min.try_emplace({other->user.uid, other->name}, id);
    singleton_valid = true;
  }
  auto it = singleton_min.find({job.user.uid, job.name});
  return it != singleton_min.end() && it->second < job.job_id;
}

int Dependencies::dependency_verdict(Job& job, const JobMap& jobs) {
  auto it = deps.find(job.job_id);
  if (it == deps.end()) {
    job.dependency_left.clear();
    return 1;
  }
  int verdict = 1;
  std::vector<DependencyLeft> left;
  for (const DepClause& c : it->second) {
    if (c.type == "singleton") {
      if (singleton_blocked(job, jobs)) {
        verdict = std::min(verdict, 0);
        left.push_back({c.type, 0, false});
      }
      continue;
    }
    for (uint32_t dep_id : c.job_ids) {
      auto jt = jobs.find(dep_id);
      if (jt == jobs.end()) continue;  // purged long ago: treated as done
      // A job array's id stands for every task of the array.
      std::vector<const Job*> members = {jt->second.get()};
      if (jt->second->array_job_id == dep_id)
        for (const auto& [oid, other] : jobs)
          if (oid != dep_id && other->array_job_id == dep_id) members.push_back(other.get());
      int this_one = 1;  // this job id's verdict for this clause
      for (const Job* member : members) {
        const Job& d = *member;
        bool done = is_finished(d.state);
        bool ok = d.state == JobState::kCompleted;
        if (c.type == "after") {
          if (d.state == JobState::kPending) this_one = std::min(this_one, 0);
        } else if (c.type == "afterany" || c.type == "aftercorr") {
          if (!done) this_one = std::min(this_one, 0);
        } else if (c.type == "afterok") {
          if (!done) this_one = std::min(this_one, 0);
          else if (!ok) this_one = -1;
        } else if (c.type == "afternotok") {
          if (!done) this_one = std::min(this_one, 0);
          else if (ok) this_one = -1;
        }
      }
      verdict = std::min(verdict, this_one);
      if (this_one <= 0) left.push_back({c.type, dep_id, this_one < 0});
    }
  }
  job.dependency_left = std::move(left);
  return verdict;
}

std::vector<DependencyLeft> Dependencies::untested(const std::vector<DepClause>& clauses) {
  std::vector<DependencyLeft> out;
  for (const DepClause& c : clauses) {
    if (c.type == "singleton") out.push_back({c.type, 0, false});
    for (uint32_t id : c.job_ids) out.push_back({c.type, id, false});
  }
  return out;
}

void Dependencies::drop_unknown_jobs(std::vector<DepClause>* clauses, const JobMap& jobs) {
  for (DepClause& c : *clauses)
    std::erase_if(c.job_ids, [&](uint32_t id) { return !jobs.count(id); });
  std::erase_if(*clauses,
                [](const DepClause& c) { return c.type != "singleton" && c.job_ids.empty(); });
}

}  // namespace scheduler_sim
