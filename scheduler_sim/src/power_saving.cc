// Power saving (SuspendTime set): ParallelCluster's cloud nodes power down when idle, boot
// for the jobs placed on them, and may fail to resume.
#include <algorithm>

#include "sim_state.h"

namespace scheduler_sim {

// An idle, powered-up node powers down SuspendTime after it was last busy.
void SimState::arm_idle_check(int i) {
  const Node& n = nodes[i];
  if (!power_saving() || n.alloc_cpus > 0 || n.powered_down || n.powering_up || n.powering_down)
    return;
  ++node_epochs[i];
  push_node_event(std::max(now, n.last_busy) + config.suspend_time, EventKind::kNodeIdleCheck, i);
}

void SimState::begin_power_down(int i) {
  Node& n = nodes[i];
  n.powering_down = true;
  ++node_epochs[i];
  push_node_event(now + config.suspend_timeout, EventKind::kNodePoweredDown, i);
  note("node ", n.config.name, " powering down");
}

// ResumeProgram runs: the node boots for cloud_boot_seconds unless a fault says it never will;
// ResumeTimeout after the start, a node still not up is marked down.
void SimState::begin_power_up(int i) {
  Node& n = nodes[i];
  n.powered_down = false;
  n.powering_down = false;
  n.powering_up = true;
  ++node_epochs[i];
  push_node_event(now + config.cloud_boot_seconds, EventKind::kNodeBooted, i);
  push_node_event(now + config.resume_timeout, EventKind::kNodeResumeTimeout, i);
  note("node ", n.config.name, " powering up");
}

void SimState::node_booted(int i) {
  Node& n = nodes[i];
  if (!n.powering_up || n.fail_resume) return;  // a failing resume waits for ResumeTimeout
  n.powering_up = false;
  n.boot_time = n.slurmd_start_time = now;
  note("node ", n.config.name, " booted");
  for (auto& [id, j] : jobs) {
    if (!j->configuring || !job_on_node(*j, i)) continue;
    bool all_up = true;
    for (const NodeAllocation& a : j->allocation)
      all_up = all_up && !nodes[a.node_index].powering_up;
    if (!all_up) continue;
    // The job's clock starts once its nodes are up: start_time moves to the boot's end.
    // end_time moves with it only under a time limit; without one a real 22.05.8 keeps
    // allocation + 365 days.
    j->configuring = false;
    j->start_time = now;
    note("job ", id, " configured, RUNNING");
    const int64_t allocation_end = j->end_time;
    launch(j.get());
    if (!j->time_limit) j->end_time = allocation_end;
  }
  arm_idle_check(i);  // booted by POWER_UP with no job: idles towards SuspendTime
}

// slurmctld: "not resumed by ResumeTimeout - marking down and power_save"; its jobs requeue.
void SimState::resume_timed_out(int i) {
  Node& n = nodes[i];
  if (!n.powering_up) return;
  n.powering_up = false;
  n.powered_down = true;
  n.fail_resume = false;
  n.base = NodeBase::kDown;
  n.reason = "ResumeTimeout reached";
  n.reason_changed_at = now;
  if (config.slurm_user == "root") n.reason_set_by_uid = 0;
  ++node_epochs[i];
  note("node ", n.config.name, " not resumed by ResumeTimeout, down");
  for (auto& [id, j] : jobs)
    if (j->state == JobState::kRunning && job_on_node(*j, i)) requeue_node_failure(j.get());
  set_alloc(i, 0, 0);
}

// SuspendTime has passed since the node was last busy: it powers down if still idle.
void SimState::idle_check(int i) {
  const Node& n = nodes[i];
  if (n.alloc_cpus == 0 && !n.powered_down && !n.powering_up && !n.powering_down)
    begin_power_down(i);
}

// SuspendTimeout after the power-down began: the node is off.
void SimState::powered_down(int i) {
  Node& n = nodes[i];
  n.powering_down = false;
  n.powered_down = true;
  ++node_epochs[i];
  note("node ", n.config.name, " powered down");
}

}  // namespace scheduler_sim
