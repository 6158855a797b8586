// Job records: what a submission asks for (JobSpec) and what the simulator made of it (Job).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace scheduler_sim {

using SimTime = int64_t;  // seconds since the Unix epoch, in simulated time

// Slurm's INFINITE for minute counts (time_limit): no limit beyond the partition's MaxTime.
inline constexpr int64_t kInfiniteMinutes = 0xFFFFFFFF;

// Base job states as Slurm names them (job_state_string).
enum class JobState {
  kPending,
  kRunning,
  kSuspended,
  kCompleted,
  kCancelled,
  kFailed,
  kTimeout,
  kNodeFail,
  kPreempted,
  kBootFail,
  kDeadline,
  kOutOfMemory,
};
const char* job_state_name(JobState s);  // "PENDING", "RUNNING", ...
bool is_finished(JobState s);

// Who asks: the authenticated user, resolved to ids by the caller (the server).
struct Identity {
  std::string name;
  uint32_t uid = 0;
  uint32_t gid = 0;
  // false: the controller's host has no account of this name, so slurmctld cannot make the
  // job credential a launch needs (every start is undone and the job requeued).
  bool known = true;
  bool operator==(const Identity&) const = default;
};

// A submission's job properties (the REST API's job_properties), already type-checked by the API
// layer. Unset optionals mean "not given": Slurm's defaults apply.
struct JobSpec {
  std::string script;  // full batch script text
  std::optional<std::string> name, account, partition, qos, comment, reservation, wckey;
  std::optional<std::string> current_working_directory;
  std::optional<std::string> standard_input, standard_output, standard_error;
  std::optional<std::string> array;        // "1-3", "0-9:2", "1-5%2"
  std::optional<std::string> dependency;   // "afterok:12:13,singleton"
  std::optional<std::string> constraints;  // node features
  std::optional<std::string> licenses, gres, mail_type, mail_user, burst_buffer;
  // An OCI container bundle and preferred node features: kept and shown, not modelled.
  std::optional<std::string> container, prefer;
  std::optional<std::string> nodes;  // node count range as given: "2", "1-3"
  // Hostlist expressions as given: nodes the job must get all of, and nodes it may not get.
  std::optional<std::string> required_nodes, excluded_nodes;
  // Shown, not modelled: an MCS label, the acct_gather profile names ("Energy,Task", "None").
  std::optional<std::string> mcs_label, profile;
  std::optional<std::string> begin_time;  // as given (raw); parsed by the simulator
  std::optional<std::string> deadline;    // as given; resolved at submit (Job::deadline)
  std::vector<std::string> argv;
  std::map<std::string, std::string> environment;
  std::optional<int64_t> time_limit;         // minutes
  std::optional<int64_t> time_minimum;       // minutes (kInfiniteMinutes: INFINITE)
  std::optional<int64_t> tmp_disk_per_node;  // MiB; shown, not modelled
  std::optional<int64_t> tasks, cpus_per_task, tasks_per_node, minimum_nodes;
  std::optional<int64_t> minimum_cpus_per_node;
  // The job's CPUs in all (at least; its tasks' CPUs if more) and its node count's maximum
  // (over the `nodes` range's): docs/oracle-notes/job-request.md.
  std::optional<int64_t> minimum_cpus, maximum_nodes;
  std::optional<int64_t> memory_per_node, memory_per_cpu;  // MiB
  std::optional<int64_t> nice, priority;
  std::optional<int64_t> sockets_per_node, cores_per_socket, threads_per_core;
  std::optional<int64_t> tasks_per_core, tasks_per_socket;
  std::optional<int64_t> core_specification, thread_specification;  // kept, not modelled
  std::optional<int64_t> delay_boot;                                // seconds; shown, not modelled
  // `exclusive` asks for whole nodes (simulator API only); `shared` is the node sharing mode
  // the REST API's `exclusive` key sets ("user", "mcs"), shown as the job's `shared`.
  std::optional<std::string> shared;
  std::optional<bool> exclusive, hold, requeue, contiguous, kill_on_invalid_dependency;
  std::optional<bool> no_kill, wait_all_nodes;
  // Kept and shown (the job's flags), not modelled: spread the job over as many nodes as it can
  // (sbatch --spread-job), take the minimum of its node range (--use-min-nodes), and how GRES
  // are bound to its cores ("enforce", "disable"; --gres-flags).
  std::optional<bool> spread_job, use_min_nodes;
  std::optional<std::string> gres_binding;
  // Kept and shown, not modelled: CPU frequency request as given ("low", "1000-2000:ondemand"),
  // GPU binding and frequency as given ("closest", "low"), the federation's cluster features.
  std::optional<std::string> cpu_frequency, gpu_binding, gpu_frequency, cluster_constraint;
  // false: an allocation (salloc, the REST API's job/allocate) with no batch step; it holds its
  // nodes until its time limit or a cancel, and the script is not looked at. Unset: batch.
  std::optional<bool> batch;
};

