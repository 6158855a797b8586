// The simulated controller's whole state, one concept per base (cluster, jobs, shapes,
// dependencies, pending queue, events), and the operations that cross them: job lifecycle
// (job_lifecycle.cc), power saving (power_saving.cc), event handling (event_handlers.cc). The
// scheduling pass is a SchedulingPolicy (scheduling_pass.h). Simulator::Impl is this state.
#pragma once

#include <charconv>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "cluster_state.h"
#include "dependencies.h"
#include "event_queue.h"
#include "job_shape.h"
#include "job_table.h"
#include "node_selection.h"
#include "pending_queue.h"
#include "scheduler_sim/simulator.h"

namespace scheduler_sim {

inline constexpr int64_t kNoLimitRunSeconds =
    365 * 86400;  // end_time the oracle shows without a limit
inline constexpr int kSigTerm = 15;
inline constexpr int kSigKill = 9;
// slurmd's ESLURMD_IO_ERROR: a batch step whose output it cannot set up.
inline constexpr int kLaunchIoError = 4021;
// A runner job's nominal run time: beyond any time limit, so only the limit is scheduled.
inline constexpr int64_t kRunnerRunSeconds = 100LL * 365 * 86400;
// The state_description of a job waiting for a required node that is down, drained or failed
// (measured on 24.11).
inline constexpr const char* kReqNodeNotAvailDescription =
    "ReqNodeNotAvail, May be reserved for other job";

class SchedulingPolicy;

// What reservations make of a job's node choice now (SimState::reservation_fence).
struct ReservationFence {
  // A job naming a reservation: its nodes (null: it is gone), and whether it is not active.
  const std::vector<int>* only = nullptr;
  bool waiting = false;
  // Any other job: the nodes other reservations keep (sorted), and whether one of them is MAINT.
  std::vector<int> fenced;
  bool maint = false;
};

struct SimState : ClusterState, JobTable, ShapeTable, Dependencies, PendingQueue, EventQueue {
  // The controller as it starts at `now`: nodes as configured, no jobs.
  SimState(ClusterConfig config, SimOptions options, SimTime now);
  SimState(SimState&&) noexcept;
  SimState& operator=(SimState&&) noexcept;
  ~SimState();

  SimOptions options;
  SimTime now = 0;
  std::vector<uint64_t> node_epochs;  // per node: bumped on every power transition
  // Job arrays: meta job id -> indices still packed in its pending record.
  std::map<uint32_t, std::set<uint32_t>> arrays;
  SimStats stats;
  std::deque<SimEvent> log;
  uint64_t generation = 0;
  std::vector<Reservation> reservations;  // in creation order, as scontrol lists them
  const Reservation* find_reservation(const std::string& name) const;
  // What reservations make of the job's choice among partition p's nodes now.
  ReservationFence reservation_fence(const Job& job, const Partition& p) const;
  // Reservations past their end (or idle their purge time with PURGE_COMP) go; their running
  // jobs end with TIMEOUT first (reservation_end.cc).
  void end_reservations();
  // A job naming a PURGE_COMP reservation ended: it may be idle from now.
  void reservation_job_ended(const Job& job);
  // Real execution (--exec local): the runner and the running jobs it owns.
  JobRunner* runner = nullptr;
  std::set<uint32_t> runner_jobs;
  bool runner_reporting = false;  // finish() called from finish_job: no on_kill back
  // While submit_het() places a component: its job id and the nodes earlier components got.
  // Components of one heterogeneous job never share a node (oracle: two 1-CPU components on an
  // idle cluster land on two nodes).
  uint32_t het_component_id = 0;
  std::set<int> het_taken;
  std::unique_ptr<SchedulingPolicy> policy;
  // slurmdbd's view (nullptr without AccountingStorageType=accounting_storage/slurmdbd).
  std::unique_ptr<Accounting> accounting;
  // Tells slurmdbd about the job as it is now (a no-op without accounting).
  void account(const Job& job) {
    if (accounting) accounting->record(job);
  }

  // --- the event log ---
  // Appends a line, given as its pieces (text and numbers), to the event log. Once the log is
  // at its limit the oldest line's buffer takes the new line: a long run logs millions.
  template <typename... Parts>
  void note(const Parts&... parts) {
    std::string line;
    if (options.event_log_limit && log.size() >= options.event_log_limit) {
      line = std::move(log.front().what);
      log.pop_front();
      line.clear();
    }
    (append_part(&line, parts), ...);
    log.push_back({now, std::move(line)});
    ++generation;
  }
  static void append_part(std::string* line, std::string_view text) { line->append(text); }
  template <typename T>
  requires std::is_integral_v<T>
  static void append_part(std::string* line, T number) {
    char digits[24];
    line->append(digits, std::to_chars(digits, digits + sizeof digits, number).ptr);
  }

  // --- events ---
  void push_event(SimTime t, EventKind k, uint32_t id) { file_event(t, Event{k, id, epoch(id)}); }
  void push_node_event(SimTime t, EventKind k, int node) {
    file_event(t, Event{k, static_cast<uint32_t>(node), node_epochs[node]});
  }
  // Processes every event at the earliest pending time, then runs a pass; false when there is
  // none (or it is after `limit`).
  bool process_next(std::optional<SimTime> limit);

