// Checks dump_* output against bodies captured from the real slurmrestd
// (tests/data/oracle).
#include "v0_0_36/dump.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "oracle_data.h"

namespace mock_slurmrestd::v0_0_36 {
namespace {

namespace sim = scheduler_sim;

// ---------------------------------------------------------------------------------------------
// Comparison: same keys in the same order, same JSON types, same values (unless
// excused).

// JSON type family as a client sees it (signed/unsigned integers are one
// family).
std::string kind(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "bool";
  if (v.is_number_float()) return "float";
  if (v.is_number()) return "integer";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

struct CompareRules {
  std::set<std::string> ignore_values;  // key names whose values may differ (types may not)
  std::set<std::string> size_only;      // objects compared by member count only
};

void compare(const Json& got, const Json& want, const std::string& path, const CompareRules& r,
             std::vector<std::string>* diffs) {
  if (kind(got) != kind(want)) {
    diffs->push_back(path + ": type " + kind(got) + " != oracle " + kind(want));
    return;
  }
  const std::string key = path.substr(path.rfind('.') + 1);
  if (got.is_object()) {
    if (r.size_only.count(key)) {
      if (got.size() != want.size())
        diffs->push_back(path + ": " + std::to_string(got.size()) + " members != oracle " +
                         std::to_string(want.size()));
      return;
    }
    std::vector<std::string> gk, wk;
    for (auto it = got.begin(); it != got.end(); ++it) gk.push_back(it.key());
    for (auto it = want.begin(); it != want.end(); ++it) wk.push_back(it.key());
    if (gk != wk) {
      std::string g, w;
      for (auto& k : gk) g += k + " ";
      for (auto& k : wk) w += k + " ";
      diffs->push_back(path + ": keys [" + g + "] != oracle [" + w + "]");
      return;
    }
    for (const auto& k : wk) compare(got[k], want[k], path + "." + k, r, diffs);
    return;
  }
  if (got.is_array()) {
    if (got.size() != want.size() && !r.ignore_values.count(key)) {
      diffs->push_back(path + ": " + got.dump() + " != oracle " + want.dump());
      return;
    }
    for (size_t i = 0; i < std::min(got.size(), want.size()); ++i)
      compare(got[i], want[i], path + "." + std::to_string(i), r, diffs);
    return;
  }
  if (!r.ignore_values.count(key) && got != want)
    diffs->push_back(path + ": " + got.dump() + " != oracle " + want.dump());
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

Json load(const std::string& file) { return Json::parse(testing::read_oracle_file(file)); }

// ---------------------------------------------------------------------------------------------
// The oracle's cluster: /tmp/real-slurm/etc/slurm.conf (parallelcluster, 2 x 10
// nodes).

struct Cluster {
  sim::ClusterConfig config;
  std::vector<sim::Node> nodes;
  std::vector<sim::Partition> partitions;

  Cluster() {
    config.cluster_name = "parallelcluster";
    const struct {
      const char* queue;
      const char* prefix;
      const char* features;
      int first_port;
    } queues[] = {{"queue1", "queue1-dy-t3micro-", "dynamic,t3.micro,t3micro", 17001},
                  {"queue2", "queue2-dy-c5large-", "dynamic,c5.large,c5large", 17011}};
    for (const auto& q : queues) {
      sim::Partition p;
      p.config.name = q.queue;
      p.config.nodes_expr = std::string(q.prefix) + "[1-10]";
      p.config.is_default = std::string(q.queue) == "queue1";
      for (int i = 1; i <= 10; ++i) {
        sim::Node n;
        n.config.name = q.prefix + std::to_string(i);
        n.config.address = "127.0.0.1";
        n.config.hostname = "localhost";
        n.config.port = q.first_port + i - 1;
        n.config.cpus = 2;  // CPUs=2 only: sockets/cores left at their defaults
        n.config.real_memory = 900;
        n.config.features = q.features;
        n.config.state = "UNKNOWN";
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
  DumpContext ctx(sim::SimTime now = 0, const HostFacts* host = nullptr) const {
    return DumpContext{config, nodes, partitions, now, host};
  }
};

sim::JobState state_from(const std::string& s) {
  static const std::pair<const char*, sim::JobState> kStates[] = {
      {"PENDING", sim::JobState::kPending},     {"RUNNING", sim::JobState::kRunning},
      {"COMPLETED", sim::JobState::kCompleted}, {"CANCELLED", sim::JobState::kCancelled},
      {"FAILED", sim::JobState::kFailed},       {"TIMEOUT", sim::JobState::kTimeout}};
  for (const auto& [name, st] : kStates)
    if (s == name) return st;
  ADD_FAILURE() << "unexpected state " << s;
  return sim::JobState::kPending;
}

// What the simulator's record holds for a job the oracle shows: identity,
// times, state and placement as the controller tracks them. Everything
// v0.0.36-specific (flags, TRES strings, job_resources, nulls, end time of
// running jobs, held priority) is left for dump_job to derive.
sim::Job record_like(const Json& o, const Cluster& c, sim::JobSpec spec) {
  sim::Job j;
  j.spec = std::move(spec);
  j.cpus_set = j.spec.cpus_per_task.has_value();  // as a submission sets it
  j.job_id = o["job_id"].get<uint32_t>();
  j.user = {"ec2-user", o["user_id"].get<uint32_t>(), o["group_id"].get<uint32_t>()};
  j.name = j.spec.name.value_or("openapi");  // as v0.0.36 names an unnamed job
  j.partition = o["partition"].get<std::string>();
  j.state = state_from(o["job_state"].get<std::string>());
  j.state_reason = o["state_reason"].get<std::string>();
  j.held = j.state_reason == "JobHeldUser";
  j.was_running = !o["job_resources"].empty();
  j.priority = j.held ? 4294901700u : o["priority"].get<uint32_t>();  // a hold must zero it
  j.array_job_id = o["array_job_id"].get<uint32_t>();
  if (!o["array_task_id"].is_null()) j.array_task_id = o["array_task_id"].get<uint32_t>();
  j.array_task_string = o["array_task_string"].get<std::string>();
  j.submit_time = o["submit_time"].get<int64_t>();
  j.eligible_time = o["eligible_time"].get<int64_t>();
  j.accrue_time = o["accrue_time"].get<int64_t>();
  j.start_time = j.was_running ? o["start_time"].get<int64_t>() : 0;
  j.last_sched_evaluation = o["last_sched_evaluation"].get<int64_t>();
  j.time_limit = j.spec.time_limit;
  j.cpus = std::max<int>(
      1, static_cast<int>(j.spec.tasks.value_or(1) * j.spec.cpus_per_task.value_or(1)));
  j.tasks = static_cast<int>(j.spec.tasks.value_or(1));
  j.node_count = j.spec.nodes ? std::stoi(*j.spec.nodes) : 1;
  j.requested_cpus = j.cpus;
  j.requested_nodes = j.node_count;
  j.exit_status = o["exit_code"].get<int>();
  const std::string state = o["job_state"].get<std::string>();
  if (state != "PENDING" && state != "RUNNING") j.end_time = o["end_time"].get<int64_t>();
  if (j.was_running) {
    j.nodes = o["nodes"].get<std::string>();
    j.batch_host = o["batch_host"].get<std::string>();
    const Json& alloc = o["job_resources"]["allocated_nodes"];
    std::vector<std::string> names;
    if (j.node_count == 1) {
      names.push_back(j.nodes);
    } else {  // "prefix[a-b]" in the fixtures
      auto lb = j.nodes.find('['), dash = j.nodes.find('-', lb);
      std::string prefix = j.nodes.substr(0, lb);
      int a = std::stoi(j.nodes.substr(lb + 1)), b = std::stoi(j.nodes.substr(dash + 1));
      for (int i = a; i <= b; ++i) names.push_back(prefix + std::to_string(i));
    }
    int per_node = j.cpus / j.node_count;
    for (const auto& n : names) j.allocation.push_back({c.index_of(n), per_node, 0});
    EXPECT_EQ(alloc.size(), j.allocation.size());
  }
  return j;
}

sim::JobSpec base_spec(const char* name) {
  sim::JobSpec s;
  s.script = "#!/bin/bash\nsleep 300";
  if (name != nullptr) s.name = name;
  s.current_working_directory = "/tmp";
  s.environment = {{"PATH", "/bin:/usr/bin"}};
  return s;
}

// Sockets hold the index of the CPU the controller picked, which the record
// does not keep.
const CompareRules kJobRules{{}, {"sockets"}};

std::vector<std::string> check_job(const std::string& file, size_t index,
                                   const sim::JobSpec& spec) {
  Cluster c;
  Json want = load(file)["jobs"].at(index);
  sim::Job job = record_like(want, c, spec);
  Json got;
  dump_job(got, job, c.ctx());
  std::vector<std::string> diffs;
  compare(got, want, file, kJobRules, &diffs);
  return diffs;
}

// ---------------------------------------------------------------------------------------------
// Jobs: one test per state the oracle showed.

TEST(DumpJob, RunningMatchesOracle) {
  auto d = check_job("job_running.json", 0, base_spec("dump_running"));
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, PendingHeldMatchesOracle) {
  auto spec = base_spec("dump_held");
  spec.hold = true;
  auto d = check_job("job_pending_held.json", 0, spec);
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, PendingOnDependencyMatchesOracle) {
  auto spec = base_spec("dump_dep");
  spec.dependency = "afterok:9";
  auto d = check_job("job_pending_dependency.json", 0, spec);
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, CompletedMatchesOracle) {
  auto d = check_job("job_completed.json", 0, base_spec("dump_completed"));
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, FailedMatchesOracle) {
  auto d = check_job("job_failed.json", 0, base_spec("dump_failed"));
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, CancelledWhileRunningMatchesOracle) {
  auto d = check_job("job_cancelled.json", 0, base_spec("dump_cancelled"));
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, CancelledWhilePendingMatchesOracle) {
  auto spec = base_spec("dump_held");
  spec.hold = true;
  auto d = check_job("job_cancelled_pending.json", 0, spec);
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, TimeoutMatchesOracle) {
  auto spec = base_spec("dump_timeout");
  spec.time_limit = 1;
  auto d = check_job("job_timeout.json", 0, spec);
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, UnnamedJobIsCalledOpenapi) {
  auto d = check_job("job_unnamed.json", 0, base_spec(nullptr));
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, TasksMemoryPerNodeAndTwoNodesMatchOracle) {
  auto spec = base_spec("dump_res");
  spec.tasks = 2;
  spec.cpus_per_task = 1;
  spec.memory_per_node = 100;
  spec.nodes = "2";
  auto d = check_job("job_resources.json", 0, spec);
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, FinishedJobWithCpusAndMemorySetMatchesOracle) {
  auto spec = base_spec("dump_res");
  spec.tasks = 2;
  spec.cpus_per_task = 1;
  spec.memory_per_node = 100;
  spec.nodes = "2";
  auto d = check_job("job_resources_cancelled.json", 0, spec);
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, CpusPerTaskAndMemoryPerCpuMatchOracle) {
  auto spec = base_spec("dump_rescpu");
  spec.tasks = 1;
  spec.cpus_per_task = 2;
  spec.memory_per_cpu = 50;
  spec.partition = "queue2";
  auto d = check_job("job_resources_per_cpu.json", 0, spec);
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, RunningArrayTasksMatchOracle) {
  auto spec = base_spec("dump_array");
  spec.array = "1-3";
  for (size_t i = 0; i < 3; ++i) {
    auto d = check_job("job_array.json", i, spec);
    EXPECT_TRUE(d.empty()) << "task " << i << "\n" << join(d);
  }
}

TEST(DumpJob, PendingArrayMetaRecordMatchesOracle) {
  auto spec = base_spec("dump_array_held");
  spec.array = "1-3";
  spec.hold = true;
  auto d = check_job("job_array_pending_held.json", 0, spec);
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, KeyOrderIsTheSameInEveryOracleState) {
  const std::vector<std::string> files = {"job_running.json",
                                          "job_pending_held.json",
                                          "job_completed.json",
                                          "job_failed.json",
                                          "job_cancelled.json",
                                          "job_timeout.json",
                                          "job_array.json",
                                          "job_resources.json",
                                          "job_cancelled_pending.json",
                                          "job_pending_dependency.json"};
  Cluster c;
  sim::Job pending;
  pending.job_id = 1;
  Json got;
  dump_job(got, pending, c.ctx());
  std::vector<std::string> mine;
  for (auto it = got.begin(); it != got.end(); ++it) mine.push_back(it.key());
  for (const auto& f : files) {
    Json o = load(f)["jobs"][0];
    std::vector<std::string> theirs;
    for (auto it = o.begin(); it != o.end(); ++it) theirs.push_back(it.key());
    EXPECT_EQ(mine, theirs) << f;
  }
}

// The comparison itself must catch a renamed, dropped, reordered or retyped
// key.
TEST(DumpJob, ComparisonFailsOnRenamedDroppedOrRetypedKeys) {
  Cluster c;
  Json want = load("job_running.json")["jobs"][0];
  sim::Job job = record_like(want, c, base_spec("dump_running"));
  Json got;
  dump_job(got, job, c.ctx());
  std::vector<std::string> diffs;
  compare(got, want, "job", kJobRules, &diffs);
  ASSERT_TRUE(diffs.empty()) << join(diffs);

  Json renamed;
  for (auto it = got.begin(); it != got.end(); ++it)
    renamed[it.key() == "user_name" ? std::string("username") : it.key()] = it.value();
  compare(renamed, want, "job", kJobRules, &diffs);
  EXPECT_EQ(diffs.size(), 1u);

  diffs.clear();
  Json dropped = got;
  dropped.erase("array_task_id");
  compare(dropped, want, "job", kJobRules, &diffs);
  EXPECT_EQ(diffs.size(), 1u);

  diffs.clear();
  Json retyped = got;
  retyped["billable_tres"] = 1;  // integer instead of 1.0
  compare(retyped, want, "job", kJobRules, &diffs);
  EXPECT_EQ(diffs.size(), 1u);
}

TEST(DumpJob, DerivedValues) {
  Cluster c;
  sim::Job j;
  j.job_id = 7;
  j.state = sim::JobState::kRunning;
  j.start_time = 1000;
  j.cpus = 2;
  j.node_count = 1;
  j.requested_cpus = 2;
  j.partition = "queue1";
  j.allocation.push_back({0, 2, 0});
  j.nodes = "queue1-dy-t3micro-1";
  Json out;
  dump_job(out, j, c.ctx());
  EXPECT_EQ(out["end_time"], 1000 + 365LL * 24 * 3600);  // no limit: one year
  EXPECT_TRUE(out["time_limit"].is_null());
  EXPECT_EQ(out["tres_req_str"], "cpu=2,mem=900M,node=1,billing=2");
  EXPECT_EQ(out["tres_alloc_str"], "cpu=2,node=1,billing=2");
  EXPECT_EQ(out["billable_tres"].get<double>(), 2.0);
  EXPECT_EQ(out["job_resources"]["allocated_nodes"]["0"]["sockets"].size(), 2u);
  j.time_limit = 5;
  dump_job(out, j, c.ctx());
  EXPECT_EQ(out["end_time"], 1300);
  EXPECT_EQ(out["time_limit"], 5);

  sim::Job dep;
  dep.spec.dependency = "afterok:3:4,singleton";
  dep.state_reason = "Dependency";
  dump_job(out, dep, c.ctx());
  EXPECT_EQ(out["dependency"],
            "afterok:3(unfulfilled),afterok:4(unfulfilled),singleton(unfulfilled)");
}

TEST(DumpTres, MemoryUnits) {
  EXPECT_EQ(format_tres_memory(900), "900M");
  EXPECT_EQ(format_tres_memory(9000), "9000M");
  EXPECT_EQ(format_tres_memory(4096), "4G");
  EXPECT_EQ(format_tres_memory(2 * 1024 * 1024), "2T");
  EXPECT_EQ(format_tres_memory(0), "0M");
}

// ---------------------------------------------------------------------------------------------
// Nodes, partitions, diag, ping.

TEST(DumpNode, EveryOracleNodeMatches) {
  Cluster c;
  Json want_all = load("nodes.json")["nodes"];
  ASSERT_EQ(want_all.size(), c.nodes.size());
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    const Json& want = want_all[i];
    sim::Node n = c.nodes[i];
    const std::string state = want["state"].get<std::string>();
    n.base = state == "idle" ? sim::NodeBase::kIdle : sim::NodeBase::kMixed;
    if (state == "allocated") n.alloc_cpus = 1;
    n.boot_time = want["boot_time"].get<int64_t>();
    n.slurmd_start_time = want["slurmd_start_time"].get<int64_t>();
    HostFacts host;  // per-host measurements are the machine's, not the model's
    host.operating_system = want["operating_system"].get<std::string>();
    host.cpu_load = want["cpu_load"].get<int64_t>();
    host.free_memory = want["free_memory"].get<int64_t>();
    Json got;
    dump_node(got, n, c.ctx(0, &host));
    std::vector<std::string> diffs;
    compare(got, want, "nodes." + std::to_string(i), {}, &diffs);
    EXPECT_TRUE(diffs.empty()) << join(diffs);
  }
}

TEST(DumpNode, StateStrings) {
  const std::vector<sim::Node> none;
  const std::vector<sim::Partition> no_parts;
  sim::ClusterConfig cfg;
  DumpContext ctx{cfg, none, no_parts, 0};
  sim::Node n;
  auto state = [&] {
    Json out;
    dump_node(out, n, ctx);
    return out["state"].get<std::string>();
  };
  n.base = sim::NodeBase::kMixed;
  EXPECT_EQ(state(), "allocated");  // the oracle shows sinfo's "mix" as allocated
  n.base = sim::NodeBase::kIdle;
  n.drain = true;
  EXPECT_EQ(state(), "idle");  // flags never print: a drained idle node is "idle"
  n.base = sim::NodeBase::kDown;
  EXPECT_EQ(state(), "down");
}

TEST(DumpPartition, EveryOraclePartitionMatches) {
  Cluster c;
  Json want_all = load("partitions.json")["partitions"];
  ASSERT_EQ(want_all.size(), c.partitions.size());
  for (size_t i = 0; i < c.partitions.size(); ++i) {
    Json got;
    dump_partition(got, c.partitions[i], c.ctx());
    std::vector<std::string> diffs;
    compare(got, want_all[i], "partitions." + std::to_string(i), {}, &diffs);
    EXPECT_TRUE(diffs.empty()) << join(diffs);
  }
  Json single = load("partition_single.json")["partitions"][0];
  Json got;
  dump_partition(got, c.partitions[1], c.ctx());
  EXPECT_EQ(got, single);
}

TEST(DumpDiag, KeysTypesAndCounters) {
  Cluster c;
  Json want = load("diag.json")["statistics"];
  sim::SimStats s;
  s.start_time = want["req_time_start"].get<int64_t>();
  s.jobs_submitted = want["jobs_submitted"].get<uint64_t>();
  s.jobs_started = want["jobs_started"].get<uint64_t>();
  s.jobs_completed = want["jobs_completed"].get<uint64_t>();
  s.jobs_canceled = want["jobs_canceled"].get<uint64_t>();
  s.jobs_failed = want["jobs_failed"].get<uint64_t>();
  std::vector<sim::Job> jobs(want["jobs_pending"].get<size_t>() +
                             want["jobs_running"].get<size_t>());
  std::vector<const sim::Job*> ptrs;
  for (size_t i = 0; i < jobs.size(); ++i) {
    const bool pending = i < want["jobs_pending"].get<size_t>();
    jobs[i].state = pending ? sim::JobState::kPending : sim::JobState::kRunning;
    jobs[i].submit_time = s.start_time;
    jobs[i].was_running = !pending;
    jobs[i].start_time = s.start_time;
    ptrs.push_back(&jobs[i]);
  }
  // A job started after the last 30 s snapshot is not counted yet.
  const int64_t req_time = want["req_time"].get<int64_t>();
  const int64_t snapshot = s.start_time + (req_time - s.start_time) / 30 * 30;
  sim::Job late;
  late.state = sim::JobState::kRunning;
  late.was_running = true;
  late.submit_time = late.start_time = snapshot + 1;
  ptrs.push_back(&late);
  Json got;
  dump_diag(got, s, c.ctx(req_time), ptrs);
  EXPECT_EQ(got["job_states_ts"], snapshot);
  // Scheduler timings and cycle counts are the real controller's; only shape
  // and the job counters are the model's.
  CompareRules rules;
  for (auto it = want.begin(); it != want.end(); ++it)
    if (it.key().rfind("jobs_", 0) != 0 && it.key() != "req_time" && it.key() != "req_time_start")
      rules.ignore_values.insert(it.key());
  std::vector<std::string> diffs;
  compare(got, want, "statistics", rules, &diffs);
  EXPECT_TRUE(diffs.empty()) << join(diffs);
}

TEST(DumpPing, MatchesOracle) {
  Json want = load("ping.json")["pings"][0];
  Json got;
  dump_ping(got, want["hostname"].get<std::string>());
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace mock_slurmrestd::v0_0_36
