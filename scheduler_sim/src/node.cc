// Node state strings as the v0.0.36 plugin prints them.
#include "scheduler_sim/node.h"

namespace scheduler_sim {

// The oracle prints "allocated" for a node with only some CPUs in use (v0.0.36 does not
// report MIXED; sinfo computes it client-side), so kMixed renders as "allocated" too.
// Drain/fail flags follow Slurm's names: drained/draining, fail/failing.
std::string Node::state_string() const {
  const bool busy = base == NodeBase::kAllocated || base == NodeBase::kMixed;
  if (base == NodeBase::kDown) return drain ? "drained" : "down";
  if (drain) return busy ? "draining" : "drained";
  if (fail) return busy ? "failing" : "fail";
  switch (base) {
    case NodeBase::kIdle: return "idle";
    case NodeBase::kMixed:
    case NodeBase::kAllocated: return "allocated";
    case NodeBase::kFuture: return "future";
    case NodeBase::kError: return "error";
    case NodeBase::kUnknown: return "unknown";
    case NodeBase::kDown: break;
  }
  return "unknown";
}

}  // namespace scheduler_sim
