// Dynamic nodes: scontrol create node (POST .../new/node/) and delete node, as Slurm 26.05.5
// answers (oracle: mock_slurmrestd/tests/data/oracle/26.05/asked/new_nodes/ and
// new_nodes_no_max/). A deleted node keeps its place in the node table (job allocations, node
// events and the CPU index address nodes by position) and is left out of every lookup.
#include <algorithm>
#include <sstream>

#include "scheduler_sim/ascii.h"
#include "scheduler_sim/hostlist.h"
#include "sim_state.h"

namespace scheduler_sim {

namespace {

// The node keys slurmctld takes in a node line; anything else is refused as a whole (-1).
bool known_key(const std::string& key) {
  static const char* const kKeys[] = {"nodename",       "nodeaddr",       "nodehostname",
                                      "cpus",           "realmemory",     "state",
                                      "boards",         "sockets",        "socketsperboard",
                                      "corespersocket", "threadspercore", "feature",
                                      "features",       "gres",           "weight",
                                      "tmpdisk",        "port",           "cpuspeclist",
                                      "memspeclimit",   "corespeccount",  "reason",
                                      "bcastaddr",      "topology"};
  return std::any_of(std::begin(kKeys), std::end(kKeys), [&](const char* k) { return key == k; });
}

}  // namespace

Status Simulator::create_nodes(const std::string& node_conf, const Identity& who) {
  Impl& im = *impl_;
  if (!im.is_admin(who)) return error(Errno::kUserIdMissing);
  std::istringstream words(node_conf);
  std::string word;
  bool first = true;
  while (words >> word) {
    const size_t eq = word.find('=');
    if (eq == std::string::npos) return error(Errno::kError);
    const std::string key = ascii_lower(word.substr(0, eq));
    if ((first && key != "nodename") || !known_key(key)) return error(Errno::kError);
    first = false;
  }
  if (first) return error(Errno::kError);  // nothing given
  ClusterConfig parsed;
  try {
    parsed = parse_slurm_conf(node_conf + "\n", "node_conf");
  } catch (const std::exception&) {
    return error(Errno::kError);
  }
  if (parsed.nodes.empty()) return error(Errno::kError);
  // Asked: only FUTURE and CLOUD nodes can be added (none given: 2028), then the name, then room.
  for (const NodeConfig& c : parsed.nodes) {
    const std::string st = ascii_lower(c.state);
    if (st != "future" && st != "cloud") return error(Errno::kInvalidNodeState);
  }
  for (const NodeConfig& c : parsed.nodes)
    if (find_node(c.name)) return error(Errno::kNodeAlreadyExists);
  const auto live =
      std::count_if(im.nodes.begin(), im.nodes.end(), [](const Node& n) { return !n.deleted; });
  if (static_cast<int64_t>(live + parsed.nodes.size()) >
      std::max<int64_t>(im.config.max_node_count, static_cast<int64_t>(im.config.nodes.size())))
    return error(Errno::kNodeTableFull);
  for (const NodeConfig& c : parsed.nodes) {
    Node n;
    n.config = c;
    n.dynamic = true;
    if (ascii_lower(c.state) == "future") {
      n.base = NodeBase::kFuture;
    } else {
      // Asked: a CLOUD node starts powered down, power saving or not.
      n.cloud = n.powered_down = true;
    }
    n.last_busy = im.now;
    n.reason_set_by_uid = who.uid;
    im.nodes.push_back(std::move(n));
    im.cpu_first.push_back(im.cpu_first.back() + static_cast<size_t>(std::max(0, c.cpus)));
    im.cpu_busy.resize(im.cpu_first.back(), 0);
    im.node_users.emplace_back();
    im.note("node ", c.name, " created");
  }
  im.partitions_changed(im.partitions.size());
  return Status::Ok();
}

Status Simulator::delete_node(const std::string& names, const Identity& who) {
  Impl& im = *impl_;
  if (!im.is_admin(who)) return error(Errno::kUserIdMissing);
  std::vector<std::string> list;
  try {
    list = expand_hostlist(names);
  } catch (const std::exception&) {
    list.clear();
  }
  std::vector<Node*> found;
  for (const std::string& name : list) {
    const Node* n = find_node(name);
    if (!n) break;
    found.push_back(const_cast<Node*>(n));
  }
  if (found.empty()) return error(Errno::kInvalidNodeName);
  // slurmctld deletes only dynamic nodes (a node of slurm.conf: 2028); one with jobs is busy
  // (not measured).
  for (const Node* n : found) {
    if (!n->dynamic) return error(Errno::kInvalidNodeState);
    if (n->alloc_cpus > 0 || n->completing_jobs > 0) return error(Errno::kNodesBusy);
  }
  for (Node* n : found) {
    n->deleted = true;
    for (Partition& p : im.partitions) {
      auto& names_of = p.config.node_names;
      const auto gone = std::remove(names_of.begin(), names_of.end(), n->config.name);
      if (gone == names_of.end()) continue;
      names_of.erase(gone, names_of.end());
      p.config.nodes_expr = compress_hostlist(names_of);
    }
    im.note("node ", n->config.name, " deleted");
  }
  im.partitions_changed(im.partitions.size());
  return Status::Ok();
}

}  // namespace scheduler_sim
