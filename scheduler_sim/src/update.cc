// Job updates: what slurmctld checks first (a refused update changes nothing), then what it
// applies, field by field, as the real daemon does (docs/simulator.md "Updates").
#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim_state.h"
#include "slurm_syntax.h"

namespace scheduler_sim {

Status Simulator::update(uint32_t job_id, const JobUpdate& update, const Identity& who) {
  Impl& im = *impl_;
  auto it = im.jobs.find(job_id);
  if (it == im.jobs.end()) return error(Errno::kInvalidJobId);
  Job& j = *it->second;
  const bool admin = im.is_admin(who);
  if (!admin && j.user.uid != who.uid) return error(Errno::kAccessDenied);
  if (is_finished(j.state)) return error(Errno::kJobFinished);  // as slurmctld answers an update
  const JobSpec& f = update.fields;
  const bool pending = j.state == JobState::kPending;

  // Check everything first so a rejected update changes nothing.
  const Partition* new_part = nullptr;
  if (f.partition && *f.partition != j.partition) {
    if (!pending) return error(Errno::kJobNotPending);
    new_part = im.partition(*f.partition);
    if (!new_part) return error(Errno::kInvalidPartitionName);
  }
  const Partition* part = new_part ? new_part : im.partition(j.partition);
  if (f.time_limit) {
    if (*f.time_limit < 0 && *f.time_limit != -1) return error(Errno::kInvalidTimeLimit);
    std::optional<int64_t> lim;
    if (*f.time_limit >= kInfiniteMinutes) lim = part->config.max_time;
    else if (*f.time_limit >= 0) lim = *f.time_limit;
    bool raising = !lim ? j.time_limit.has_value() : (j.time_limit && *lim > *j.time_limit);
    if (!admin && raising && !pending) return error(Errno::kAccessDenied);
    if (!admin && part && part->config.max_time && (!lim || *lim > *part->config.max_time))
      return error(Errno::kInvalidTimeLimit);
  }
  // A user may not set a priority; on a held job slurmctld says so with 2042 (measured: a
  // user's priority update of a held job).
  if (f.priority && !admin) return error(j.held ? Errno::kJobHeld : Errno::kAccessDenied);
  if (f.hold && !pending) return error(Errno::kJobNotPending);
  // What slurmctld changes only while the job waits (oracle: "Job is no longer pending
  // execution" for a running job), then what the job's owner may not change at all.
  const bool resources =
      f.cpus_per_task || f.minimum_cpus_per_node || f.memory_per_node || f.memory_per_cpu;
  if (!pending &&
      (resources || f.tasks || f.tasks_per_node || f.dependency || f.wckey || f.standard_input ||
       f.standard_output || f.standard_error || f.current_working_directory))
    return error(Errno::kJobNotPending);
  if (!admin && (f.core_specification || f.thread_specification || f.deadline || f.shared ||
                 (f.nice && *f.nice < 0)))
    return error(Errno::kAccessDenied);
  if (f.burst_buffer && !f.burst_buffer->empty()) return error(Errno::kNotSupported);
  if (f.licenses && !f.licenses->empty()) return error(Errno::kInvalidLicense);  // none exist
  // Another reservation, pending or running alike (oracle: 26.05.5 and 24.11.5 moved a held
  // job and 26.05.5 a running one, which stayed on its nodes); unknown 2053, one the job's
  // owner may not use 2052.
  if (f.reservation && !f.reservation->empty()) {
    const Reservation* r = im.find_reservation(*f.reservation);
    if (!r) return error(Errno::kInvalidReservation);
    if (!r->permits(j.user, j.spec.account.value_or(""))) return error(Errno::kReservationAccess);
  }
  // These are refused later, once a given name is applied (the real daemon renames the job
  // before it refuses them).
  std::vector<DepClause> new_deps;
  bool dep_either = false, dep_mixed = false;
  Status late = Status::Ok();
  if (!admin && (f.tasks_per_node || f.tasks_per_socket)) late = error(Errno::kAccessDenied);
  else if (f.dependency && !f.dependency->empty() &&
           !parse_dependency(*f.dependency, &new_deps, &dep_either, &dep_mixed))
    late = error(Errno::kDependency);
  else if (dep_mixed && im.options.mixed_dependency_refused) late = error(Errno::kDependency);
  else if (im.options.unknown_dependency_refused && !im.all_known(new_deps))
    late = error(Errno::kDependency);
  // A new node count, CPU or memory request, or feature list: the job's new shape. A shape no
  // node can hold is taken (the job then waits with BadConstraints, as a held job submitted
  // so does); an unknown feature or a bad node count is refused.
  Shape new_shape;
  bool reshape = false, no_fit = false;
  JobSpec changed = j.spec;
  if (pending && (f.nodes || resources || f.constraints)) {
    if (f.nodes) changed.nodes = f.nodes;
    if (f.constraints) changed.constraints = f.constraints;
    // cpus_per_task leaves the per-node minimum where it was (oracle: a job submitted with
    // cpus_per_task 4 keeps minimum_cpus_per_node 4 after cpus_per_task 1).
    if (f.cpus_per_task && !changed.minimum_cpus_per_node)
      changed.minimum_cpus_per_node = changed.cpus_per_task.value_or(1);
    if (f.cpus_per_task) changed.cpus_per_task = f.cpus_per_task;
    if (f.minimum_cpus_per_node) changed.minimum_cpus_per_node = f.minimum_cpus_per_node;
    if (f.memory_per_node) {  // one memory request: per node or per CPU
      changed.memory_per_node = f.memory_per_node;
      changed.memory_per_cpu.reset();
    }
    if (f.memory_per_cpu) {
      changed.memory_per_cpu = f.memory_per_cpu;
      changed.memory_per_node.reset();
    }
    Status s = im.shape_of(changed, *part, &new_shape);
    no_fit = s.code() == Errno::kRequestedNodeConfigUnavailable;
    if (!s.ok() && !(no_fit && (resources || j.bad_constraints))) return s;
    reshape = true;
  }
  SimTime new_begin = 0;
  if (f.begin_time && !f.begin_time->empty() &&
      !parse_begin_time(*f.begin_time, im.now, &new_begin))
    return error(Errno::kInvalidTimeValue);
  if (!late.ok()) {
    if (f.name) {
      j.name = *f.name;
      im.note("job ", job_id, " renamed by a refused update");
    }
    return late;
  }

  // The job's priority may change below: out of the pending index until it is final (also on
  // the early returns, which keep the changes made so far).
  struct Reindex {
    SimState& im;
    Job* job;
    explicit Reindex(SimState& i, Job* j) : im(i), job(j) { im.unindex(*job); }
    void done() {
      if (job) im.index(job);
      job = nullptr;
    }
    ~Reindex() { done(); }
  } reindex(im, &j);
  if (new_part) {
    Shape shape;
    if (Status s = im.shape_of(j.spec, *new_part, &shape); !s.ok()) return s;
    j.partition = new_part->config.name;
    im.set_shape(job_id, shape);
    j.node_count = static_cast<int>(im.nodes_needed(shape, *new_part));
  }
  // A given name is applied here: after the checks that refuse an update outright, before the
  // late refusals above (the API layer decides which name an update gives; the real daemon's
  // own renames are its version's).
  if (f.name) j.name = *f.name;
  if (f.comment) j.spec.comment = *f.comment;
  if (f.reservation && !f.reservation->empty()) j.spec.reservation = f.reservation;
  if (reshape) {
    // The oracle applies a node count even when it then answers 2015 (nodes 50 on a 10-node
    // partition: node_count, tasks, cpus and max_nodes all become 50).
    // (field by field: the comment may have changed since `changed` was copied)
    j.spec.nodes = changed.nodes;
    j.spec.constraints = changed.constraints;
    j.spec.cpus_per_task = changed.cpus_per_task;
    j.spec.minimum_cpus_per_node = changed.minimum_cpus_per_node;
    j.spec.memory_per_node = changed.memory_per_node;
    j.spec.memory_per_cpu = changed.memory_per_cpu;
    im.set_shape(job_id, new_shape);
    j.node_count = static_cast<int>(im.nodes_needed(new_shape, *part));
    if (f.nodes) {
      j.max_nodes = new_shape.max_nodes.value_or(0);
      if (!new_shape.tasks_given)
        j.tasks = std::max<int>(j.tasks, static_cast<int>(new_shape.tasks));
      j.cpus = std::max(j.cpus, j.node_count);
    }
    // The CPUs asked for (`cpus`, tres_req_str's cpu=): tasks x cpus_per_task after a new
    // cpus_per_task, at least the per-node minimum after a new one (oracle).
    const int64_t task_cpus = new_shape.tasks * new_shape.cpus_per_task;
    if (f.cpus_per_task) j.cpus = static_cast<int>(task_cpus);
    if (f.minimum_cpus_per_node)
      j.cpus = static_cast<int>(std::max(task_cpus, new_shape.min_cpus_per_node));
    if (resources) j.requested_cpus = std::max(1, j.cpus);
    // Whether any node can hold the job is asked again: a job that now fits loses its
    // BadConstraints and gets a new priority value; one that no longer fits waits with
    // priority 0 (oracle, both; a held job keeps 0 until its release).
    // A released BadConstraints job uses up a new value at each such update even when it
    // still cannot fit (oracle: the next job's value is one lower again).
    const bool was_bad = j.bad_constraints;
    j.bad_constraints = no_fit;
    if (!j.held && was_bad) j.priority = im.next_priority(j.spec);
    if (!j.held && no_fit) j.priority = 0;
    if (!j.held && !no_fit && was_bad) j.state_reason = "None";
  }
  if (pending) {
    if (f.tasks) {  // shown; the CPUs asked for stay (oracle)
      j.tasks = static_cast<int>(*f.tasks);
      j.tasks_updated = true;
    }
    if (f.wckey) j.spec.wckey = f.wckey;
    if (f.standard_input) j.spec.standard_input = f.standard_input;
    if (f.standard_output) j.spec.standard_output = f.standard_output;
    if (f.standard_error) j.spec.standard_error = f.standard_error;
    if (f.current_working_directory) j.spec.current_working_directory = f.current_working_directory;
    if (f.sockets_per_node) j.spec.sockets_per_node = f.sockets_per_node;
    if (f.cores_per_socket) j.spec.cores_per_socket = f.cores_per_socket;
    if (f.threads_per_core) j.spec.threads_per_core = f.threads_per_core;
    // GPU binding and frequency are taken (oracle, pending job); the flag keys, cpu_frequency
    // and requeue are accepted and change nothing.
    if (f.gpu_binding) j.spec.gpu_binding = f.gpu_binding;
    if (f.gpu_frequency) j.spec.gpu_frequency = f.gpu_frequency;
  }
  if (f.dependency) {
    im.drop_unknown_jobs(&new_deps, dep_either);  // as at submission; "" clears
    j.spec.dependency = f.dependency;
    j.dependency_left = Dependencies::untested(new_deps);
    j.dependency_either = dep_either;
    im.delay_wakes.erase(job_id);
    if (new_deps.empty()) im.deps.erase(job_id);
    else im.deps[job_id] = std::move(new_deps);
  }
  if (f.delay_boot) j.spec.delay_boot = f.delay_boot;  // running jobs too (oracle)
  // nice N: the priority moves by the change of nice, to no less than 2 (oracle: 4294901754
  // with nice 10 becomes 4294901744). A held job keeps 0 here, and its release takes the new
  // nice into account (docs/differences.md: the real daemon's 2 ends the hold).
  if (f.nice && *f.nice != j.spec.nice.value_or(0)) {
    const int64_t moved = static_cast<int64_t>(j.priority) + j.spec.nice.value_or(0) - *f.nice;
    if (!j.held) j.priority = static_cast<uint32_t>(std::clamp<int64_t>(moved, 2, UINT32_MAX));
    j.spec.nice = f.nice;
  }
  if (f.begin_time && pending) {
    j.spec.begin_time = f.begin_time;
    j.begin_time = new_begin > im.now ? new_begin : 0;
    if (j.begin_time) {
      j.eligible_time = j.start_time = j.begin_time;
      if (!j.held) j.accrue_time = j.begin_time;
      im.push_event(j.begin_time, EventKind::kWake, job_id);
    }
  }
  if (f.time_limit) {
    j.time_limit = *f.time_limit >= 0 ? std::optional<int64_t>(*f.time_limit) : std::nullopt;
    if (j.state == JobState::kRunning) {
      // Re-arm the end: the run may now finish before, or be cut by, the new limit.
      ++im.epoch(job_id);
      SimTime ran = im.now - j.start_time;
      SimTime left = std::max<SimTime>(0, j.run_seconds - ran);
      j.end_time = j.start_time + (j.time_limit ? *j.time_limit * 60 : kNoLimitRunSeconds);
      if (j.time_limit && j.run_seconds >= *j.time_limit * 60)
        im.push_event(std::max(im.now, j.end_time), EventKind::kTimeLimit, job_id);
      else im.push_event(im.now + left, EventKind::kJobEnd, job_id);
    }
  }
  if (pending &&
      (j.state_reason == "PartitionNodeLimit" || j.state_reason == "PartitionTimeLimit")) {
    int64_t pn = static_cast<int64_t>(part->node_indices.size());
    bool node_ok =
        j.node_count <= pn && (!part->config.max_nodes || j.node_count <= *part->config.max_nodes);
    bool time_ok =
        !part->config.max_time || (j.time_limit && *j.time_limit <= *part->config.max_time);
    if (node_ok && time_ok) j.state_reason = "None";
  }
  if (f.priority) {
    j.priority = static_cast<uint32_t>(*f.priority);
    if (j.priority == 0 && pending) {
      j.held = true;
      j.state_reason = "JobHeldAdmin";
    }
  }
  if (f.hold) {
    if (*f.hold) {
      j.held = true;
      j.priority = 0;
      j.state_reason = admin && who.uid != j.user.uid ? "JobHeldAdmin" : "JobHeldUser";
    } else if (j.held) {
      if (j.state_reason == "JobHeldAdmin" && !admin) return error(Errno::kAccessDenied);
      j.held = false;
      j.resv_del_hold = false;
      j.special_exit = false;  // a release ends SPECIAL_EXIT too (measured, 26.05)
      if (j.state_description == "job requeued in held state") j.state_description.clear();
      j.state_reason = "None";
      j.state_description.clear();
      // Eligible from the release on (oracle), stamped by the pass that sees it released; a
      // future begin time stays the eligible time.
      if (j.begin_time <= im.now) j.eligible_time = 0;
      if (!f.priority) {
        j.priority = im.next_priority(j.spec);
        // A job no node can hold uses up a value like any release, but keeps 0 (oracle).
        if (j.bad_constraints) j.priority = 0;
      }
    }
  }
  // Changes stay applied, but a pending job that still asks for more nodes than its partition
  // has is answered 2015, as at submission.
  Status result = Status::Ok();
  if (pending) {
    int64_t pn = static_cast<int64_t>(part->node_indices.size());
    if (j.node_count > pn || (part->config.max_nodes && j.node_count > *part->config.max_nodes)) {
      result = error(Errno::kRequestedPartConfigUnavailable);
      if (!j.held) j.state_reason = "PartitionNodeLimit";
    }
  }
  reindex.done();
  im.note("job ", job_id, " updated");
  im.schedule();
  return result;
}

}  // namespace scheduler_sim