// Every JobSpec field, in declaration order: the one list that the state file
// (mock_slurmrestd/src/state_save.cc) and the Python bindings (bindings/src/module.cc) walk,
// so a field added to JobSpec and here reaches both. A field missing here fails
// scheduler_sim/tests/job_spec_fields_test.cc. The names are the state file's keys: renaming a
// member changes the saved format.
// clang-format off
#define SCHEDULER_SIM_JOB_SPEC_FIELDS(X) \
  X(script) X(name) X(account) X(partition) X(qos) X(comment) X(reservation) X(wckey) \
  X(current_working_directory) X(standard_input) X(standard_output) X(standard_error) X(array) \
  X(dependency) X(constraints) X(licenses) X(gres) X(mail_type) X(mail_user) X(burst_buffer) \
  X(container) X(prefer) \
  X(nodes) X(required_nodes) X(excluded_nodes) X(mcs_label) X(profile) X(begin_time) \
  X(deadline) X(argv) X(environment) X(time_limit) X(time_minimum) X(tmp_disk_per_node) \
  X(tasks) X(cpus_per_task) X(tasks_per_node) X(minimum_nodes) X(minimum_cpus_per_node) \
  X(minimum_cpus) X(maximum_nodes) \
  X(memory_per_node) X(memory_per_cpu) X(nice) X(priority) X(sockets_per_node) \
  X(cores_per_socket) X(threads_per_core) X(tasks_per_core) X(tasks_per_socket) \
  X(core_specification) X(thread_specification) X(delay_boot) X(shared) X(exclusive) X(hold) \
  X(requeue) X(contiguous) X(kill_on_invalid_dependency) X(no_kill) X(wait_all_nodes) \
  X(spread_job) X(use_min_nodes) X(gres_binding) X(cpu_frequency) X(gpu_binding) \
  X(gpu_frequency) X(cluster_constraint) X(batch)
// clang-format on

// Calls f(name, &JobSpec::member) for every field of the list above, in its order.
template <class F>
constexpr void for_each_job_spec_field(F&& f) {
#define SCHEDULER_SIM_VISIT_FIELD(field) f(#field, &JobSpec::field);
  SCHEDULER_SIM_JOB_SPEC_FIELDS(SCHEDULER_SIM_VISIT_FIELD)
#undef SCHEDULER_SIM_VISIT_FIELD
}

// Fields that POST /job/{id} may change; unset means unchanged.
inline bool is_allocation(const JobSpec& s) { return !s.batch.value_or(true); }

struct JobUpdate {
  JobSpec fields;  // what the real daemon changes is applied; see docs/simulator.md "Updates"
};

// One allocated node of a running/finished job.
struct NodeAllocation {
  int node_index = -1;  // index into Simulator::nodes()
  int cpus = 0;
  int64_t memory = 0;  // MiB
  // Which of the node's CPUs (0-based) the job holds: cons_tres hands out the lowest free
  // ones, so a second 1-CPU job on a 2-CPU node gets CPU 1 (socket "1" in job_resources).
  std::vector<int> cpu_ids;
};

// One dependency the controller still waits on: a clause's type with one of its jobs (0 for
// a singleton). Fulfilled ones leave the job's list; one that can never be met is `failed`.
struct DependencyLeft {
  std::string type;  // after, afterany, afterok, afternotok, aftercorr, afterburstbuffer, singleton
  uint32_t job_id = 0;
  bool failed = false;
  uint32_t minutes = 0;  // "+M" as asked (0: none)
  bool operator==(const DependencyLeft&) const = default;
};

