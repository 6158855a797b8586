// The default scheduling policy: priority order, first fit, backfill past blocked jobs, with
// bookkeeping that skips work whose outcome is already known (outcomes are exactly a full
// pass's).
#include "scheduling_pass.h"

#include <algorithm>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "job_state_machine.h"

namespace scheduler_sim {
namespace {

// s == v for short texts (reasons), inline: a pass compares one per pending job, and the libc
// call costs more than the compare.
bool same_text(const std::string& s, std::string_view v) {
  if (s.size() != v.size()) return false;
  for (size_t i = 0; i < v.size(); ++i)
    if (s[i] != v[i]) return false;
  return true;
}

// Node choice where reservations exist (oracle: Slurm 26.05.5, tests/data/oracle/26.05/asked/
// resv_sched/): a job naming a reservation runs on its nodes during its time, else pends with
// "Reservation"; any other job keeps off the nodes of reservations that are active or start
// before it would end, and pends with "ReqNodeNotAvail" when only they would hold it. Fills
// `alloc` (empty: no fit) and returns the reason a job waits for a reservation, if it does.
std::optional<std::string_view> reserved_allocation(SimState& s, Job& job, const Shape& shape,
                                                    const Partition& p,
                                                    std::vector<NodeAllocation>* alloc) {
  using namespace std::string_view_literals;
  const ReservationFence fence = s.reservation_fence(job, p);
  if (fence.waiting) return "Reservation"sv;
  Shape fenced = shape;
  if (fence.only) {
    for (int i : p.node_indices)
      if (!std::binary_search(fence.only->begin(), fence.only->end(), i))
        fenced.excluded.push_back(i);
  } else {
    fenced.excluded.insert(fenced.excluded.end(), fence.fenced.begin(), fence.fenced.end());
  }
  std::sort(fenced.excluded.begin(), fenced.excluded.end());
  fenced.excluded.erase(std::unique(fenced.excluded.begin(), fenced.excluded.end()),
                        fenced.excluded.end());
  *alloc = s.try_allocate(job, fenced, p);
  if (!alloc->empty() || fence.fenced.empty() || s.try_allocate(job, shape, p).empty())
    return std::nullopt;
  job.state_description = fence.maint ? "ReqNodeNotAvail, Reserved for maintenance"
                                      : "ReqNodeNotAvail, May be reserved for other job";
  return "ReqNodeNotAvail"sv;
}

class PriorityFirstFit final : public SchedulingPolicy {
 public:
  using PendingEntry = PendingQueue::PendingEntry;

  // The job submitted since the last pass, when the pass may evaluate it alone (see PassMemo).
  Job* lone_submission(SimState& s, uint32_t submitted) {
    const PassMemo& m = pass_memo;
    // The submit's own log line is the one visible change allowed since the last pass.
    if (!submitted || !m.valid || m.now != s.now || s.generation != m.generation + 1)
      return nullptr;
    Job* j = s.job_at(submitted);
    if (!j || j->state != JobState::kPending) return nullptr;
    if (m.any_pending &&
        !(std::tie(j->priority, m.last_job_id) < std::tie(m.last_priority, j->job_id)))
      return nullptr;
    return j;
  }

