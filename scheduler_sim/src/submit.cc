// Submissions: the checks slurmctld makes in order, the job record, and heterogeneous jobs.
#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "job_state_machine.h"
#include "partition_rules.h"
#include "script_behavior.h"
#include "sim_state.h"
#include "slurm_syntax.h"

namespace scheduler_sim {
namespace {

// A submission the node selection test refuses (bad node count, node configuration not
// available) still leaves its record (oracle): FAILED, BadConstraints, exit_code 1, never
// started, with the id and priority value it used up; listed until MinJobAge.
void add_refused_record(SimState& s, const JobSpec& spec, const Identity& who, const Partition& p,
                        const Shape& shape, const Status& why) {
  uint32_t id = s.next_job_id++;
  uint32_t priority = s.next_priority();
  if (why.code() != Errno::kInvalidNodeCount &&
      why.code() != Errno::kRequestedNodeConfigUnavailable)
    return;  // other refusals use up the id and priority only
  auto rec = std::make_unique<Job>();
  Job& j = *rec;
  j.job_id = id;
  j.priority = priority;
  j.spec = spec;
  j.cpus_set = spec.cpus_per_task.has_value();
  j.user = who;
  j.name = spec.name.value_or("");
  j.partition = p.config.name;
  transition(j, JobState::kFailed);  // the record ends at once
  j.state_reason = "BadConstraints";
  j.exit_status = 1;
  j.submit_time = j.eligible_time = j.start_time = j.end_time = j.last_sched_evaluation = s.now;
  j.time_limit = spec.time_limit;
  j.requested_cpus =
      static_cast<int>(std::max<int64_t>(1, spec.tasks.value_or(1) * shape.cpus_per_task));
  j.requested_nodes = static_cast<int>(std::max<int64_t>(1, shape.min_nodes));
  if (why.code() == Errno::kInvalidNodeCount) j.requested_nodes = 0;  // shows node_count 0, no TRES
  j.cpus = j.requested_cpus;
  j.node_count = j.requested_nodes;
  s.account(j);
  s.add_job(std::move(rec));  // a new id: its slot's epoch is 0
  ++s.stats.jobs_submitted;
  ++s.generation;
  s.push_event(s.now + s.config.min_job_age, EventKind::kPurge, id);
  s.note("job ", id, " refused: ", why.message());
}

}  // namespace

Status Simulator::submit_het(const std::vector<JobSpec>& components, const Identity& who,
                             SubmitResult* out) {
  if (out) *out = SubmitResult{};
  std::vector<uint32_t> ids;
  Status result = Status::Ok();
  Impl& im = *impl_;
  for (const JobSpec& spec : components) {
    SubmitResult r;
    im.het_component_id = im.next_job_id;  // the id submit() gives the component
    Status s = submit(spec, who, &r);
    im.het_component_id = 0;
    if (r.job_id != 0)
      for (const NodeAllocation& a : im.jobs.at(r.job_id)->allocation)
        im.het_taken.insert(a.node_index);
    if (r.job_id == 0) {
      im.het_taken.clear();
      return s;  // refused outright: no (further) component is created
    }
    if (!s.ok() && result.ok()) result = s;
    ids.push_back(r.job_id);
  }
  im.het_taken.clear();
  if (ids.empty()) return error(Errno::kJobScriptMissing);
  std::string set;  // consecutive ids print as one range, like Slurm's bitstring format
  for (size_t i = 0; i < ids.size();) {
    size_t j = i;
    while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1) ++j;
    if (!set.empty()) set += ",";
    set += std::to_string(ids[i]);
    if (j > i) set += "-" + std::to_string(ids[j]);
    i = j + 1;
  }
  for (size_t k = 0; k < ids.size(); ++k) {
    Job& j = *impl_->jobs.at(ids[k]);
    j.het_job_id = ids.front();
    j.het_job_offset = static_cast<uint32_t>(k);
    j.het_job_id_set = set;
  }
  ++impl_->generation;
  if (out) out->job_id = ids.front();
  return result;
}

