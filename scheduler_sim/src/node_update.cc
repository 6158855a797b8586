// An administrator's node update and delete (scontrol update/delete nodename=...), as
// slurmctld applies them (measured on 24.11 and 26.05: docs/oracle-notes/node-writes.md).
#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "scheduler_sim/ascii.h"
#include "scheduler_sim/hostlist.h"
#include "sim_state.h"

namespace scheduler_sim {

namespace {

std::vector<std::string> split_features(const std::string& csv) {
  std::vector<std::string> out;
  std::stringstream ss(csv);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : ",") + i;
  return s;
}

bool subset(const std::vector<std::string>& part, const std::vector<std::string>& whole) {
  const std::set<std::string> w(whole.begin(), whole.end());
  return std::all_of(part.begin(), part.end(), [&](const auto& f) { return w.count(f) != 0; });
}

// The node indices `names` lists, in its order; a name the cluster does not have ends the
// list (*unknown set). A malformed expression names no node.
std::vector<int> resolve(const SimState& im, const std::string& names, bool* unknown) {
  std::vector<std::string> list;
  try {
    list = expand_hostlist(names);
  } catch (const std::exception&) {
    list.clear();
  }
  *unknown = list.empty();
  std::vector<int> out;
  for (const std::string& name : list) {
    int found = -1;
    for (size_t i = 0; i < im.nodes.size() && found < 0; ++i)
      if (im.nodes[i].config.name == name && !im.nodes[i].deleted) found = static_cast<int>(i);
    if (found < 0) {
      *unknown = true;
      break;
    }
    out.push_back(found);
  }
  return out;
}

// Node i's Weight changes: its place in the per-partition free lists moves with it.
void set_weight(SimState& im, int i, int64_t weight) {
  Node& n = im.nodes[i];
  const int free = n.config.cpus - n.alloc_cpus;
  if (free > 0)
    for (int pi : im.node_partitions[i]) im.free_nodes[pi].erase({n.config.weight, free, i});
  n.config.weight = weight;
  if (free > 0)
    for (int pi : im.node_partitions[i]) im.free_nodes[pi].emplace(weight, free, i);
}

// A running job whose node an administrator set DOWN goes back to the queue (Slurm's
// JobRequeue default). Oracle: PENDING, reason None, restart_cnt + 1, submit_time = now,
// eligible and start time 121 s later, accrue_time 0.
void requeue_from_down_node(SimState& im, Job* job) {
  im.return_to_queue(job);
  job->configuring = false;
  job->state_reason = "None";
  job->submit_time = im.now;
  job->accrue_time = 0;
  job->end_time = job->start_time + (job->time_limit ? *job->time_limit * 60 : kNoLimitRunSeconds);
  im.push_event(job->begin_time, EventKind::kWake, job->job_id);
  im.note("job ", job->job_id, " requeued, its node was set down");
}

// The state change alone; the node's other fields are the caller's.
Status change_state(SimState& im, int i, const std::string& state) {
  Node& n = im.nodes[i];
  const bool modern = im.options.node_update_clears_reasons;
  const Status invalid =
      error(modern ? Errno::kInvalidNodeStateTransition : Errno::kInvalidNodeState);
  const std::string s = ascii_lower(state);
  bool back_in_service = false;
  if (s == "resume") {
    if (n.drain || n.fail) {
      n.drain = n.fail = false;
    } else if (n.base == NodeBase::kDown || n.base == NodeBase::kFuture) {
      n.base = NodeBase::kIdle;
    } else {
      return invalid;
    }
    back_in_service = true;
  } else if (s == "idle") {
    n.drain = n.fail = false;
    if (n.base == NodeBase::kDown || n.base == NodeBase::kFuture) n.base = NodeBase::kIdle;
    back_in_service = true;
  } else if (s == "undrain") {
    n.drain = false;
    back_in_service = true;
  } else if (s == "drain") {
    n.drain = true;
  } else if (s == "fail") {
    n.fail = true;
  } else if (s == "down") {
    n.base = NodeBase::kDown;
    // An allocation is not requeued, nor a job submitted with requeue off: it ends NODE_FAIL,
    // NodeDown, exit SIGHUP (measured on 24.11; the latter on 26.05).
    for (auto& [id, j] : im.jobs) {
      if (j->state != JobState::kRunning || !ClusterState::job_on_node(*j, i)) continue;
      if (is_allocation(j->spec) || !j->spec.requeue.value_or(true))
        im.finish(j.get(), JobState::kNodeFail, "NodeDown", 1);
      else requeue_from_down_node(im, j.get());
    }
    im.set_alloc(i, 0, 0);
    const std::span<char> busy = im.busy_cpus(i);
    std::fill(busy.begin(), busy.end(), 0);
  } else if (s == "future") {
    if (n.alloc_cpus > 0) return invalid;
    n.base = NodeBase::kFuture;
  } else if (s == "power_down" || s == "power_up" || s == "power_down_asap" ||
             s == "power_down_force") {
    if (!im.power_saving())
      return error(modern ? Errno::kInvalidPowerAction : Errno::kInvalidNodeState);
    if (s == "power_up") {
      if (n.powered_down && n.base != NodeBase::kDown) im.begin_power_up(i);
    } else if (n.alloc_cpus == 0 && !n.powered_down && !n.powering_down && !n.powering_up) {
      im.begin_power_down(i);
    }
    return Status::Ok();
  } else {
    return invalid;
  }
  if (back_in_service) n.resume_after = 0;  // no timed return left to make
  if (back_in_service && modern) {
    n.reason.clear();
    n.reason_set_by_uid.reset();
    n.reason_changed_at = 0;
  }
  ClusterState::refresh_base(&n);
  return Status::Ok();
}

// One node's update: fields, then the reason, then the state (a reason given with a state the
// node cannot take is still kept by 24.11's slurmctld, not by 26.05's).
Status update_one(SimState& im, int i, const NodeUpdate& u, const Identity& who) {
  Node& n = im.nodes[i];
  const std::vector<std::string> available = split_features(n.config.features);
  const std::vector<std::string> active =
      n.active_features ? split_features(*n.active_features) : available;
  const std::vector<std::string> none;
  const bool new_available = (u.features && !u.features->empty()) || u.features_unreadable;
  const bool new_active = u.active_features && !u.active_features->empty();
  const std::vector<std::string>& want_available =
      u.features_unreadable ? none : (new_available ? *u.features : available);
  const std::vector<std::string>& want_active = new_active ? *u.active_features : active;
  if ((new_available || new_active) && !subset(want_active, want_available))
    return error(Errno::kActiveFeatureNotSubset);
  if (new_available) n.config.features = joined(want_available);
  if (new_active || new_available) {
    const std::string act = joined(want_active);
    if (act == n.config.features) n.active_features.reset();
    else n.active_features = act;
  }
  if (u.comment) n.comment = *u.comment;
  if (u.extra) n.extra = *u.extra;
  if (u.gres) n.config.gres = *u.gres;
  if (u.address && !u.address->empty()) n.config.address = *u.address;
  if (u.hostname && !u.hostname->empty()) n.config.hostname = *u.hostname;
  if (u.weight) set_weight(im, i, *u.weight);
  if (u.cpu_bind && *u.cpu_bind != 0) n.cpu_binding = *u.cpu_bind;
  if (u.topology) n.topology = *u.topology;
  const bool modern = im.options.node_update_clears_reasons;
  auto set_reason = [&] {
    n.reason = *u.reason;
    n.reason_set_by_uid = who.uid;
    n.reason_changed_at = im.now;
  };
  if (u.reason && !modern) set_reason();
  if (!u.state) return Status::Ok();
  Status st = change_state(im, i, *u.state);
  if (st.ok() && u.reason && modern) set_reason();
  // resume_after is kept with DOWN only (the case measured); slurmctld's timer brings the node
  // back at the time asked (the real timer's pass lands 10-20 s later: docs/differences.md).
  if (st.ok() && u.resume_after && ascii_lower(*u.state) == "down") {
    n.resume_after = im.now + *u.resume_after;
    im.file_event(n.resume_after, Event{EventKind::kNodeResumeAfter, static_cast<uint32_t>(i), 0});
  }
  im.note("node ", n.config.name, " updated: ", ascii_lower(*u.state));
  return st;
}

}  // namespace

void SimState::resume_after_due(int i) {
  Node& n = nodes[i];
  n.resume_after = 0;
  if (change_state(*this, i, "resume").ok())
    note("node ", n.config.name, " resumed after its time");
}

Status Simulator::update_node(const std::string& names, const NodeUpdate& update,
                              const Identity& who) {
  Impl& im = *impl_;
  if (!im.is_admin(who)) return error(Errno::kUserIdMissing);
  bool unknown = false;
  const std::vector<int> nodes = resolve(im, names, &unknown);
  Status result;
  for (int i : nodes) {
    Status st = update_one(im, i, update, who);
    if (!st.ok()) result = st;
  }
  if (unknown) result = error(Errno::kInvalidNodeName);
  if (!nodes.empty()) {
    im.note("nodes ", names, " updated");
    im.schedule();
  }
  return result;
}

}  // namespace scheduler_sim
