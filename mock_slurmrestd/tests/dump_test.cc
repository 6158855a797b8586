// Checks dump_* output against bodies captured from the real slurmrestd (tests/data/oracle); the
// jobs dumped are made by the simulator from the recording's story, not copied from the record.
#include "v0_0_36/dump.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "oracle_data.h"
#include "scheduler_sim/simulator.h"
#include "scheduler_sim/slurm_conf.h"
#include "v0_0_36/parse.h"

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

// ---------------------------------------------------------------------------------------------
// Jobs: each oracle record is compared with the job the simulator makes of the same story.
// The job is submitted through v0.0.36's parser into a simulator on the oracle's cluster
// (default_cluster() is fixtures/clusters/parallelcluster), after a history like the recording
// session's: so many submissions before it (its job id), so many of them taking a priority
// value (held jobs take none), the partition's nodes before its node busy, and the partition
// full until the instant it started (the real scheduler's latency, docs/differences.md #4).
// Every field compared (state, reason, times, flags, resources, exit code) is the simulator's.

constexpr uint32_t kTopPriority = 0xFFFF0000u;  // priority/basic counts down from here
const sim::Identity kUser{"ec2-user", 1001, 1001};

// A submission body as a client sends it (fields, plus the cwd and environment every
// recorded job had).
Json submission(Json fields, const std::string& script = "#!/bin/bash\nsleep 300") {
  fields["current_working_directory"] = "/tmp";
  fields["environment"] = Json{{"PATH", "/bin:/usr/bin"}};
  return Json{{"job", std::move(fields)}, {"script", script}};
}

struct History {
  sim::SimTime submit_time;    // the recorded job's submit instant
  uint32_t job_id;             // its id: job_id - 1 submissions came before it
  uint32_t priority_rank = 0;  // kTopPriority - its priority (0: held, no value taken)
  std::string partition = "queue1";
  int node = 1;         // 1-based place in the partition of its (first) node
  int start_delay = 0;  // seconds between its submit and its start
};

class Story {
 public:
  // `shape` submits the `shaping` jobs (each taking a priority value) that leave the cluster
  // as the recorded job found it; held and instantly finished jobs make up the rest.
  Story(const History& h, int shaping, const std::function<void(Story&)>& shape)
      : h_(h), sim_(sim::default_cluster(), {.start_time = h.submit_time, .event_log_limit = 0}) {
    // The submissions before: those that took a priority value, and held ones that did not.
    const int priced = h.priority_rank > 0 ? static_cast<int>(h.priority_rank) - 1
                                           : static_cast<int>(h.job_id) - 1;
    const int held = static_cast<int>(h.job_id) - 1 - priced;
    const int instant = priced - shaping;
    EXPECT_GE(held, 0);
    EXPECT_GE(instant, 0);
    for (int i = 0; i < held; ++i) submit(submission({{"name", "held"}, {"hold", true}}));
    // Jobs with nothing to run start and end at once.
    for (int i = 0; i < instant; ++i) submit(submission({{"name", "done"}}, "#!/bin/bash\ntrue"));
    sim_.run_until(h.submit_time);
    shape(*this);
  }
  // The usual shape: the partition's nodes before the job's busy, the rest full until its start.
  explicit Story(const History& h)
      : Story(h, (h.node > 1 ? 1 : 0) + (h.start_delay > 0 ? 1 : 0), [h](Story& s) {
          const int in_partition =
              static_cast<int>(s.sim().find_partition(h.partition)->node_indices.size());
          if (h.node > 1) s.whole_nodes(h.node - 1, "#!/bin/bash\nsleep 100000");
          if (h.start_delay > 0)
            s.whole_nodes(in_partition - h.node + 1,
                          "#!/bin/bash\nsleep " + std::to_string(h.start_delay));
        }) {}

  // A job on `count` whole nodes of the story's partition, the first free ones (two tasks on
  // each of its 2-CPU nodes).
  void whole_nodes(int count, const std::string& script) {
    submit(submission({{"name", "filler"},
                       {"partition", h_.partition},
                       {"nodes", std::to_string(count)},
                       {"tasks", 2 * count}},
                      script));
  }

