// Node updates and deletes on the 24.11 and 26.05 profiles against the real daemons: each
// version's recorded story (tests/data/oracle/<release>/asked/nodes/<version>/, made by
// contract_tests/tools/record_node_writes.py on a fresh cluster) is replayed in order on one
// mock, which must answer every exchange with the same status, content type and body (same
// keys in the same order, same types, same values but for times, the host and the connection).
// The few values the mock cannot match are listed in kAllowed, each with its reason
// (docs/differences.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "app.h"
#include "auth.h"
#include "auth_gate.h"
#include "releases.h"
#include "scheduler_sim/slurm_conf.h"

namespace mock_slurmrestd {
namespace {

// The recorder's cluster: the parallelcluster fixture as the launcher renders it, slurmd ports
// from `port_base` (18600 for 24.11, 18700 for 26.05).
std::string conf(int port_base) {
  const std::string q1 = std::to_string(port_base) + "-" + std::to_string(port_base + 9);
  const std::string q2 = std::to_string(port_base + 10) + "-" + std::to_string(port_base + 19);
  return "ClusterName=parallelcluster\nSlurmUser=slurm\nMinJobAge=600\n"
         "SchedulerType=sched/backfill\nSelectType=select/cons_tres\n"
         "SelectTypeParameters=CR_CPU\n"
         "NodeName=queue1-dy-t3micro-[1-10] NodeAddr=127.0.0.1 NodeHostname=localhost Port=[" +
         q1 +
         "] CPUs=2 RealMemory=900 State=UNKNOWN Feature=dynamic,t3.micro,t3micro\n"
         "NodeName=queue2-dy-c5large-[1-10] NodeAddr=127.0.0.1 NodeHostname=localhost Port=[" +
         q2 +
         "] CPUs=2 RealMemory=900 State=UNKNOWN Feature=dynamic,c5.large,c5large\n"
         "PartitionName=queue1 Nodes=queue1-dy-t3micro-[1-10] MaxTime=INFINITE State=UP "
         "Default=YES\n"
         "PartitionName=queue2 Nodes=queue2-dy-c5large-[1-10] MaxTime=INFINITE State=UP\n";
}

// Leaf keys whose values name a time, this host or the connection (user_id and group_id: the
// recording host's ec2-user): compared by type only.
const std::set<std::string> kVolatile = {"user_id",
                                         "group_id",
                                         "boot_time",
                                         "last_busy",
                                         "slurmd_start_time",
                                         "last_update",
                                         "cpu_load",
                                         "free_mem",
                                         "operating_system",
                                         "hostname",
                                         "source",
                                         "reason_changed_at",
                                         "submit_time",
                                         "eligible_time",
                                         "start_time",
                                         "end_time",
                                         "accrue_time",
                                         "last_sched_evaluation",
                                         "time_limit",
                                         "last_backfill",
                                         "pre_sus_time",
                                         "suspend_time",
                                         "resize_time",
                                         "deadline",
                                         "preempt_time",
                                         "preemptable_time"};

// What the mock cannot match, by case (the file name after its number) and the path of the
// value in the body: why is in docs/differences.md.
struct Allowed {
  const char* release;  // "" for both
  const char* case_name;
  const char* path;        // a prefix of the differing value's path
  const char* since = "";  // the first version it applies to ("" for every one)
};
const Allowed kAllowed[] = {
    // R33: a job requeued because its node was set DOWN shows reason None until slurmctld's
    // next pass (the simulator's pass runs at once: BeginTime), max_nodes 0, and the requeue's
    // accounting traces (SKIP_TRES_STRING_ACCOUNTING, its last run's tres_alloc_str).
    {"", "job_after_down", "body.jobs[0].state_reason"},
    {"", "job_after_down", "body.jobs[0].max_nodes"},
    {"", "job_after_down", "body.jobs[0].flags"},
    {"", "job_after_down", "body.jobs[0].tres_alloc_str"},
    // N8: the sluid names the submission's millisecond, which the simulator's clock has not.
    {"26.05", "job_on_draining", "body.jobs[0].step_id.sluid", "v0.0.44"},
    {"26.05", "job_after_down", "body.jobs[0].step_id.sluid", "v0.0.44"},
    // N8: 26.05's job objects are not yet the daemon's (another key set from v0.0.43 on,
    // standard_error); job_state, restart_cnt and nodes are compared below all the same.
};

bool applies(const Allowed& a, const std::string& release, const std::string& version) {
  return (!*a.release || release == a.release) && version >= a.since;
}

bool allowed(const std::string& release, const std::string& version, const std::string& case_name,
             const std::string& diff) {
  return std::any_of(std::begin(kAllowed), std::end(kAllowed), [&](const Allowed& a) {
    return applies(a, release, version) && case_name == a.case_name && diff.rfind(a.path, 0) == 0;
  });
}

std::string kind(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "bool";
  if (v.is_number_float()) return "float";
  if (v.is_number()) return "integer";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

void compare(const Json& got, const Json& want, const std::string& path,
             std::vector<std::string>* diffs) {
  const std::string key = path.substr(path.rfind('.') + 1);
  if (kind(got) != kind(want)) {
    diffs->push_back(path + ": " + kind(got) + " != recorded " + kind(want));
    return;
  }
  if (got.is_object()) {
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
    for (const auto& k : wk) compare(got[k], want[k], path + "." + k, diffs);
    return;
  }
  if (got.is_array()) {
    if (got.size() != want.size()) {
      diffs->push_back(path + ": " + got.dump() + " != recorded " + want.dump());
      return;
    }
    for (size_t i = 0; i < got.size(); ++i)
      compare(got[i], want[i], path + "[" + std::to_string(i) + "]", diffs);
    return;
  }
  // A {"set","infinite","number"} object's number is volatile when its key is.
  const std::string parent = path.substr(0, path.rfind('.'));
  const std::string owner = key == "number" ? parent.substr(parent.rfind('.') + 1) : key;
  if (kVolatile.count(owner)) return;
  if (got != want) diffs->push_back(path + ": " + got.dump() + " != recorded " + want.dump());
}

Json load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("missing recording " + path);
  return Json::parse(in);
}

// One mock of `release` serving the recorder's cluster; the recorded requests are asked of it
// in process, their token placeholders replaced by its own tokens.
class Profile {
 public:
  Profile(const std::string& release, int port_base)
      : app_(scheduler_sim::parse_slurm_conf(conf(port_base), ""), options(release),
             *find_release(release)) {
    register_routes(app_);
  }
  static ServerOptions options(const std::string& release) {
    ServerOptions o;
    o.slurm_version = release;
    o.clock = ClockMode::kManual;
    o.start_time = 1796629900;
    o.jwt_key = std::string(32, 'k');
    return o;
  }
  Response ask(const Json& request) {
    Request req;
    req.method = request["method"];
    split_target(request["path"], &req.path, &req.raw_query);
    req.query = parse_query(req.raw_query);
    for (auto it = request["headers"].begin(); it != request["headers"].end(); ++it)
      req.headers.emplace(lower(it.key()), token_for(it.value()));
    if (!request["body"].is_null()) {
      req.body = request["body"].dump();
      req.headers.emplace("content-type", "application/json");
    }
    req.peer = "[localhost]:40000";
    req.local_port = 6890;
    return handle_request(app_, req);
  }

