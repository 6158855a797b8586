// Dependency verdicts: after (with its +M delay), afterany, afterok, afternotok, aftercorr and
// afterburstbuffer clauses and singletons, all of them or either one.
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

int Dependencies::dependency_verdict(Job& job, const JobMap& jobs, SimTime now, SimTime* wake) {
  auto it = deps.find(job.job_id);
  if (it == deps.end()) {
    job.dependency_left.clear();
    return 1;
  }
  // All must hold: the lowest verdict, met ones leave the list. Either one: the highest, and
  // one met clears the list (measured: "afterok:F(failed)?afterok:B(unfulfilled)" waits with
  // reason Dependency, DependencyNeverSatisfied once every one failed).
  const bool either = job.dependency_either;
  int verdict = either ? -1 : 1;
  auto fold = [&](int v) { verdict = either ? std::max(verdict, v) : std::min(verdict, v); };
  std::vector<DependencyLeft> left;
  for (const DepClause& c : it->second) {
    if (c.type == "singleton") {
      const bool blocked = singleton_blocked(job, jobs);
      fold(blocked ? 0 : 1);
      if (blocked) left.push_back({c.type, 0, false, 0});
      continue;
    }
    for (uint32_t dep_id : c.job_ids) {
      auto mt = c.minutes.find(dep_id);
      const uint32_t minutes = mt == c.minutes.end() ? 0 : mt->second;
      auto jt = jobs.find(dep_id);
      if (jt == jobs.end()) {  // purged long ago: treated as done
        fold(1);
        continue;
      }
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
          // "+M": M minutes after it started (measured: 60-62 s after a 1-minute delay).
          if (d.state == JobState::kPending) {
            this_one = std::min(this_one, 0);
          } else if (minutes && d.start_time + 60 * static_cast<SimTime>(minutes) > now) {
            this_one = std::min(this_one, 0);
            const SimTime due = d.start_time + 60 * static_cast<SimTime>(minutes);
            if (*wake == 0 || due < *wake) *wake = due;
          }
        } else if (c.type == "afterany" || c.type == "aftercorr" || c.type == "afterburstbuffer") {
          // Without burst buffers a job's stage-out is over when it ends (measured: met when
          // the job completed, and when it failed).
          if (!done) this_one = std::min(this_one, 0);
        } else if (c.type == "afterok") {
          if (!done) this_one = std::min(this_one, 0);
          else if (!ok) this_one = -1;
        } else if (c.type == "afternotok") {
          if (!done) this_one = std::min(this_one, 0);
          else if (ok) this_one = -1;
        }
      }
      fold(this_one);
      if (this_one <= 0) left.push_back({c.type, dep_id, this_one < 0, minutes});
    }
  }
  if (either && verdict == 1) left.clear();
  job.dependency_left = std::move(left);
  return verdict;
}

std::vector<DependencyLeft> Dependencies::untested(const std::vector<DepClause>& clauses) {
  std::vector<DependencyLeft> out;
  for (const DepClause& c : clauses) {
    if (c.type == "singleton") out.push_back({c.type, 0, false, 0});
    for (uint32_t id : c.job_ids) {
      auto mt = c.minutes.find(id);
      out.push_back({c.type, id, false, mt == c.minutes.end() ? 0 : mt->second});
    }
  }
  return out;
}

void Dependencies::drop_unknown_jobs(std::vector<DepClause>* clauses, const JobMap& jobs,
                                     bool either) {
  if (either)
    for (const DepClause& c : *clauses)
      for (uint32_t id : c.job_ids)
        if (!jobs.count(id)) {
          clauses->clear();
          return;
        }
  for (DepClause& c : *clauses)
    std::erase_if(c.job_ids, [&](uint32_t id) { return !jobs.count(id); });
  std::erase_if(*clauses,
                [](const DepClause& c) { return c.type != "singleton" && c.job_ids.empty(); });
}

}  // namespace scheduler_sim