  uint32_t submit(const Json& body) {
    ParseResult parsed = parse_job_submission(body);
    EXPECT_TRUE(parsed.ok) << body.dump();
    sim::SubmitResult r;
    sim::Status s = sim_.submit(parsed.spec, kUser, &r);
    EXPECT_TRUE(s.ok()) << body.dump();
    return r.job_id;
  }
  // The recorded job itself: it must get the recorded id.
  uint32_t submit_job(const Json& body) {
    uint32_t id = submit(body);
    EXPECT_EQ(id, h_.job_id);
    sim_.run_until(h_.submit_time + h_.start_delay);
    return id;
  }
  void at(int64_t seconds_after_submit) { sim_.run_until(h_.submit_time + seconds_after_submit); }
  void cancel(uint32_t id) { EXPECT_TRUE(sim_.signal(id, 9, kUser).ok()); }
  // The recordings of finished jobs were read after their epilog (COMPLETING, 1 s here).
  void past_epilog() { sim_.advance(1); }
  sim::Simulator& sim() { return sim_; }
  const History& history() const { return h_; }

  Json dump(uint32_t id) {
    const sim::Job* job = sim_.find_job(id);
    EXPECT_NE(job, nullptr) << id;
    Json out;
    if (job == nullptr) return out;
    dump_job(out, *job, DumpContext{sim_.config(), sim_.nodes(), sim_.partitions(), sim_.now()});
    return out;
  }

 private:
  History h_;
  sim::Simulator sim_;
};

// Sockets hold the index of the CPU the controller picked, which the simulator does not keep.
const CompareRules kJobRules{{}, {"sockets"}};

std::vector<std::string> compare_job(const Json& got, const std::string& file, size_t index = 0,
                                     const CompareRules& rules = kJobRules) {
  std::vector<std::string> diffs;
  compare(got, load(file)["jobs"].at(index), file, rules, &diffs);
  return diffs;
}