  // One scheduler pass: priority order (ties by job id), first fit, lower jobs may backfill.
  // `submitted`: the job a submit just added (0 from everywhere else).
  void pass(SimState& s, uint32_t submitted) override {
    using namespace std::string_view_literals;  // reasons as sized views: no strlen per job
    ++s.stats.schedule_cycles;
    s.singleton_valid = false;
    // The queue the pass walks: the lone submission, or the whole pending index, in place. A
    // job that starts or ends meanwhile only has its entry marked; one that joins the queue
    // meanwhile (requeued) is added after the pass (see index), so entries stay put.
    std::vector<char> blocked_partitions;
    PendingEntry lone;
    std::span<PendingEntry> pending;
    const bool incremental = lone_submission(s, submitted) != nullptr;
    if (incremental) {
      lone = s.entry_for(lone_submission(s, submitted));
      pending = std::span<PendingEntry>(&lone, 1);
      blocked_partitions = std::move(pass_memo.blocked_partitions);
    } else {
      clear_unfit();
      ++s.full_passes;
      s.last_full_pass = s.now;
      s.pending_index.erase(std::remove_if(s.pending_index.begin(), s.pending_index.end(),
                                           [](const PendingEntry& e) { return !e.job; }),
                            s.pending_index.end());
      pending = s.pending_index;
    }
    // Partitions of different PriorityTier: the higher tier's jobs go first, each tier in the
    // queue's order (asked: of two jobs waiting on a node both partitions share, the later
    // one of the higher tier starts when it frees). Walked in a reordered copy; the memo is
    // not kept (next passes are full ones).
    std::vector<PendingEntry> by_tier;
    bool reordered = false;
    if (!incremental && s.partitions.size() > 1) {
      for (const Partition& p : s.partitions)
        reordered = reordered || p.config.priority_tier != s.partitions[0].config.priority_tier;
      if (reordered) {
        auto tier = [&s](const PendingEntry& e) {
          const Partition* p = s.partition_of(e);
          return p ? p->config.priority_tier : 0;
        };
        by_tier.assign(pending.begin(), pending.end());
        std::stable_sort(
            by_tier.begin(), by_tier.end(),
            [&](const PendingEntry& a, const PendingEntry& b) { return tier(a) > tier(b); });
        pending = by_tier;
      }
    }
    s.in_pass = true;
    blocked_partitions.resize(s.partitions.size(), 0);
    // Partition states cannot change during a pass: classified once, not per job.
    enum PartitionGate : char { kUp, kDown, kInactive };
    std::vector<char> gate(s.partitions.size(), kUp);
    for (size_t i = 0; i < s.partitions.size(); ++i) {
      const std::string& st = s.partitions[i].config.state;
      if (st == "DOWN" || st == "DRAIN") gate[i] = kDown;
      else if (st == "INACTIVE") gate[i] = kInactive;
    }
    bool started_or_finished = false;
    std::vector<NodeAllocation> alloc;
    for (size_t k = 0; k < pending.size(); ++k) {
      // The pass is bound by memory latency on big queues: fetch a few jobs ahead.
      if (k + 16 < pending.size() && !pending[k + 16].settled)
        __builtin_prefetch(pending[k + 16].job);  // its first line
      const PendingEntry& entry = pending[k];
      const Partition* p = s.partition_of(entry);
      // A settled job (see PendingEntry) behind a blocked partition whose shape cannot fit
      // keeps its reason, "Priority"; its evaluation stamp is written lazily (settle_stamp).
      if (entry.settled && p && s.deps.empty() && gate[entry.partition] == kUp &&
          blocked_partitions[entry.partition] &&
          is_unfit(s, p, s.slots[static_cast<uint32_t>(entry.key)].shape))
        continue;
      Job* job = entry.job;
      bool settles = false;  // this evaluation leaves the job settled
      // A visible change bumps the generation; each path below sets the reason at most once.
      bool reason_changed = false;
      auto set_reason = [&](std::string_view r) {
        if (same_text(job->state_reason, r)) return;
        if (job->state_reason == "ReqNodeNotAvail"sv) job->state_description.clear();
        job->state_reason.assign(r);
        reason_changed = true;
      };
      // A held job is not evaluated: the oracle's held jobs keep their submit time here while
      // later jobs are scheduled around them.
      if (!job->held) job->last_sched_evaluation = s.now;
      if (job->held) {
        // reason set when held
      } else if (job->completing) {
        // requeued, its epilog still running: the reason it was given stays (oracle: None)
      } else if (!p) {
        set_reason("PartitionDown"sv);
      } else if (gate[p - s.partitions.data()] == kDown) {
        set_reason("PartitionDown"sv);
      } else if (gate[p - s.partitions.data()] == kInactive) {
        set_reason("PartitionInactive"sv);
      } else if (job->state_reason == "PartitionNodeLimit"sv ||
                 job->state_reason == "PartitionTimeLimit"sv ||
                 job->state_reason == "PartitionConfig"sv ||
                 job->state_reason == "MaxMemPerLimit"sv) {
        // stays until an update fixes the request
      } else if (job->bad_constraints) {
        // No node can ever hold it. The oracle shows it eligible, accruing and expected to
        // start from the pass that first saw it released.
        set_reason("BadConstraints"sv);
        if (job->eligible_time == 0)
          job->eligible_time = job->accrue_time = job->start_time = s.now;
      } else if (job->begin_time > s.now) {
        set_reason("BeginTime"sv);
      } else if (int d = s.deps.empty() ? 1 : s.dependency_state(*job); d <= 0) {
        if (d < 0 && job->spec.kill_on_invalid_dependency.value_or(false)) {
          job->state_reason = "DependencyNeverSatisfied";
          started_or_finished = true;
          s.finish(job, JobState::kCancelled, "", 0);
          continue;
        }
        set_reason(d < 0 ? "DependencyNeverSatisfied"sv : "Dependency"sv);
      } else {
        // A job that becomes eligible after its submission (released, dependency met) shows
        // accrue_time 0 (oracle: a released job, even once it ran).
        if (job->eligible_time == 0) job->eligible_time = s.now;
        // A node it requires is down, drained or failed: it waits for that node (measured on
        // 24.11: reason ReqNodeNotAvail and this description, also after other passes).
        const uint32_t own_sid = s.shape_id(static_cast<uint32_t>(entry.key));
        if (s.required_node_unavailable(s.shape_table[own_sid])) {
          set_reason("ReqNodeNotAvail"sv);
          if (job->state_description != kReqNodeNotAvailDescription) {
            job->state_description = kReqNodeNotAvailDescription;
            reason_changed = true;
          }
          if (reason_changed) ++s.generation;
          continue;
        }
        if (job->state_description == kReqNodeNotAvailDescription) {
          job->state_description.clear();
          reason_changed = true;
        }
        // A job array's pending record starts as many tasks as fit (and its throttle allows).
        bool started_self = false;
        while (true) {
          if (s.array_throttled(*job)) {
            set_reason("JobArrayTaskLimit"sv);
            break;
          }
          const uint32_t sid =
              s.shape_id(static_cast<uint32_t>(entry.key));  // the id, see pending_key
          alloc.clear();
          // Where a node has an owner (or the job wants one), whether a shape fits depends on
          // whose job it is: no memo then.
          const bool by_shape =
              s.owned_nodes == 0 && !s.shape_table[sid].user_exclusive && s.reservations.empty();
          if (!s.reservations.empty()) {
            if (const auto verdict = reserved_allocation(s, *job, s.shape_table[sid], *p, &alloc)) {
              set_reason(*verdict);
              break;  // waiting on a reservation does not block the partition (oracle)
            }
          } else if (!by_shape || !is_unfit(s, p, sid)) {
            alloc = s.try_allocate(*job, s.shape_table[sid], *p);
            if (alloc.empty() && by_shape) mark_unfit(s, p, sid);
          }
          if (alloc.empty()) {
            char& blocked = blocked_partitions[p - s.partitions.data()];
            set_reason(blocked ? "Priority"sv : "Resources"sv);
            settles = blocked && job->array_max_tasks == 0;
            blocked = 1;
            break;
          }
          if (job->state_description.starts_with("ReqNodeNotAvail"sv))
            job->state_description.clear();
          Job* runner = s.take_array_task(job);
          started_or_finished = true;
          clear_unfit();
          s.start_job(runner, std::move(alloc));
          if (runner == job) {
            started_self = true;
            break;
          }
          ++s.generation;
        }
        if (started_self) continue;
      }
      if (reason_changed) ++s.generation;
      if (!incremental && !reordered) pending[k].settled = settles;
    }
    s.in_pass = false;
    PassMemo m;
    m.valid = !started_or_finished && !reordered;
    m.now = s.now;
    m.generation = s.generation;
    m.any_pending = !pending.empty() || (incremental && pass_memo.any_pending);
    if (!pending.empty()) {  // the key holds them (pending_key); the job may have started
      m.last_priority = ~static_cast<uint32_t>(pending.back().key >> 32);
      m.last_job_id = static_cast<uint32_t>(pending.back().key);
    } else if (incremental) {
      m.last_priority = pass_memo.last_priority;
      m.last_job_id = pass_memo.last_job_id;
    }
    m.het = s.het_component_id != 0 || (incremental && pass_memo.het);
    m.blocked_partitions = std::move(blocked_partitions);
    pass_memo = std::move(m);
    // Last: indexing may move pending_index, which `pending` views.
    for (Job* j : std::exchange(s.joined_in_pass, {})) s.index(j);
  }