  // --- shapes, node selection, dependencies: the job's view of them ---
  Status shape_of(const JobSpec& s, const Partition& p, Shape* out) const {
    return scheduler_sim::shape_of(*this, s, p, out, options.required_nodes_beyond_count,
                                   options.task_count_limits_nodes);
  }
  int64_t nodes_needed(const Shape& sh, const Partition& p) const {
    return scheduler_sim::nodes_needed(*this, sh, p);
  }
  void set_shape(uint32_t job_id, const Shape& sh) { slot(job_id).shape = intern(sh); }
  uint32_t shape_id(uint32_t job_id) const { return slots.at(job_id).shape; }
  const Shape& shape(uint32_t job_id) const { return shape_table[shape_id(job_id)]; }
  std::vector<NodeAllocation> try_allocate(const Job& job, const Shape& sh,
                                           const Partition& p) const {
    const std::vector<int> room = partition_cpu_room(p);
    return scheduler_sim::try_allocate(
        *this, sh, p, job.job_id == het_component_id ? &het_taken : nullptr, job.user, room);
  }
  // Per node, the CPUs p's MaxCPUsPerNode leaves its jobs there: the limit less what p's
  // running jobs hold (asked: a second 1-CPU job goes to the other node, a third waits).
  // Empty without the limit.
  std::vector<int> partition_cpu_room(const Partition& p) const;
  // The verdict of `job`'s dependencies now; an "after:A+M" not due yet files a wake-up for
  // its time (once), so the pass then finds it met.
  int dependency_state(Job& job) {
    SimTime wake = 0;
    const int verdict = dependency_verdict(job, jobs, now, &wake);
    if (wake != 0) {
      auto [it, added] = delay_wakes.try_emplace(job.job_id, wake);
      if (added || it->second != wake) {
        it->second = wake;
        push_event(wake, EventKind::kWake, job.job_id);
      }
    }
    return verdict;
  }
  // A job started: the jobs waiting "after:<it>+M" are due M minutes from now, whether or not
  // a pass looks at them before then (the pass that started it may have tested them first).
  void file_delay_wakes(uint32_t started) {
    for (const auto& [id, clauses] : deps)
      for (const DepClause& c : clauses) {
        auto m = c.type == "after" ? c.minutes.find(started) : c.minutes.end();
        if (m == c.minutes.end()) continue;
        const SimTime due = now + 60 * static_cast<SimTime>(m->second);
        delay_wakes.try_emplace(id, due);
        push_event(due, EventKind::kWake, id);
      }
  }
  bool all_known(const std::vector<DepClause>& clauses) const {
    for (const DepClause& c : clauses)
      for (uint32_t id : c.job_ids)
        if (!jobs.count(id)) return false;
    return true;
  }
  void drop_unknown_jobs(std::vector<DepClause>* clauses, bool either) const {
    Dependencies::drop_unknown_jobs(clauses, jobs, either);
  }

  // --- the pending queue ---
  const Partition* partition_of(const PendingEntry& e) const {
    return e.partition == kNoPartition ? nullptr : &partitions[e.partition];
  }
  PendingEntry entry_for(Job* j) const {
    const Partition* p = partition(j->partition);
    return make_entry(j, p ? static_cast<uint32_t>(partition_index(*p)) : kNoPartition);
  }
  // Queues a pending job (after a pass, when one is under way); others are ignored.
  void index(Job* j) {
    if (j->state != JobState::kPending) return;
    if (in_pass) {
      joined_in_pass.push_back(j);
      return;
    }
    insert_entry(entry_for(j));
  }

  // The partition list changed (partition_update.cc): indexes rebuilt; the partition at
  // `default_index` (if any) is the only default one.
  void partitions_changed(size_t default_index);

  // --- the scheduling pass (the policy's) ---
  // `submitted`: the job a submit just added (0 from everywhere else).
  void schedule(uint32_t submitted = 0);
  // The pass after cancelling one pending job, when the policy can have it without walking
  // the queue; false: call schedule().
  bool pass_after_pending_cancel(const Job& gone);

  // --- job lifecycle (job_lifecycle.cc) ---
  void start_job(Job* job, std::vector<NodeAllocation> alloc);
  void launch(Job* job);
  void requeue_credential_failure(Job* job);
  void requeue_launch_failure(Job* job);
  void requeue_node_failure(Job* job);
  void return_to_queue(Job* job);
  void release_resources(Job* job);
  void finish(Job* job, JobState to, const std::string& reason, int exit_status);
  void end_completing(Job* job);
  // scontrol requeue of one job (requeue.cc); settle_requeue when it has left its nodes.
  void requeue_job(Job* job, const RequeueOptions& how, const Identity& who);
  void settle_requeue(Job* job);
  bool array_throttled(const Job& meta) const;
  Job* take_array_task(Job* meta);
  // A node the shape requires is down, drained, failed or future: it cannot start.
  bool required_node_unavailable(const Shape& sh) const {
    for (int i : sh.required) {
      const Node& n = nodes[i];
      if (n.base == NodeBase::kDown || n.base == NodeBase::kFuture || n.drain || n.fail)
        return true;
    }
    return false;
  }

  // --- power saving (power_saving.cc) ---
  void arm_idle_check(int i);
  void begin_power_down(int i);
  void begin_power_up(int i);
  void node_booted(int i);
  void resume_timed_out(int i);
  void idle_check(int i);
  void powered_down(int i);

  // --- administrator's node updates (node_update.cc) ---
  void resume_after_due(int i);  // a DOWN node's resume_after has come: back to service
};

struct Simulator::Impl : SimState {
  using SimState::SimState;
};

}  // namespace scheduler_sim