TEST(DumpJob, RunningMatchesOracle) {
  Story s(
      {.submit_time = 1795635690, .job_id = 9, .priority_rank = 8, .node = 2, .start_delay = 1});
  uint32_t id = s.submit_job(submission({{"name", "dump_running"}}));
  Json got = s.dump(id);
  EXPECT_EQ(got["job_state"], "RUNNING");
  auto d = compare_job(got, "job_running.json");
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, PendingHeldMatchesOracle) {
  Story s({.submit_time = 1795635690, .job_id = 8});
  uint32_t id = s.submit_job(submission({{"name", "dump_held"}, {"hold", true}}));
  Json got = s.dump(id);
  EXPECT_EQ(got["job_state"], "PENDING");
  EXPECT_EQ(got["state_reason"], "JobHeldUser");
  auto d = compare_job(got, "job_pending_held.json");
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, PendingOnDependencyMatchesOracle) {
  // Job 9 is one of the held jobs before it: the dependency stays unfulfilled.
  Story s({.submit_time = 1795635750, .job_id = 85, .priority_rank = 35});
  uint32_t id = s.submit_job(submission({{"name", "dump_dep"}, {"dependency", "afterok:9"}}));
  Json got = s.dump(id);
  EXPECT_EQ(got["job_state"], "PENDING");
  EXPECT_EQ(got["state_reason"], "Dependency");
  auto d = compare_job(got, "job_pending_dependency.json");
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, CompletedMatchesOracle) {
  Story s(
      {.submit_time = 1795635690, .job_id = 10, .priority_rank = 9, .node = 4, .start_delay = 1});
  uint32_t id = s.submit_job(submission({{"name", "dump_completed"}}, "#!/bin/bash\ntrue"));
  s.past_epilog();
  Json got = s.dump(id);
  EXPECT_EQ(got["job_state"], "COMPLETED");
  auto d = compare_job(got, "job_completed.json");
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, FailedMatchesOracle) {
  Story s({.submit_time = 1795635691, .job_id = 11, .priority_rank = 10, .node = 4});
  uint32_t id = s.submit_job(submission({{"name", "dump_failed"}}, "#!/bin/bash\nexit 3"));
  s.past_epilog();
  Json got = s.dump(id);
  EXPECT_EQ(got["job_state"], "FAILED");
  EXPECT_EQ(got["state_reason"], "NonZeroExitCode");
  auto d = compare_job(got, "job_failed.json");
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, CancelledWhileRunningMatchesOracle) {
  Story s({.submit_time = 1795635691, .job_id = 12, .priority_rank = 11, .node = 5});
  uint32_t id = s.submit_job(submission({{"name", "dump_cancelled"}}));
  s.at(6);
  s.cancel(id);
  s.past_epilog();
  Json got = s.dump(id);
  EXPECT_EQ(got["job_state"], "CANCELLED");
  auto d = compare_job(got, "job_cancelled.json");
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, CancelledWhilePendingMatchesOracle) {
  Story s({.submit_time = 1795635690, .job_id = 8});
  uint32_t id = s.submit_job(submission({{"name", "dump_held"}, {"hold", true}}));
  // The recording went on (jobs 9 on were submitted and started after it): the scheduler ran
  // while the job waited.
  s.at(1);
  s.submit(submission({{"name", "later"}}));
  s.at(128);
  s.cancel(id);
  Json got = s.dump(id);
  EXPECT_EQ(got["job_state"], "CANCELLED");
  auto d = compare_job(got, "job_cancelled_pending.json");
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, TimeoutMatchesOracle) {
  Story s({.submit_time = 1795635685, .job_id = 2, .priority_rank = 2});
  uint32_t id = s.submit_job(submission({{"name", "dump_timeout"}, {"time_limit", 1}}));
  s.at(600);
  Json got = s.dump(id);
  EXPECT_EQ(got["job_state"], "TIMEOUT");
  EXPECT_EQ(got["state_reason"], "TimeLimit");
  // The real controller kills 27-84 s after the limit, at its periodic check; the simulator at
  // the limit (docs/differences.md #5). Everything else is the same.
  Json want = load("job_timeout.json")["jobs"][0];
  const int64_t late = want["end_time"].get<int64_t>() - got["end_time"].get<int64_t>();
  EXPECT_GE(late, 27);
  EXPECT_LE(late, 84);
  EXPECT_EQ(got["end_time"].get<int64_t>() - got["start_time"].get<int64_t>(), 60);
  got["end_time"] = want["end_time"];
  std::vector<std::string> d;
  compare(got, want, "job_timeout.json", kJobRules, &d);
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, UnnamedJobIsCalledOpenapi) {
  Story s({.submit_time = 1795635691, .job_id = 13, .priority_rank = 12, .node = 5});
  uint32_t id = s.submit_job(submission(Json::object()));
  Json got = s.dump(id);
  EXPECT_EQ(got["name"], "openapi");
  auto d = compare_job(got, "job_unnamed.json");
  EXPECT_TRUE(d.empty()) << join(d);
}

Json two_node_job() {
  return submission({{"name", "dump_res"},
                     {"tasks", 2},
                     {"cpus_per_task", 1},
                     {"memory_per_node", 100},
                     {"nodes", "2"}});
}

TEST(DumpJob, TasksMemoryPerNodeAndTwoNodesMatchOracle) {
  Story s({.submit_time = 1795635691, .job_id = 14, .priority_rank = 13, .node = 6});
  uint32_t id = s.submit_job(two_node_job());
  auto d = compare_job(s.dump(id), "job_resources.json");
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, FinishedJobWithCpusAndMemorySetMatchesOracle) {
  Story s({.submit_time = 1795635691, .job_id = 14, .priority_rank = 13, .node = 6});
  uint32_t id = s.submit_job(two_node_job());
  s.at(127);
  s.cancel(id);
  s.past_epilog();
  Json got = s.dump(id);
  EXPECT_EQ(got["job_state"], "CANCELLED");
  auto d = compare_job(got, "job_resources_cancelled.json");
  EXPECT_TRUE(d.empty()) << join(d);
}

