// Renders simulator records as the v0.0.37 objects: v0.0.36's with the keys v0.0.37 adds,
// drops, renames or names differently (docs/oracle-notes/versions-22.05.md section 4).
#pragma once

#include <string>
#include <utility>

#include "v0_0_36/dump.h"

namespace mock_slurmrestd::v0_0_37 {

using v0_0_36::DumpContext;

void dump_job(Json& out, const scheduler_sim::Job& job, const DumpContext& ctx);
void dump_node(Json& out, const scheduler_sim::Node& node, const DumpContext& ctx);
// GET .../node/{name}: as dump_node, but the daemon lists the partitions of the cluster's first
// node, whichever node was asked for (recorded: vX/node_down, node_drained, node_reserved:
// queue2 nodes shown in ["queue1"]).
void dump_one_node(Json& out, const scheduler_sim::Node& node, const DumpContext& ctx);
void dump_partition(Json& out, const scheduler_sim::Partition& p, const DumpContext& ctx);

// Rebuilds `obj` key by key: `each(out, key, value)` decides what goes to `out` for each of
// the old keys in order (nothing, the same, renamed, or followed by new keys).
// The new object's room is reserved up front: its entries keep their keys const, so every
// growth of the vector behind it would copy each key string again.
template <class F>
void rebuild(Json& obj, F&& each) {
  Json out = Json::object();
  out.get_ref<Json::object_t&>().reserve(obj.size() + 16);
  for (auto it = obj.begin(); it != obj.end(); ++it) each(out, it.key(), std::move(it.value()));
  obj = std::move(out);
}

}  // namespace mock_slurmrestd::v0_0_37