  // The pass after cancelling one pending job, when the last pass ran at this same time,
  // started and finished nothing, and nothing but the cancel changed since (the memo), and no
  // job has a dependency. Then the full pass would repeat the last one except where the
  // cancelled job stood: it held no resources and nothing can depend on it, so nothing starts;
  // every other job keeps its reason and evaluation time, except that when it was its
  // partition's first blocked job ("Resources") the next blocked one there ("Priority") takes
  // that reason. Done here without walking the queue; false when the conditions do not hold.
  bool pass_after_pending_cancel(SimState& s, const Job& gone) override {
    using namespace std::string_view_literals;
    const PassMemo& m = pass_memo;
    if (!m.valid || m.het || m.now != s.now || s.generation != m.generation + 1 ||
        !s.deps.empty() || gone.state != JobState::kCancelled ||
        m.blocked_partitions.size() != s.partitions.size())
      return false;
    const Partition* p = s.partition(gone.partition);
    if (gone.state_reason == "Resources"sv) {
      if (!p) return false;
      bool moved = false;
      for (auto it = s.find_pending(s.pending_key(gone)); it != s.pending_index.end(); ++it) {
        if (!it->job || s.partition_of(*it) != p || it->job->state_reason != "Priority"sv) continue;
        it->job->state_reason = "Resources";
        it->settled = 0;
        ++s.generation;
        moved = true;
        break;
      }
      if (!moved) pass_memo.blocked_partitions[p - s.partitions.data()] = 0;
    }
    ++s.stats.schedule_cycles;
    pass_memo.generation = s.generation;
    return true;
  }

