// The jobs the controller remembers, by id: the records, a dense per-id slot (record, request
// shape, run epoch), and the job ids and priority values issued so far.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "scheduler_sim/job.h"

namespace scheduler_sim {

// What a scheduler pass reads of a pending job sits in the Job's first cache line (job.h).
// (GCC computes offsetof for any class; the standard promises it for standard layout only.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
static_assert(alignof(Job) == 64 && offsetof(Job, state_reason) == 0 &&
              offsetof(Job, last_sched_evaluation) < 64 && offsetof(Job, begin_time) < 64 &&
              offsetof(Job, eligible_time) < 64 && offsetof(Job, held) < 64 &&
              offsetof(Job, bad_constraints) < 64 &&
              offsetof(Job, array_max_tasks) + sizeof(Job::array_max_tasks) <= 64);
#pragma GCC diagnostic pop

using JobMap = std::map<uint32_t, std::unique_ptr<Job>>;

inline constexpr uint32_t kTopPriority = 0xFFFF0000u;  // priority/basic counts down from here

struct JobTable {
  JobMap jobs;
  // Per job id (ids are dense, so a vector indexed by id): the job while the controller
  // remembers it (the `jobs` map keeps the id order), its interned request shape and its run
  // epoch (bumped when a run ends or is voided: that run's events go stale). 16 bytes per id
  // issued; a slot outlives its purged job harmlessly.
  struct JobSlot {
    Job* job = nullptr;
    uint32_t shape = 0, epoch = 0;
  };
  std::vector<JobSlot> slots;
  uint32_t next_job_id = 1;
  uint32_t prio_issued = 0;

  JobSlot& slot(uint32_t job_id) {
    if (slots.size() <= job_id) slots.resize(std::max<size_t>(job_id + 1, slots.size() * 2));
    return slots[job_id];
  }
  uint32_t& epoch(uint32_t job_id) { return slot(job_id).epoch; }
  Job* job_at(uint32_t job_id) const { return job_id < slots.size() ? slots[job_id].job : nullptr; }
  Job* add_job(std::unique_ptr<Job> job) {
    Job* j = job.get();
    slot(j->job_id).job = j;
    jobs[j->job_id] = std::move(job);
    return j;
  }
  void remove_job(uint32_t job_id) {
    slots[job_id].job = nullptr;
    jobs.erase(job_id);
  }

  uint32_t next_priority() { return kTopPriority - (++prio_issued); }
  // A new value for a job of this nice (priority/basic: nice N lowers it by N; the oracle:
  // nice 10 -> value - 10).
  uint32_t next_priority(const JobSpec& spec) {
    return static_cast<uint32_t>(static_cast<int64_t>(next_priority()) - spec.nice.value_or(0));
  }
};

}  // namespace scheduler_sim
