// v0.0.37 and v0.0.38 objects against every recording of the real 22.05 daemon: for each
// object a recorded answer holds, the mock renders the same story's record and must give the
// same keys in the same order with the same JSON types (values where the record fixes them).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "releases.h"
#include "v0_0_36/dump.h"
#include "v0_0_37/dump.h"
#include "v0_0_37/plugin.h"
#include "v0_0_38/dump.h"
#include "v0_0_38/plugin.h"

namespace mock_slurmrestd {
namespace {

namespace sim = scheduler_sim;
using v0_0_36::DumpContext;

std::string kind(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "bool";
  if (v.is_number_float()) return "float";
  if (v.is_number()) return "integer";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

// Same keys in the same order and the same types, recursively; objects keyed by ids
// ("sockets", "cores") only by type, as they name the CPUs the controller picked.
void shape(const Json& got, const Json& want, const std::string& path,
           std::vector<std::string>* diffs) {
  if (kind(got) != kind(want)) {
    diffs->push_back(path + ": " + kind(got) + " != recorded " + kind(want));
    return;
  }
  const std::string key = path.substr(path.rfind('.') + 1);
  if (got.is_object() && key != "sockets" && key != "cores") {
    std::vector<std::string> gk, wk;
    for (auto it = got.begin(); it != got.end(); ++it) gk.push_back(it.key());
    for (auto it = want.begin(); it != want.end(); ++it) wk.push_back(it.key());
    if (gk != wk) {
      std::string g, w;
      for (auto& k : gk) g += k + " ";
      for (auto& k : wk) w += k + " ";
      diffs->push_back(path + ": keys [" + g + "] != recorded [" + w + "]");
      return;
    }
    for (const auto& k : wk) shape(got[k], want[k], path + "." + k, diffs);
  } else if (got.is_array()) {
    for (size_t i = 0; i < std::min(got.size(), want.size()); ++i)
      shape(got[i], want[i], path + "." + std::to_string(i), diffs);
  }
}

void same_values(const Json& got, const Json& want, const std::vector<const char*>& keys,
                 const std::string& path, std::vector<std::string>* diffs) {
  for (const char* k : keys) {
    if (got.value(k, Json()) != want.value(k, Json()))
      diffs->push_back(path + "." + k + ": " + got.value(k, Json()).dump() + " != recorded " +
                       want.value(k, Json()).dump());
  }
}

// The recorder's cluster (parallelcluster: 2 partitions x 10 nodes of 2 CPUs).
struct Cluster {
  sim::ClusterConfig config;
  std::vector<sim::Node> nodes;
  std::vector<sim::Partition> partitions;
  Cluster() {
    config.cluster_name = "parallelcluster";
    const char* queues[][3] = {{"queue1", "queue1-dy-t3micro-", "dynamic,t3.micro,t3micro"},
                               {"queue2", "queue2-dy-c5large-", "dynamic,c5.large,c5large"}};
    int port = 17001;
    for (const auto& q : queues) {
      sim::Partition p;
      p.config.name = q[0];
      p.config.nodes_expr = std::string(q[1]) + "[1-10]";
      p.config.is_default = p.config.name == "queue1";
      for (int i = 1; i <= 10; ++i) {
        sim::Node n;
        n.config.name = q[1] + std::to_string(i);
        n.config.address = "127.0.0.1";
        n.config.hostname = "localhost";
        n.config.port = port++;
        n.config.cpus = 2;
        n.config.real_memory = 900;
        n.config.features = q[2];
        p.config.node_names.push_back(n.config.name);
        p.node_indices.push_back(static_cast<int>(nodes.size()));
        config.nodes.push_back(n.config);
        nodes.push_back(n);
      }
      config.partitions.push_back(p.config);
      partitions.push_back(p);
    }
  }
  int index_of(const std::string& name) const {
    for (size_t i = 0; i < nodes.size(); ++i)
      if (nodes[i].config.name == name) return static_cast<int>(i);
    return -1;
  }
  DumpContext ctx() const { return DumpContext{config, nodes, partitions, 0, nullptr}; }
};

struct Dumps {
  void (*job)(Json&, const sim::Job&, const DumpContext&);
  void (*node)(Json&, const sim::Node&, const DumpContext&);
  void (*one_node)(Json&, const sim::Node&, const DumpContext&);
  void (*partition)(Json&, const sim::Partition&, const DumpContext&);
};

Dumps dumps_of(const std::string& version) {
  if (version == "v0.0.37")
    return {&v0_0_37::dump_job, &v0_0_37::dump_node, &v0_0_37::dump_one_node,
            &v0_0_37::dump_partition};
  return {&v0_0_38::dump_job, &v0_0_37::dump_node, &v0_0_37::dump_one_node,
          &v0_0_38::dump_partition};
}

sim::JobState state_from(const std::string& s) {
  if (s == "RUNNING") return sim::JobState::kRunning;
  if (s == "COMPLETED") return sim::JobState::kCompleted;
  if (s == "CANCELLED") return sim::JobState::kCancelled;
  if (s == "FAILED") return sim::JobState::kFailed;
  if (s == "TIMEOUT") return sim::JobState::kTimeout;
  return sim::JobState::kPending;
}

// The simulator's record of a recorded job: what the controller tracks (ids, user, state,
// times, placement); the version's dump derives the rest.
sim::Job record_like(const Json& o, Cluster& c) {
  sim::Job j;
  j.job_id = o["job_id"].get<uint32_t>();
  j.user = {"ec2-user", o["user_id"].get<uint32_t>(), o["group_id"].get<uint32_t>()};
  j.name = o["name"].get<std::string>();
  j.partition = o["partition"].get<std::string>();
  j.state = state_from(o["job_state"].get<std::string>());
  j.state_reason = o["state_reason"].get<std::string>();
  j.held = j.state_reason == "JobHeldUser";
  j.priority = o["priority"].get<uint32_t>();
  j.array_job_id = o["array_job_id"].get<uint32_t>();
  if (!o["array_task_id"].is_null()) j.array_task_id = o["array_task_id"].get<uint32_t>();
  j.array_task_string = o["array_task_string"].get<std::string>();
  j.submit_time = o["submit_time"].get<int64_t>();
  j.eligible_time = o["eligible_time"].get<int64_t>();
  j.accrue_time = o["accrue_time"].get<int64_t>();
  if (!o["time_limit"].is_null()) j.time_limit = o["time_limit"].get<int64_t>();
  j.spec.time_limit = j.time_limit;
  if (o["shared"].is_string()) j.spec.shared = o["shared"].get<std::string>();
  if (o.value("container", "") != "") j.spec.container = o["container"].get<std::string>();
  if (o.value("prefer", "") != "") j.spec.prefer = o["prefer"].get<std::string>();
  const Json resources = o.value("job_resources", Json::object());
  j.was_running = !resources.empty();
  j.start_time = j.was_running ? o["start_time"].get<int64_t>() : 0;
  j.cpus = o["cpus"].is_null() ? 1 : o["cpus"].get<int>();
  j.tasks = o["tasks"].is_null() ? 1 : o["tasks"].get<int>();
  j.node_count = o["node_count"].get<int>();
  j.requested_cpus = j.cpus;
  j.requested_nodes = j.node_count;
  j.exit_status = o["exit_code"].get<int>();
  if (j.state != sim::JobState::kPending && j.state != sim::JobState::kRunning)
    j.end_time = o["end_time"].get<int64_t>();
  if (j.was_running) {
    j.nodes = o["nodes"].get<std::string>();
    j.batch_host = o["batch_host"].get<std::string>();
    const int per_node = std::max(1, resources["allocated_cpus"].get<int>() /
                                         std::max(1, resources["allocated_hosts"].get<int>()));
    const Json& alloc = resources["allocated_nodes"];
    for (size_t i = 0; i < alloc.size(); ++i) {
      std::string name = alloc.is_array() ? alloc[i]["nodename"].get<std::string>() : j.nodes;
      if (alloc.is_object() && j.nodes.find('[') != std::string::npos) {
        // "prefix[a-b]": the i-th of the range
        auto lb = j.nodes.find('[');
        name = j.nodes.substr(0, lb) + std::to_string(std::stoi(j.nodes.substr(lb + 1)) + i);
      }
      j.allocation.push_back({c.index_of(name), per_node, 0, {}});
    }
  }
  return j;
}

sim::Node node_like(const Json& o, const Cluster& c) {
  int index = c.index_of(o["name"].get<std::string>());
  sim::Node n = index >= 0 ? c.nodes[index] : sim::Node{};
  const std::string state = o["state"].get<std::string>();
  n.base = state == "idle"        ? sim::NodeBase::kIdle
           : state == "mixed"     ? sim::NodeBase::kMixed
           : state == "allocated" ? sim::NodeBase::kAllocated
           : state == "down"      ? sim::NodeBase::kDown
                                  : sim::NodeBase::kUnknown;
  n.alloc_cpus = o["alloc_cpus"].get<int>();
  for (const auto& f : o["state_flags"]) n.drain = n.drain || f == "DRAIN";
  n.reason = o["reason"].get<std::string>();
  if (o["reason_set_by_user"] == "root") n.reason_set_by_uid = 0;
  n.last_busy = o["last_busy"].get<int64_t>();
  n.boot_time = o["boot_time"].get<int64_t>();
  n.slurmd_start_time = o["slurmd_start_time"].get<int64_t>();
  return n;
}

struct Tally {
  int objects = 0;
  int matched = 0;
  std::vector<std::string> diffs;
};

void check_file(const std::string& version, const std::filesystem::path& file, Tally* t) {
  std::ifstream in(file);
  Json rec = Json::parse(in);
  const Json& answer = rec["answer"];
  if (!answer.contains("json") || !answer["json"].is_object()) return;
  const Json& body = answer["json"];
  const std::string where = version + "/" + file.stem().string();
  Cluster c;
  const Dumps d = dumps_of(version);
  auto count = [&](std::vector<std::string> diffs) {
    ++t->objects;
    if (diffs.empty()) ++t->matched;
    for (auto& s : diffs) t->diffs.push_back(std::move(s));
  };
  // meta: the version's own, on every JSON answer
  if (body.contains("meta")) {
    SlurmRelease r = default_release();
    Json meta = version == "v0.0.37" ? v0_0_37::meta(r) : v0_0_38::meta(r);
    std::vector<std::string> diffs;
    if (meta != body["meta"]) diffs.push_back(where + ".meta: " + meta.dump());
    count(diffs);
  }
  for (size_t i = 0; body.contains("jobs") && i < body["jobs"].size(); ++i) {
    const Json& want = body["jobs"][i];
    sim::Job job = record_like(want, c);
    Json got;
    d.job(got, job, c.ctx());
    std::vector<std::string> diffs;
    const std::string path = where + ".jobs." + std::to_string(i);
    shape(got, want, path, &diffs);
    same_values(got, want, {"user_name", "job_state", "name"}, path, &diffs);
    if (want.contains("container")) same_values(got, want, {"container", "prefer"}, path, &diffs);
    count(diffs);
  }
  for (size_t i = 0; body.contains("nodes") && i < body["nodes"].size(); ++i) {
    const Json& want = body["nodes"][i];
    Json got;
    const bool single =
        rec["request"]["path"].get<std::string>().find("/node/") != std::string::npos;
    (single ? d.one_node : d.node)(got, node_like(want, c), c.ctx());
    std::vector<std::string> diffs;
    const std::string path = where + ".nodes." + std::to_string(i);
    shape(got, want, path, &diffs);
    same_values(got, want,
                {"state", "state_flags", "partitions", "alloc_cpus", "idle_cpus", "tres_used",
                 "tres_weighted", "extra", "last_busy", "next_state_after_reboot_flags"},
                path, &diffs);
    count(diffs);
  }
  for (size_t i = 0; body.contains("partitions") && i < body["partitions"].size(); ++i) {
    const Json& want = body["partitions"][i];
    const sim::Partition* p = nullptr;
    for (const auto& candidate : c.partitions)
      if (candidate.config.name == want["name"]) p = &candidate;
    ASSERT_NE(p, nullptr) << where;
    Json got;
    d.partition(got, *p, c.ctx());
    std::vector<std::string> diffs;
    const std::string path = where + ".partitions." + std::to_string(i);
    if (got != want) diffs.push_back(path + ": " + got.dump() + " != recorded " + want.dump());
    count(diffs);
  }
  if (body.contains("statistics") && version == "v0.0.38") {
    Json got;
    v0_0_38::dump_diag(got, sim::SimStats{}, c.ctx(), {}, {});
    std::vector<std::string> diffs;
    // the RPC lists are empty in the mock (docs/differences.md): compare keys and types only
    Json want = body["statistics"];
    want["rpcs_by_message_type"] = Json::array();
    want["rpcs_by_user"] = Json::array();
    shape(got, want, where + ".statistics", &diffs);
    count(diffs);
  }
}

int run_version(const std::string& version, Tally* t) {
  const std::filesystem::path dir = std::filesystem::path(MOCK_ORACLE_DATA_DIR) / "22.05" / version;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) check_file(version, f, t);
  return static_cast<int>(files.size());
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size() && i < 40; ++i) out += v[i] + "\n";
  return out;
}

TEST(VersionDump, V0_0_37ObjectsMatchEveryRecording) {
  Tally t;
  EXPECT_GT(run_version("v0.0.37", &t), 100);
  EXPECT_GT(t.objects, 300);
  std::cout << "v0.0.37: " << t.matched << "/" << t.objects << " recorded objects match\n";
  EXPECT_EQ(t.matched, t.objects) << join(t.diffs);
}

TEST(VersionDump, V0_0_38ObjectsMatchEveryRecording) {
  Tally t;
  EXPECT_GT(run_version("v0.0.38", &t), 100);
  EXPECT_GT(t.objects, 300);
  std::cout << "v0.0.38: " << t.matched << "/" << t.objects << " recorded objects match\n";
  EXPECT_EQ(t.matched, t.objects) << join(t.diffs);
}

}  // namespace
}  // namespace mock_slurmrestd
