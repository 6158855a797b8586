// The simulated Slurm controller: cluster state, jobs, and a discrete event queue.
//
// Time never comes from the system clock: it moves only through run_until/advance/step.
// A real-time or scaled pacer lives outside the core and calls run_until(now).
//
//   Simulator sim(default_cluster(), {.start_time = 1700000000});
//   SubmitResult r;
//   Status s = sim.submit(spec, {"ec2-user", 1001, 1001}, &r);
//   sim.advance(120);                       // the job's `sleep 120` finishes
//   assert(sim.find_job(r.job_id)->state == JobState::kCompleted);
//
// Not thread-safe, const calls included (find_job and jobs write evaluation times a pass left
// to write lazily): the server serialises access with one mutex.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scheduler_sim/accounting.h"
#include "scheduler_sim/errors.h"
#include "scheduler_sim/job.h"
#include "scheduler_sim/node.h"
#include "scheduler_sim/reservation.h"
#include "scheduler_sim/slurm_conf.h"

namespace scheduler_sim {

// A --rules entry: jobs matching every given field (unset = any) get this run time and/or
// exit code instead of the script-derived ones. `#MOCK` directives in the script beat rules.
struct BehaviorRule {
  std::optional<std::string> name, partition, user;  // job name, resolved partition, user name
  std::optional<int64_t> run_seconds;
  std::optional<int> exit_code;  // 0..255, stored as exit_code << 8
};

// Runs batch scripts for real (mock_slurmrestd's `--exec local`). When set, a started job
// (whose script has a `#!` line) stays RUNNING until the runner reports its end through
// Simulator::finish_job; the simulator still ends it for time limits, cancels and node
// failures, and then calls on_kill. Callbacks run inside simulator calls (under the caller's
// lock): they must not call back into the simulator.
class JobRunner {
 public:
  virtual ~JobRunner() = default;
  virtual void on_start(const Job& job) = 0;
  // A signal other than the cancel (SIGKILL) for a running job; the job ends only when the
  // runner reports it.
  virtual void on_signal(uint32_t job_id, int signal) = 0;
  // The simulator has ended the job (cancel, time limit, node failure, reset): kill and reap
  // its processes, and do not report them.
  virtual void on_kill(uint32_t job_id) = 0;
};

inline constexpr size_t kDefaultEventLogLimit = 10000;

struct SimOptions {
  SimTime start_time = 0;  // initial simulated time (the caller picks: wall clock or fixed)
  uint64_t seed = 1;       // for any randomised behaviour; same seed -> same run
  // Run time of a script that says nothing (no sleep/exit): 0, as `true` on the oracle ends
  // before the first poll can see it RUNNING.
  int64_t default_run_seconds = 0;
  std::vector<BehaviorRule> rules;  // first match wins; applied at submit
  // How long a job that ran stays COMPLETING after it ends (its epilog): the real 22.05
  // daemon shows COMPLETING for 20-100 ms after a cancel (KillWait when the script ignores
  // SIGTERM); 1 is the shortest time the simulator's whole seconds can show. 0: never shown.
  int64_t completing_seconds = 1;
  // A batch job (one with a script) without environment is refused after its record is made,
  // using up its job id: Slurm 24.11's slurmctld fails to write the environment file
  // (kWritingToFile). Off: the simulator does not look at the environment.
  bool batch_needs_environment = false;
  // The refusal's errno: 24.11's kWritingToFile; 26.05 names the fault (kEnvironmentMissing),
  // the id used up the same way.
  Errno missing_environment_errno = Errno::kWritingToFile;
  // A dependency on a job the controller does not know is refused (2038) after the record is
  // made, using up its job id (24.11, 26.05); off, it is dropped as met (22.05).
  bool unknown_dependency_refused = false;
  // A dependency list mixing "," and "?" is refused (2038) like a malformed one (26.05); off,
  // it is an either list (22.05, 24.11).
  bool mixed_dependency_refused = false;
  // How many of the newest events event_log() keeps (0: all). A long-running mock must not
  // grow without bound (the soak test, docs/hardening.md, found the log growing with every
  // job); tests that compare whole histories keep everything.
  size_t event_log_limit = kDefaultEventLogLimit;
  // Node updates (update_node) as newer slurmctlds answer them (Slurm 26.05; 24.11 without):
  // a node back in service (RESUME, IDLE, UNDRAIN) loses its reason, a reason is kept only
  // with a state change that takes it, and an impossible state is refused as a transition
  // (2180; a power action without power saving 2187) rather than as a state (2028).
  bool node_update_clears_reasons = false;
  // More required nodes than the node count allows (required_nodes of 3 with nodes "2"): the
  // job takes the first ones of the list, as many as it may have (Slurm 24.11 and 26.05,
  // measured), instead of the refusal 2006 (22.05).
  bool required_nodes_beyond_count = false;
  // A job asking more CPUs than the partition's MaxCPUsPerNode leaves it on all its nodes is
  // queued with PartitionConfig and the submission's 2015 (Slurm 26.05, measured) instead of
  // refused with 2014 (24.11).
  bool partition_cpu_limit_queues = false;
  // The name of the group of a gid, for a partition's AllowGroups (unset: the gid in decimal).
  // The host's group database: the caller's, so the simulator reads none.
  std::function<std::string(uint32_t gid)> group_name;
  // A job that gives `tasks` or `tasks_per_node` and no node maximum may have no more nodes
  // than one a task (tasks_per_node a node): Slurm 26.05 refuses minimum_cpus 5 with tasks 2 of
  // 2 CPUs on 2-CPU nodes (2014), where 24.11 takes it on 3 nodes (measured).
  bool task_count_limits_nodes = false;
};

// scontrol requeue's choices.
struct RequeueOptions {
  bool hold = false;  // requeued held: JobHeldUser, "job requeued in held state", priority 0
  // With hold: the job also shows SPECIAL_EXIT until it is released (Job::special_exit).
  bool special_exit = false;
  // Only a job still running is requeued; a pending or finished one is passed over (Ok).
  bool incomplete = false;
};

struct SubmitResult {
  uint32_t job_id = 0;
  std::string step_id = "BATCH";
  std::string job_submit_user_msg;
};

// Controller-wide counters as /diag reports them.
struct SimStats {
  SimTime start_time = 0;  // when the simulated controller started
  uint64_t jobs_submitted = 0, jobs_started = 0, jobs_completed = 0, jobs_canceled = 0,
           jobs_failed = 0;
  uint64_t schedule_cycles = 0;
  SimTime job_states_ts = 0;
};

// One line of the event log (for inspection and reproducibility checks).
struct SimEvent {
  SimTime time;
  std::string what;  // e.g. "job 3 RUNNING on queue1-dy-t3micro-1"
};

class Simulator {
 public:
  Simulator(ClusterConfig config, SimOptions options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // --- time ---
  SimTime now() const;
  // Processes every event due at or before t, then sets now() = t (t < now() is a no-op).
  void run_until(SimTime t);
  void advance(int64_t seconds) { run_until(now() + seconds); }
  // Jumps to the next pending event and processes it; false when there is none.
  bool step();
  std::optional<SimTime> next_event_time() const;

  // --- jobs ---
  Status submit(const JobSpec& spec, const Identity& who, SubmitResult* out);
  // A heterogeneous job: one record per component, ids in order, the first is the leader
  // (out->job_id). Components are scheduled independently (Slurm starts them together).
  Status submit_het(const std::vector<JobSpec>& components, const Identity& who, SubmitResult* out);
  Status update(uint32_t job_id, const JobUpdate& update, const Identity& who);
  // Sends a signal (SIGKILL = 9 cancels, as scancel does); errors carry Slurm errnos.
  Status signal(uint32_t job_id, int signal, const Identity& who);
  // The signal to the batch step only (flag BATCH_JOB): a running batch job's script dies of
  // it and the job ends FAILED, RaisedSignal (measured on 24.11 with SIGKILL); a job with no
  // batch step running (pending, an allocation) gets the signal as signal() sends it.
  Status signal_batch_step(uint32_t job_id, int signal, const Identity& who);
  // Signals one task of a job array by the array's id and the task's index, as slurmctld does
  // for "N_T": a task already split out is signalled alone (finished: Ok); a task still packed
  // in the pending record is taken out of it by the cancel (SIGKILL). kInvalidJobId when the
  // array has no such task.
  Status signal_array_task(uint32_t array_job_id, uint32_t task_id, int signal,
                           const Identity& who);
  // Puts a running or finished job back in the queue: PENDING, restart_cnt + 1, submit time
  // now, eligible after the 121 s requeue delay. A running job first shows PENDING+COMPLETING
  // on its nodes for SimOptions::completing_seconds, its times not yet moved. An array's own
  // id requeues its every task that is not pending, a heterogeneous leader every component.
  // Refused: a job that may not be requeued kDisabled, a pending one kJobPending, a component
  // kNotHetJobLeader, another user's kAccessDenied.
  Status requeue(uint32_t job_id, const RequeueOptions& how, const Identity& who);
  // The job id of task `task_id` of array `array_job_id` ("A_T"); nullopt when there is none
  // split off (a task still packed in the pending record is not requeued: it is pending).
  std::optional<uint32_t> array_task_job(uint32_t array_job_id, uint32_t task_id) const;
  const Job* find_job(uint32_t job_id) const;
  // Real execution: `runner` (not owned; nullptr = simulated run times) gets every job
  // started from now on. finish_job reports a runner job's end with its raw wait(2) status:
  // exit 0 -> COMPLETED, exit N -> FAILED/NonZeroExitCode (N << 8), killed by signal N ->
  // FAILED/JobLaunchFailure (N), as the simulated path shows them. Unknown or already
  // finished jobs are ignored (Ok).
  void set_job_runner(JobRunner* runner);
  Status finish_job(uint32_t job_id, int wait_status);
  // A runner job whose batch step could not be set up (slurmstepd's error, e.g. 4021 when an
  // output file cannot be opened): FAILED, JobLaunchFailure, exit_code = that error.
  Status fail_launch(uint32_t job_id, int slurm_error);
  // Every job the controller still remembers (not yet purged by MinJobAge), by job id.
  std::vector<const Job*> jobs() const;

  // --- accounting (slurmdbd) ---
  // nullptr unless slurm.conf stores accounting in slurmdbd. The history holds every job
  // ever submitted (purged ones included) with its latest state; reset() empties it.
  const Accounting* accounting() const;
  // The same database, to change its accounts, users, associations, QOS and wckeys (what
  // slurmdbd keeps apart from the controller; not part of saved state yet).
  Accounting* accounting_for_update();

  // --- cluster ---
  const ClusterConfig& config() const;
  const std::vector<Node>& nodes() const;
  const Node* find_node(const std::string& name) const;
  const std::vector<Partition>& partitions() const;
  const Partition* find_partition(const std::string& name) const;
  const Partition* default_partition() const;

  // --- partition writes (partition_update.cc; measured on Slurm 26.05.5) ---
  // scontrol create partition: a non-administrator kUserIdMissing (2010), a name a partition
  // has kInvalidPartitionName (2000), a node the cluster lacks kInvalidNodeName (2018, nothing
  // created).
  Status create_partition(const PartitionUpdate& u, const Identity& who);
  // scontrol update partition: 2010, an unknown name 2000, a node the cluster lacks 2018
  // (nothing changed), QOS lists 2066 (slurmctld without accounting knows no QOS). DEFAULT
  // moves the default flag here from the old default partition.
  Status update_partition(const PartitionUpdate& u, const Identity& who);
  // scontrol delete partition: 2010, an unknown name 2000, a partition a pending or running
  // job names kPartitionInUse (2075; finished jobs do not count). Deleting the default
  // partition leaves the cluster without one.
  Status delete_partition(const std::string& name, const Identity& who);

  // --- reservations ---
  // Creates reservation req.name, or changes the one of that name (slurmrestd's "create or
  // update"). Administrators only (kUserIdMissing, as slurmctld answers a user); no name
  // kInvalidReservation; a node the cluster lacks kInvalidNodeName; a new one needs nodes and a
  // duration or end time (kInvalidTimeValue). Not measured: the last two checks' errors.
  Status set_reservation(const ReservationRequest& req, const Identity& who);
  // kUserIdMissing for a user, kInvalidReservation for a name no reservation has.
  Status delete_reservation(const std::string& name, const Identity& who);
  const std::vector<Reservation>& reservations() const;

  // --- faults and inspection ---
  // state: "down", "drain", "resume", "fail", "idle"; reason shown in the node's "reason".
  // Power saving (SuspendTime set): "power_down", "power_up" as scontrol's POWER_DOWN/POWER_UP,
  // and the fault "fail_resume": the node's next (or current) boot never completes.
  Status set_node_state(const std::string& node, const std::string& state,
                        const std::string& reason);
  // An administrator's update of the nodes `names` (a hostlist expression; NodeUpdate in
  // node.h), as slurmctld applies it node by node: a non-administrator 2010, an unknown name
  // 2018 (nodes before it in the list are updated), active features outside the available
  // ones 2031, a state the node cannot take 2028 (see SimOptions::node_update_clears_reasons).
  // A node set DOWN requeues its jobs; DRAIN lets them run; FUTURE takes an idle node out of
  // the cluster until RESUME.
  Status update_node(const std::string& names, const NodeUpdate& update, const Identity& who);
  // scontrol create node (POST .../new/node/): `node_conf` is one slurm.conf NodeName line,
  // a hostlist of names allowed (dynamic_nodes.cc; measured on 26.05.5). A non-administrator
  // 2010; a key slurmctld does not take, or no node, -1; a State other than FUTURE or CLOUD
  // (none given included) 2028; a name the cluster has 2168; more nodes than MaxNodeCount
  // (ClusterConfig::max_node_count; unset: slurm.conf's count) 2169. FUTURE nodes stay out of
  // every answer until RESUMEd, CLOUD ones start powered down.
  Status create_nodes(const std::string& node_conf, const Identity& who);
  // Deletes nodes: only dynamic ones (a node of slurm.conf 2028, as slurmctld refuses it; one
  // with jobs on it 2016, not measured); a non-administrator 2010, an unknown name 2018. A
  // deleted node leaves its partitions.
  Status delete_node(const std::string& names, const Identity& who);
  // An administrator's reconfigure: the cluster's configuration is fixed, but slurmctld
  // rebuilds its job records, which marks the components of every heterogeneous job it
  // holds (Job::het_flag).
  void reconfigure();
  void reset();  // back to the initial cluster: no jobs, ids restart, time unchanged
  const SimStats& stats() const;
  // The id the next submission gets.
  uint32_t next_job_id() const;
  // The newest SimOptions::event_log_limit events, oldest first.
  const std::deque<SimEvent>& event_log() const;
  // Bumped on every visible state change; lets callers cache rendered views.
  uint64_t generation() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scheduler_sim
