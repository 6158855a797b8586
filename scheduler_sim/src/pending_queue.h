// The pending queue: every pending job in scheduling order (priority high to low, then job id),
// kept exact on every change of a job's state or priority, so a pass need not collect and sort
// the whole job table; and the evaluation stamps full passes write lazily.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "scheduler_sim/job.h"

namespace scheduler_sim {

struct PendingQueue {
  static uint64_t pending_key(const Job& j) {
    return (static_cast<uint64_t>(~j.priority) << 32) | j.job_id;
  }
  // A sorted vector, walked in order by every pass: new submissions (the next, lower priority,
  // higher id) append at its end; a job that leaves is only marked (job = nullptr) and the
  // next full pass compacts the vector before it walks it, in place.
  struct PendingEntry {
    uint64_t key;
    Job* job;            // nullptr: left the queue
    uint32_t partition;  // the job's, looked up once: an index into partitions, or kNoPartition
    // How many full passes had started when the job joined the queue: every later full pass
    // evaluated it (see settle_stamp).
    uint32_t queued_after : 31;
    // The job's last evaluation, in a full pass, left it waiting behind its partition's first
    // blocked job ("Priority") with nothing else holding it (not held, no begin time ahead, no
    // array throttle). Until the job changes (any change re-queues it: a new entry), a pass that
    // finds its partition blocked and its shape unfittable would only repeat that; it skips
    // the job without reading it.
    uint32_t settled : 1;
  };
  static constexpr uint32_t kNoPartition = ~0u;

  std::vector<PendingEntry> pending_index;
  bool in_pass = false;              // a pass is walking pending_index
  std::vector<Job*> joined_in_pass;  // queued meanwhile: indexed when the pass ends
  // A full pass evaluates every queued job and stamps its last_sched_evaluation; it writes the
  // stamps of the jobs it skips lazily: the latest full pass's time applies to every job queued
  // before it started. settle_stamp writes it into the job; done before anything reads the
  // stamp (find_job, jobs) and when the job leaves the queue (unindex).
  uint32_t full_passes = 0;  // full passes started
  SimTime last_full_pass = 0;
  uint32_t stamps_settled_at = 0;  // full_passes when every queued job's stamp was last written

  PendingEntry make_entry(Job* j, uint32_t partition) const {
    return PendingEntry{pending_key(*j), j, partition, full_passes & 0x7fffffffu, 0};
  }
  void settle_stamp(const PendingEntry& e) const {
    // A full pass started since the job was queued (counted modulo 2^31, as stored).
    if (e.job && !e.job->held && ((full_passes - e.queued_after) & 0x7fffffffu) != 0)
      e.job->last_sched_evaluation = std::max(e.job->last_sched_evaluation, last_full_pass);
  }
  void settle_stamp(const Job& j) {
    auto it = find_pending(pending_key(j));
    if (it != pending_index.end() && it->job == &j) settle_stamp(*it);
  }
  void settle_all_stamps() {
    if (stamps_settled_at == full_passes) return;
    for (const PendingEntry& e : pending_index) settle_stamp(e);
    stamps_settled_at = full_passes;
  }
  std::vector<PendingEntry>::iterator find_pending(uint64_t key) {
    if (!pending_index.empty() && pending_index.back().key < key) return pending_index.end();
    return std::lower_bound(pending_index.begin(), pending_index.end(), key,
                            [](const PendingEntry& e, uint64_t k) { return e.key < k; });
  }
  void insert_entry(const PendingEntry& e) {
    auto it = find_pending(e.key);
    if (it != pending_index.end() && it->key == e.key) *it = e;
    else pending_index.insert(it, e);
  }
  void unindex(const Job& j) {
    const uint64_t key = pending_key(j);
    auto it = find_pending(key);
    if (it == pending_index.end() || it->key != key) return;
    settle_stamp(*it);
    it->job = nullptr;
  }
};

}  // namespace scheduler_sim