Status Simulator::submit(const JobSpec& spec, const Identity& who, SubmitResult* out) {
  Impl& im = *impl_;
  if (out) *out = SubmitResult{};
  // An empty script is accepted (the API layer refuses a missing one); its launch fails later.
  const Partition* p = nullptr;
  if (spec.partition && !spec.partition->empty()) {
    p = im.partition(*spec.partition);
    if (!p) return error(Errno::kInvalidPartitionName);
  } else {
    p = im.default_partition();
    if (!p) return error(Errno::kDefaultPartitionNotSet);
  }
  // RootOnly: refused before a record is made (asked: 2002, the job id not used up).
  if (p->config.root_only && !im.is_admin(who)) return error(Errno::kAccessDenied);
  // The simulated cluster configures no licenses: naming one is refused.
  if (spec.licenses && !spec.licenses->empty()) return error(Errno::kInvalidLicense);
  if (spec.nice && *spec.nice < 0 && !im.is_admin(who)) return error(Errno::kInvalidNice);
  std::set<uint32_t> array_indices;
  uint32_t array_max_tasks = 0;
  if (spec.array && !spec.array->empty() &&
      !parse_array_spec(*spec.array, im.config.max_array_size, &array_indices, &array_max_tasks))
    return error(Errno::kInvalidArray);
  SimTime begin = 0;
  if (spec.begin_time && !spec.begin_time->empty() &&
      !parse_begin_time(*spec.begin_time, im.now, &begin))
    return error(Errno::kInvalidTimeValue);
  // A deadline already past is refused (oracle: "now" is accepted, "now-60" is 2051).
  SimTime deadline = 0;
  if (spec.deadline && !spec.deadline->empty()) {
    if (!parse_begin_time(*spec.deadline, im.now, &deadline))
      return error(Errno::kInvalidTimeValue);
    if (deadline < im.now) return error(Errno::kInvalidTimeLimit);
  }
  if (spec.time_limit && *spec.time_limit < 0 && *spec.time_limit != -1)
    return error(Errno::kInvalidTimeLimit);
  // A minimum time above the limit; an unset limit is below INFINITE (oracle: time_minimum 30
  // with time_limit 20, or UNLIMITED with no time_limit, is 2124; 10 with none is taken).
  if (spec.time_minimum) {
    const bool infinite_min = *spec.time_minimum >= kInfiniteMinutes;
    const bool over = spec.time_limit ? *spec.time_minimum > *spec.time_limit : infinite_min;
    if (over) return error(Errno::kInvalidTimeMin);
  }
  // Node names are checked before a record is made (oracle: an unknown name, or a node both
  // required and excluded, is 2018 and uses up no job id).
  {
    std::vector<int> required, excluded;
    if (spec.required_nodes && !spec.required_nodes->empty()) {
      Status st = resolve_node_list(im, *spec.required_nodes, &required);
      if (!st.ok()) return st;
    }
    if (spec.excluded_nodes && !spec.excluded_nodes->empty()) {
      Status st = resolve_node_list(im, *spec.excluded_nodes, &excluded);
      if (!st.ok()) return st;
    }
    for (int i : required)
      if (std::binary_search(excluded.begin(), excluded.end(), i))
        return error(Errno::kInvalidNodeName);
  }
  // A node maximum below the minimum (maximum_nodes 2 with nodes 4) is refused before a record
  // (measured on 24.11 and 26.05: 2006, no job id used).
  if (spec.maximum_nodes && *spec.maximum_nodes > 0) {
    int64_t lo = 1;
    std::optional<int64_t> hi;
    if (spec.nodes && !parse_node_range(*spec.nodes, &lo, &hi)) lo = 1;
    lo = std::max(lo, spec.minimum_nodes.value_or(1));
    if (*spec.maximum_nodes < lo) return error(Errno::kInvalidNodeCount);
  }

  // From here on slurmctld has made a job record: a refusal still uses up its job id (oracle:
  // bad dependency, unknown feature, unknown reservation), and refusals from the node selection
  // test (bad node count, node configuration unavailable) also use up a priority value.
  Shape shape;
  Status shape_status = im.shape_of(spec, *p, &shape);
  // MaxCPUsPerNode: a job its nodes could never hold is refused like a node configuration no
  // node has (2014, the id used up); one asking more than all of the partition's nodes leave
  // it is queued (26.05) or refused the same way (24.11).
  const int cpu_verdict =
      partition_cpu_verdict(p->config, shape, static_cast<int64_t>(p->node_indices.size()));
  if (shape_status.ok() &&
      (cpu_verdict == 1 || (cpu_verdict == 2 && !im.options.partition_cpu_limit_queues)))
    shape_status = error(Errno::kRequestedNodeConfigUnavailable);
  std::vector<DepClause> dep;
  bool dep_either = false, dep_mixed = false;
  Status late = Status::Ok();
  if (spec.dependency && !spec.dependency->empty() &&
      !parse_dependency(*spec.dependency, &dep, &dep_either, &dep_mixed))
    late = error(Errno::kDependency);
  else if (dep_mixed && im.options.mixed_dependency_refused) late = error(Errno::kDependency);
  else if (im.options.unknown_dependency_refused && !im.all_known(dep))
    late = error(Errno::kDependency);
  else if (shape_status.code() == Errno::kInvalidFeature ||
           shape_status.code() == Errno::kInvalidPreferFeature)
    late = shape_status;
  else if (spec.reservation && !spec.reservation->empty() &&
           !im.find_reservation(*spec.reservation))
    late = error(Errno::kInvalidReservation);
  else if (spec.reservation && !spec.reservation->empty() &&
           !im.find_reservation(*spec.reservation)->permits(who, spec.account.value_or("")))
    late = error(Errno::kReservationAccess);
  else if (im.options.batch_needs_environment && !spec.script.empty() && spec.environment.empty())
    late = error(im.options.missing_environment_errno);
  if (!late.ok()) {
    ++im.next_job_id;
    return late;
  }
  // More nodes than the reservation it names has in its partition: a node configuration not
  // available (oracle: 26.05.5, nodes 3 in a 2-node reservation: 2014, the record kept).
  if (shape_status.ok() && spec.reservation && !spec.reservation->empty()) {
    const Reservation& r = *im.find_reservation(*spec.reservation);
    const auto in_partition =
        std::count_if(r.node_indices.begin(), r.node_indices.end(), [&p](int i) {
          return std::find(p->node_indices.begin(), p->node_indices.end(), i) !=
                 p->node_indices.end();
        });
    if (shape.min_nodes > in_partition)
      shape_status = error(Errno::kRequestedNodeConfigUnavailable);
  }
  // A held job skips the node configuration test (oracle: cpus_per_task 4 or 1000 MiB on
  // 2-CPU 900-MiB nodes, held, is accepted; released, it pends with BadConstraints).
  const bool bad_constraints = !shape_status.ok() && spec.hold.value_or(false) &&
                               shape_status.code() == Errno::kRequestedNodeConfigUnavailable;
  if (!shape_status.ok() && !bad_constraints) {
    add_refused_record(im, spec, who, *p, shape, shape_status);
    return shape_status;
  }
  im.drop_unknown_jobs(&dep, dep_either);

  auto job = std::make_unique<Job>();
  Job& j = *job;
  j.job_id = im.next_job_id++;
  j.spec = spec;
  // A deadline with neither a time limit nor a minimum gives the job a 1-minute minimum
  // (oracle: time_minimum 1; with a time_limit, 0).
  if (spec.deadline && !spec.deadline->empty() && !spec.time_limit && !spec.time_minimum)
    j.spec.time_minimum = 1;
  j.cpus_set = spec.cpus_per_task.has_value();
  j.user = who;
  j.name = spec.name.value_or("");  // the API layer names an unnamed job as its version does
  j.partition = p->config.name;
  j.bad_constraints = bad_constraints;
  if (p->config.def_mem_per_cpu && spec.memory_per_node.value_or(0) <= 0 &&
      spec.memory_per_cpu.value_or(0) <= 0)
    j.default_mem_per_cpu = *p->config.def_mem_per_cpu;
  j.submit_time = im.now;
  j.begin_time = begin > im.now ? begin : 0;
  j.deadline = deadline;
  if (spec.time_limit && *spec.time_limit >= kInfiniteMinutes) j.time_limit = p->config.max_time;
  else if (spec.time_limit && *spec.time_limit >= 0) j.time_limit = *spec.time_limit;
  else if (p->config.default_time) j.time_limit = p->config.default_time;
  else j.time_limit = p->config.max_time;
  j.tasks = static_cast<int>(shape.tasks);
  j.cpus = static_cast<int>((spec.tasks ? *spec.tasks : 1) * shape.cpus_per_task);
  // A held job shows the nodes its tasks need; one that is not held what slurmctld's first
  // selection test found, unless that found more nodes than the partition has (measured on
  // 26.05: minimum_cpus 21 on ten 2-CPU nodes shows 1; docs/oracle-notes/job-request.md).
  const int64_t part_nodes = static_cast<int64_t>(p->node_indices.size());
  const int64_t tested = nodes_tested(im, shape, *p);
  const bool untested = spec.hold.value_or(false) || bad_constraints || tested > part_nodes;
  j.node_count = static_cast<int>(untested ? im.nodes_needed(shape, *p) : tested);
  // minimum_cpus M: at least M with `tasks` or `tasks_per_node` given, else M itself (measured:
  // M 2 with tasks 4: 4; with nodes 3, whose 3 tasks are implied: 2; M 1 with cpus_per_task 2: 1).
  j.requested_cpus = static_cast<int>(spec.minimum_cpus && !shape.tasks_given
                                          ? std::max<int64_t>(1, shape.min_cpus)
                                          : std::max<int64_t>({1, j.cpus, shape.min_cpus}));
  if (spec.minimum_cpus) j.cpus = j.requested_cpus;
  j.requested_nodes = static_cast<int>(shape.min_nodes);
  if ((spec.nodes || spec.maximum_nodes) && shape.max_nodes) j.max_nodes = *shape.max_nodes;
  ScriptBehavior b = job_behavior(spec.script, j.name, j.partition, who.name, im.options.rules,
                                  im.options.default_run_seconds);
  j.run_seconds = b.run_seconds;
  j.script_exit_status = b.exit_code << 8;
  if (!spec.script.empty() && spec.script.rfind("#!", 0) != 0) {
    // No interpreter line: the batch step cannot exec the script and ends at once with wait
    // status 2048 (the oracle: FAILED, NonZeroExitCode, exit_code 2048; held, it shows 0 until
    // it is released and launched).
    j.run_seconds = 0;
    j.script_exit_status = 2048;
  }

  Status result = Status::Ok();
  const int64_t counted =
      spec.hold.value_or(false) ? j.node_count : std::max<int64_t>(j.node_count, tested);
  if (counted > part_nodes || (p->config.max_nodes && j.node_count > *p->config.max_nodes)) {
    j.state_reason = "PartitionNodeLimit";
    result = error(Errno::kRequestedPartConfigUnavailable);
  } else if (j.time_limit && p->config.max_time && *j.time_limit > *p->config.max_time) {
    j.state_reason = "PartitionTimeLimit";
    result = error(Errno::kRequestedPartConfigUnavailable);
  } else if (!partition_admits_group(p->config, who, im.is_admin(who), im.options.group_name)) {
    // AllowGroups without the user's group: queued, with the submission's note and slurmctld's
    // description (asked: 2015, reason PartitionConfig; an administrator runs).
    j.state_reason = "PartitionConfig";
    j.state_description = "uid " + std::to_string(who.uid) +
                          " not in group permitted to use this partition (" + p->config.name +
                          "). groups allowed: " + p->config.allow_groups;
    result = error(Errno::kRequestedPartConfigUnavailable);
  } else if (cpu_verdict == 2) {
    // More CPUs than MaxCPUsPerNode leaves on all its nodes (26.05; 24.11 refused it above).
    j.state_reason = "PartitionConfig";
    result = error(Errno::kRequestedPartConfigUnavailable);
  } else if (over_partition_memory(p->config, shape)) {
    // Above MaxMemPerNode: queued without a note (asked: 200, reason MaxMemPerLimit).
    j.state_reason = "MaxMemPerLimit";
  } else if (!bad_constraints && im.required_node_unavailable(shape)) {
    // It is queued, waiting for that node; the submission says why (measured on 24.11: 200
    // with the job id and 2068 as its return code).
    result = error(Errno::kRequiredNodeNotAvailable);
  }
  // A reservation that has not started: queued, with the note (oracle: 26.05.5 warns
  // "Requested reservation not usable now" and the job pends with "Reservation").
  if (result.ok() && spec.reservation && !spec.reservation->empty() &&
      !im.find_reservation(*spec.reservation)->active_at(im.now))
    result = error(Errno::kReservationNotUsable);
  if (spec.hold.value_or(false)) {
    j.held = true;
    j.state_reason = "JobHeldUser";
    j.priority = 0;
    // Looked at once, by the submission; passes skip held jobs (scheduling_pass.cc).
    j.last_sched_evaluation = im.now;
    // A held job with a future begin time still shows it as eligible and expected start
    // (oracle, 22.05: now+3600 held -> both submit + 3600, accrue 0).
    if (j.begin_time) j.eligible_time = j.start_time = j.begin_time;
  } else {
    if (spec.priority && im.is_admin(who)) {
      j.priority = static_cast<uint32_t>(*spec.priority);
    } else {
      j.priority = im.next_priority(spec);
    }
    if (dep.empty() && j.begin_time == 0) j.eligible_time = j.accrue_time = im.now;
    // A future begin time: eligible, accruing and expected to start then (as the oracle shows).
    // (accrue_time stays 0 until then).
    if (j.begin_time) {
      j.eligible_time = j.start_time = j.begin_time;
      j.accrue_time = 0;
    }
  }
  // It cannot run as asked: no age accrues.
  if (!result.ok() && result.code() == Errno::kRequestedPartConfigUnavailable) j.accrue_time = 0;
  if (!array_indices.empty()) {
    j.array_job_id = j.job_id;
    j.array_max_tasks = array_max_tasks;
    j.array_task_string = format_array_indices(array_indices, array_max_tasks);
  }
  uint32_t id = j.job_id;
  if (!array_indices.empty()) im.arrays[id] = std::move(array_indices);
  im.set_shape(id, shape);
  j.dependency_left = Dependencies::untested(dep);
  j.dependency_either = dep_either;
  if (!dep.empty()) im.deps[id] = std::move(dep);
  im.index(job.get());
  im.account(*job);
  im.add_job(std::move(job));
  ++im.stats.jobs_submitted;
  im.note("job ", id, " submitted to ", p->config.name);
  if (begin > im.now) im.push_event(begin, EventKind::kWake, id);
  im.schedule(id);
  // Kept off its nodes by another job's reservation (not a MAINT one) at its submission: queued
  // with the note (oracle, 26.05.5: asked/resv_sched/ 005, resv_sched_later/ 002 and 004; none
  // for a job waiting on maintenance, 002).
  if (const Job* queued = im.job_at(id);
      result.ok() && queued && queued->state == JobState::kPending &&
      queued->state_description == "ReqNodeNotAvail, May be reserved for other job")
    result = error(Errno::kRequiredNodeNotAvailable);
  if (out) out->job_id = id;
  return result;
}

}  // namespace scheduler_sim