TEST(DumpJob, CpusPerTaskAndMemoryPerCpuMatchOracle) {
  Story s({.submit_time = 1795635692,
           .job_id = 15,
           .priority_rank = 14,
           .partition = "queue2",
           .node = 1,
           .start_delay = 2});
  uint32_t id = s.submit_job(submission({{"name", "dump_rescpu"},
                                         {"tasks", 1},
                                         {"cpus_per_task", 2},
                                         {"memory_per_cpu", 50},
                                         {"partition", "queue2"}}));
  auto d = compare_job(s.dump(id), "job_resources_per_cpu.json");
  EXPECT_TRUE(d.empty()) << join(d);
}

// The recording's array (job 16, "1-3"): submitted while the partition was full; 2 s later
// its tasks started, split off with new ids (task 1 job 18, task 2 job 19: job 17, a held
// array, came in between; the last task keeps 16): tasks 1 and 2 on node 4, task 3 on node 6
// (nodes 1-3 and 5 full; in the recording job 14 held one CPU of node 6 throughout, and the
// CPUs of nodes 4, 6 and 7-10 came free for the start).
std::unique_ptr<Story> array_story() {
  auto story = std::make_unique<Story>(
      History{.submit_time = 1795635692, .job_id = 16, .priority_rank = 15, .start_delay = 2}, 6,
      [](Story& s) {
        s.whole_nodes(3, "#!/bin/bash\nsleep 100000");  // nodes 1-3
        s.whole_nodes(1, "#!/bin/bash\nsleep 2");       // node 4, until the start
        s.whole_nodes(1, "#!/bin/bash\nsleep 100000");  // node 5
        s.submit(submission({{"name", "cpu"}}, "#!/bin/bash\nsleep 100000"));  // node 6
        s.submit(submission({{"name", "cpu"}}, "#!/bin/bash\nsleep 2"));       // node 6
        s.whole_nodes(4, "#!/bin/bash\nsleep 2");                              // nodes 7-10
      });
  Story& s = *story;
  EXPECT_EQ(s.submit(submission({{"name", "dump_array"}, {"array", "1-3"}})), 16u);
  EXPECT_EQ(s.submit(submission({{"name", "dump_array_held"}, {"array", "1-3"}, {"hold", true}})),
            17u);
  s.at(2);
  return story;
}

TEST(DumpJob, RunningArrayTasksMatchOracle) {
  std::unique_ptr<Story> story = array_story();
  Story& s = *story;
  // The oracle lists task 3 (job 16), task 2 (job 19), task 1 (job 18).
  const uint32_t ids[] = {16, 19, 18};
  for (size_t i = 0; i < 3; ++i) {
    Json got = s.dump(ids[i]);
    EXPECT_EQ(got["job_state"], "RUNNING") << ids[i];
    // accrue_time of array tasks: the submit time here, 0 or a time on the real daemon
    // depending on its scheduler's timers (docs/differences.md #24).
    EXPECT_EQ(got["accrue_time"], 1795635692);
    const Json want = load("job_array.json")["jobs"][i];
    got["accrue_time"] = want["accrue_time"];
    // eligible_time: the submit instant here; on the real daemon the first scheduler pass
    // that looked at the array, which was the one that started its tasks (docs/differences.md
    // #39).
    EXPECT_EQ(got["eligible_time"], 1795635692);
    EXPECT_EQ(want["eligible_time"], want["start_time"]);
    got["eligible_time"] = want["eligible_time"];
    // Placement: the simulator's best fit per node puts task 1 on node 6 (one CPU free) and
    // task 3 on node 4; select/cons_tres fits the smallest run of consecutive free nodes, node 4
    // alone, for tasks 1 and 2 (docs/differences.md #38). Each task runs on one of the two.
    const std::string mine = got["batch_host"], theirs = want["batch_host"];
    EXPECT_EQ(mine, i == 1 ? theirs
                           : (theirs == "queue1-dy-t3micro-4" ? "queue1-dy-t3micro-6"
                                                              : "queue1-dy-t3micro-4"));
    for (const char* k : {"batch_host", "nodes"}) got[k] = want[k];
    got["job_resources"]["nodes"] = want["job_resources"]["nodes"];
    auto d = compare_job(got, "job_array.json", i);
    EXPECT_TRUE(d.empty()) << "task " << i << "\n" << join(d);
  }
}

