// Node state strings as the v0.0.36 plugin prints them.
#include "scheduler_sim/node.h"

namespace scheduler_sim {

// The oracle prints "allocated" for a node with only some CPUs in use (v0.0.36 does not
// report MIXED; sinfo computes it client-side), so kMixed renders as "allocated" too.
// Drain/fail flags follow Slurm's names: drained/draining, fail/failing.
std::string Node::state_string() const {
  // v0.0.36 prints the base state only: drain, fail and power flags never show (a drained idle
  // node is "idle", checked on a real 22.05.8 daemon), and a partly used node is "allocated".
  switch (base) {
    case NodeBase::kIdle: return "idle";
    case NodeBase::kMixed:
    case NodeBase::kAllocated: return "allocated";
    case NodeBase::kDown: return "down";
    case NodeBase::kFuture: return "future";
    case NodeBase::kError: return "error";
    case NodeBase::kUnknown: return "unknown";
  }
  return "unknown";
}

}  // namespace scheduler_sim
