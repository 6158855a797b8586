// Node state changes from outside (scontrol update nodename=... state=...), and faults.
#include <algorithm>
#include <span>
#include <string>

#include "scheduler_sim/ascii.h"
#include "sim_state.h"

namespace scheduler_sim {

Status Simulator::set_node_state(const std::string& node, const std::string& state,
                                 const std::string& reason) {
  Impl& im = *impl_;
  Node* n = nullptr;
  int index = -1;
  for (size_t i = 0; i < im.nodes.size(); ++i)
    if (im.nodes[i].config.name == node) n = &im.nodes[i], index = static_cast<int>(i);
  if (!n) return error(Errno::kInvalidNodeName);
  std::string s = ascii_lower(state);
  if (s == "down") {
    n->base = NodeBase::kDown;
    // Jobs on a node that goes down end as NODE_FAIL.
    for (auto& [id, j] : im.jobs) {
      if (j->state != JobState::kRunning) continue;
      for (const NodeAllocation& a : j->allocation)
        if (a.node_index == index) {
          // An allocation's end shows SIGHUP (measured on 24.11), a batch job's 0 (22.05).
          im.finish(j.get(), JobState::kNodeFail, "NodeDown", is_allocation(j->spec) ? 1 : 0);
          break;
        }
    }
    im.set_alloc(index, 0, 0);
    const std::span<char> busy = im.busy_cpus(index);
    std::fill(busy.begin(), busy.end(), 0);
  } else if (s == "drain") {
    n->drain = true;
  } else if (s == "fail") {
    n->fail = true;
  } else if (s == "fail_resume") {
    n->fail_resume = true;
    im.note("node ", node, " will fail to resume");
    return Status::Ok();
  } else if (s == "power_down") {
    if (!im.power_saving()) return error(Errno::kInvalidNodeState);
    if (n->alloc_cpus == 0 && !n->powered_down && !n->powering_down && !n->powering_up)
      im.begin_power_down(index);
    im.schedule();
    return Status::Ok();
  } else if (s == "power_up") {
    if (!im.power_saving()) return error(Errno::kInvalidNodeState);
    if (n->powered_down && n->base != NodeBase::kDown) im.begin_power_up(index);
    im.schedule();
    return Status::Ok();
  } else if (s == "resume" || s == "idle") {
    n->drain = n->fail = false;
    if (n->base == NodeBase::kDown || n->base == NodeBase::kFuture) n->base = NodeBase::kIdle;
    ClusterState::refresh_base(n);
  } else {
    return error(Errno::kInvalidNodeState);
  }
  n->reason = (s == "resume" || s == "idle") ? "" : reason;
  n->reason_changed_at = (s == "resume" || s == "idle") ? 0 : im.now;
  im.note("node ", node, " ", s);
  im.schedule();
  return Status::Ok();
}

}  // namespace scheduler_sim