TEST(DumpJob, PendingArrayMetaRecordMatchesOracle) {
  std::unique_ptr<Story> story = array_story();
  Story& s = *story;
  Json got = s.dump(17);
  EXPECT_EQ(got["job_state"], "PENDING");
  auto d = compare_job(got, "job_array_pending_held.json");
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
  Json want = load("job_running.json")["jobs"][0];
  Story s(
      {.submit_time = 1795635690, .job_id = 9, .priority_rank = 8, .node = 2, .start_delay = 1});
  Json got = s.dump(s.submit_job(submission({{"name", "dump_running"}})));
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

  // A waiting job shows what the simulator's last test left, failed clauses included.
  sim::Job dep;
  dep.spec.dependency = "afterok:3:4,singleton";
  dep.state_reason = "Dependency";
  dep.dependency_left = {{.type = "afterok", .job_id = 3, .failed = true},
                         {.type = "afterok", .job_id = 4},
                         {.type = "singleton"}};
  dump_job(out, dep, c.ctx());
  EXPECT_EQ(out["dependency"], "afterok:3(failed),afterok:4(unfulfilled),singleton(unfulfilled)");
  // A held job is never tested: every clause as asked.
  dep.held = true;
  dep.dependency_left.clear();
  dump_job(out, dep, c.ctx());
  EXPECT_EQ(out["dependency"],
            "afterok:3(unfulfilled),afterok:4(unfulfilled),singleton(unfulfilled)");
  // Met (the job is past its dependency wait): nothing to show.
  dep.held = false;
  dep.state_reason = "None";
  dump_job(out, dep, c.ctx());
  EXPECT_EQ(out["dependency"], "");
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
  // The recording's moment, made by the simulator on the oracle's nodes: jobs running on
  // queue1's nodes 2 and 4-7 and on queue2's first node, the others idle (whole-node jobs
  // placed in order; the ones on nodes 1 and 3 have ended).
  sim::Simulator sim(c.config, {.start_time = 1795635690});
  auto run = [&](const std::string& partition, int nodes, const std::string& script) {
    ParseResult parsed = parse_job_submission(submission(
        {{"partition", partition}, {"nodes", std::to_string(nodes)}, {"tasks", 2 * nodes}},
        script));
    ASSERT_TRUE(parsed.ok);
    sim::SubmitResult r;
    ASSERT_TRUE(sim.submit(parsed.spec, kUser, &r).ok());
  };
  run("queue1", 1, "#!/bin/bash\nsleep 1");
  run("queue1", 1, "#!/bin/bash\nsleep 100000");
  run("queue1", 1, "#!/bin/bash\nsleep 1");
  run("queue1", 4, "#!/bin/bash\nsleep 100000");
  run("queue2", 1, "#!/bin/bash\nsleep 100000");
  sim.advance(1);
  ASSERT_EQ(want_all.size(), sim.nodes().size());
  for (size_t i = 0; i < sim.nodes().size(); ++i) {
    const Json& want = want_all[i];
    // The host's facts are the machine's, not the model's: when it booted and started slurmd,
    // its OS, load and free memory.
    sim::Node n = sim.nodes()[i];
    n.boot_time = want["boot_time"].get<int64_t>();
    n.slurmd_start_time = want["slurmd_start_time"].get<int64_t>();
    HostFacts host;
    host.operating_system = want["operating_system"].get<std::string>();
    host.cpu_load = want["cpu_load"].get<int64_t>();
    host.free_memory = want["free_memory"].get<int64_t>();
    Json got;
    dump_node(got, n, DumpContext{sim.config(), sim.nodes(), sim.partitions(), sim.now(), &host});
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