// A job as the controller knows it.
//
// Layout: a scheduler pass reads the first fields of every pending job, and on a big queue it
// waits on memory for them; they fill the first cache line (the struct is aligned to it), so
// a pass fetches one line per job.
struct alignas(64) Job {
  std::string state_reason = "None";  // "None", "Priority", "Resources", "Dependency", ...
  SimTime last_sched_evaluation = 0;
  SimTime begin_time = 0;  // earliest start from spec.begin_time (0 = none); reason "BeginTime"
  SimTime eligible_time = 0;
  uint32_t array_max_tasks = 0;  // %N throttle
  bool held = false;
  // Submitted held although no node of its partition has the CPUs or memory it asks for: the
  // controller takes it (a job that is not held is refused), and once released it stays
  // PENDING with reason BadConstraints, never starting.
  bool bad_constraints = false;
  // MiB per CPU the job is given for asking no memory: its partition's DefMemPerCPU at the
  // submission (0: none, a whole node's RealMemory per node).
  int64_t default_mem_per_cpu = 0;
  bool configuring = false;  // nodes are powering up
  // Held because the reservation it named ended while it waited (Slurm's RESV_DEL_HOLD).
  bool resv_del_hold = false;
  // Slurm's COMPLETING flag over a finished state: the job ended on its nodes and their epilog
  // is still running (SimOptions::completing_seconds). The job shows COMPLETING; its CPUs
  // are already free. Set and cleared only by job_state_machine.cc.
  bool completing = false;
  // Slurm's SPECIAL_EXIT flag: requeued held with SpecialExit; shown over PENDING until the
  // job is released (measured, 26.05).
  bool special_exit = false;
  bool was_running = false;  // ever started ("JOB_WAS_RUNNING")

  uint32_t job_id = 0;
  uint32_t priority = 0;
  // Array bookkeeping: array_job_id == job_id of the meta job; task_id unset for the meta job.
  uint32_t array_job_id = 0;
  JobState state = JobState::kPending;
  JobSpec spec;
  Identity user;
  std::string name;       // spec.name or "" -> Slurm shows what sbatch would ("wrap"/script name)
  std::string partition;  // resolved partition name
  std::string state_description;
  int restart_count = 0;
  // What its last dependency test left (every clause while untested, e.g. held): empty when
  // it has no dependency or all are met.
  std::vector<DependencyLeft> dependency_left;
  // Its dependencies are an either list ("?"): any one met will do.
  bool dependency_either = false;

  std::optional<uint32_t> array_task_id;
  std::string array_task_string;  // pending tasks still packed in the meta record ("2-5")

  // Heterogeneous job bookkeeping: every component carries the leader's id, its own offset,
  // and the set of component ids ("9-10"); all zero/empty for an ordinary job.
  uint32_t het_job_id = 0;
  uint32_t het_job_offset = 0;
  std::string het_job_id_set;
  // Slurm's HETEROGENEOUS_JOB flag: not set at submission; a reconfigure sets it on every
  // component known then (Simulator::reconfigure; oracle, 24.11 and 26.05).
  bool het_flag = false;

  SimTime submit_time = 0, accrue_time = 0, start_time = 0, end_time = 0;
  SimTime suspend_time = 0, preempt_time = 0;
  SimTime deadline = 0;               // from spec.deadline (0 = none); shown, not enforced
  std::optional<int64_t> time_limit;  // effective limit in minutes, unset = INFINITE

  int cpus = 0;        // requested/allocated cpus
  int node_count = 0;  // requested/allocated nodes
  // What the submission asked for, as slurmctld keeps it for `tres_req_str`: tasks x
  // cpus_per_task and the minimum node count, fixed at submit (updates and the allocation do
  // not change them; checked on the oracle).
  int requested_cpus = 1;
  int requested_nodes = 1;
  int tasks = 1;
  // The requested maximum node count (the API's `max_nodes`); slurmctld clears it to 0 when the
  // job starts, so only pending (and never-started) jobs show it.
  int64_t max_nodes = 0;
  std::vector<NodeAllocation> allocation;  // empty while pending
  std::string nodes;  // compressed hostlist of allocated nodes ("" when pending)
  std::string batch_host;

  // Behaviour: simulated run time and exit status (from the script or rules).
  int64_t run_seconds = 0;
  int exit_status = 0;  // the raw wait(2) status Slurm stores: exit code << 8 | signal
  // What the script will end with; exit_status shows it only once the job has ended (a job
  // that has not run shows 0, as the oracle's held jobs do).
  int script_exit_status = 0;
  int derived_exit_code = 0;
  // cpus_per_task was given at submission (flag JOB_CPUS_SET); an update does not set it.
  bool cpus_set = false;
  // `tasks` was changed by an update: the controller has counted the job's CPUs and tasks, so
  // they still show if it ends without having run (oracle).
  bool tasks_updated = false;
};

}  // namespace scheduler_sim