 private:
  static std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  std::string token_for(const std::string& value) {
    if (value == "<valid token>") return mint_token(app_.jwt_key(), "ec2-user", 3600, wall_now());
    if (value == "<root's token>") return mint_token(app_.jwt_key(), "root", 3600, wall_now());
    if (!value.empty() && value[0] == '<') throw std::runtime_error("unknown placeholder " + value);
    return value;
  }
  App app_;
};

using Story = std::tuple<std::string, std::string, int>;  // release, version, slurmd ports
class NodeWrites : public ::testing::TestWithParam<Story> {};

TEST_P(NodeWrites, StoryAnswersAsRecorded) {
  const auto& [release, version, port_base] = GetParam();
  const std::string dir =
      std::string(MOCK_ORACLE_DATA_DIR) + "/" + release + "/asked/nodes/" + version;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 78u) << dir;
  Profile p(release, port_base);
  std::set<std::string> used;
  for (const std::string& f : files) {
    const Json rec = load(f);
    const std::string name = rec["case"];
    Response r = p.ask(rec["request"]);
    const Json& want = rec["answer"];
    std::vector<std::string> diffs;
    if (r.status != want["status"].get<int>())
      diffs.push_back("status " + std::to_string(r.status) + " != recorded " +
                      want["status"].dump());
    if (r.content_type != want["content_type"].get<std::string>())
      diffs.push_back("content type " + r.content_type);
    if (want["body"].is_string()) {
      if (r.text() != want["body"].get<std::string>())
        diffs.push_back("body '" + r.text() + "' != recorded " + want["body"].dump());
    } else {
      const Json got = Json::parse(r.text());
      compare(got, want["body"], "body", &diffs);
      // What the story asks of a job, whatever else its object holds.
      if (want["body"].contains("jobs") && !want["body"]["jobs"].empty()) {
        for (const char* k : {"job_state", "restart_cnt", "nodes", "partition"})
          EXPECT_EQ(got["jobs"][0][k], want["body"]["jobs"][0][k]) << release << " " << name;
      }
    }
    for (const auto& d : diffs) {
      if (allowed(release, version, name, d)) {
        used.insert(name + ":" + d.substr(0, d.find(':')));
        continue;
      }
      ADD_FAILURE() << release << " " << version << " " << f.substr(dir.size() + 1) << ": " << d;
    }
  }
  // Every allowance of this release is still needed (a closed difference leaves the list).
  std::set<std::string> expected;
  for (const Allowed& a : kAllowed)
    if (applies(a, release, version)) expected.insert(a.case_name);
  std::set<std::string> used_cases;
  for (const auto& u : used) used_cases.insert(u.substr(0, u.find(':')));
  EXPECT_EQ(used_cases, expected);
}

INSTANTIATE_TEST_SUITE_P(
    Releases, NodeWrites,
    ::testing::Values(Story{"24.11", "v0.0.40", 18600}, Story{"24.11", "v0.0.41", 18600},
                      Story{"24.11", "v0.0.42", 18600}, Story{"26.05", "v0.0.42", 18700},
                      Story{"26.05", "v0.0.43", 18700}, Story{"26.05", "v0.0.44", 18700},
                      Story{"26.05", "v0.0.45", 18700}),
    [](const auto& info) {
      std::string n = std::get<0>(info.param) + "_" + std::get<1>(info.param);
      for (char& c : n)
        if (c == '.') c = '_';
      return n;
    });

}  // namespace
}  // namespace mock_slurmrestd