 private:
  // try_allocate() depends only on (shape, partition, node state), and node state changes in a
  // pass only when a job starts; so a shape that did not fit stays unfittable until then.
  // try_allocate() depends only on (shape, partition, node state), and node state changes in a
  // pass only when a job starts; so a shape that did not fit stays unfittable until then.
  // unfit_mark[shape id * partitions + partition] == unfit_epoch marks (shape, partition) as
  // unfittable; bumping the epoch forgets them all at once.
  std::vector<uint32_t> unfit_mark;
  uint32_t unfit_epoch = 1;
  size_t fit_slot(const SimState& s, const Partition* p, uint32_t sid) const {
    return static_cast<size_t>(sid) * s.partitions.size() +
           static_cast<size_t>(p - s.partitions.data());
  }
  bool is_unfit(const SimState& s, const Partition* p, uint32_t sid) const {
    size_t k = fit_slot(s, p, sid);
    return k < unfit_mark.size() && unfit_mark[k] == unfit_epoch;
  }
  void mark_unfit(const SimState& s, const Partition* p, uint32_t sid) {
    size_t k = fit_slot(s, p, sid);
    if (unfit_mark.size() <= k) unfit_mark.resize(k + 1, 0);
    unfit_mark[k] = unfit_epoch;
  }
  void clear_unfit() {
    if (++unfit_epoch == 0) {  // wrapped: old marks could match again
      std::fill(unfit_mark.begin(), unfit_mark.end(), 0);
      unfit_epoch = 1;
    }
  }

  // What the last pass left behind. A pass that started or finished nothing is idempotent: run
  // again at the same time with no other change, it does the same. So when the only change
  // since is one submitted job that ranks after every job that pass saw, the next pass need
  // only evaluate that job (the 100,000-job benchmark's submits would otherwise be quadratic).
  struct PassMemo {
    bool valid = false;
    SimTime now = 0;
    uint64_t generation = 0;
    bool any_pending = false;
    uint32_t last_priority = 0, last_job_id = 0;  // the last job in the pass's order
    // This pass, or one it carried on from, placed a het component (some nodes were off
    // limits): a full pass need not repeat its outcomes.
    bool het = false;
    std::vector<char> blocked_partitions;  // by partition index
  };
  PassMemo pass_memo;
};

}  // namespace

std::unique_ptr<SchedulingPolicy> make_priority_first_fit() {
  return std::make_unique<PriorityFirstFit>();
}

void SimState::schedule(uint32_t submitted) { policy->pass(*this, submitted); }

bool SimState::pass_after_pending_cancel(const Job& gone) {
  return policy->pass_after_pending_cancel(*this, gone);
}

}  // namespace scheduler_sim
