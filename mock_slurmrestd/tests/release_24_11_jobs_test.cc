// The job read routes of the 24.11 profile (v0.0.40, v0.0.41, v0.0.42) against the real 24.11
// daemon: the recorded story is replayed on the mock's simulator (its submissions, updates and
// cancels applied through the simulator's API, as the real cluster lived them) and every job
// read of the story must answer as recorded: same status, keys, key order, types and values,
// except times, the host's user database and the differences docs/differences.md lists (R
// rows), each allowed below by name for the cases it concerns. The cases asked by hand
// (tests/data/oracle/24.11/asked/jobs/) are compared the same way.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api_version.h"
#include "app.h"
#include "auth.h"
#include "auth_gate.h"
#include "releases.h"
#include "scheduler_sim/slurm_conf.h"

namespace mock_slurmrestd {
namespace {

// The recorder's cluster (contract_tests/oracle/releases.py), as release_24_11_test.cc.
const char kConf[] = R"(ClusterName=parallelcluster
SlurmUser=slurm
MinJobAge=600
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
NodeName=queue1-dy-t3micro-[1-10] NodeAddr=127.0.0.1 NodeHostname=localhost Port=[17600-17609] CPUs=2 RealMemory=900 State=UNKNOWN Feature=dynamic,t3.micro,t3micro
NodeName=queue2-dy-c5large-[1-10] NodeAddr=127.0.0.1 NodeHostname=localhost Port=[17610-17619] CPUs=2 RealMemory=900 State=UNKNOWN Feature=dynamic,c5.large,c5large
PartitionName=queue1 Nodes=queue1-dy-t3micro-[1-10] MaxTime=INFINITE State=UP Default=YES
PartitionName=queue2 Nodes=queue2-dy-c5large-[1-10] MaxTime=INFINITE State=UP
)";
constexpr int kRecordedPort = 6890;
// The recorder's job user: ec2-user was uid/gid 1000 in the chroot.
const scheduler_sim::Identity kRecordedUser{"ec2-user", 1000, 1000};

// Times, and what the host's user database says (the job user's group name), and the
// connection: compared by type only.
const std::set<std::string> kVolatile = {
    "accrue_time",           "eligible_time", "end_time",      "start_time", "submit_time",
    "last_sched_evaluation", "last_update",   "last_backfill", "group_name", "source"};

std::string kind(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "bool";
  if (v.is_number_float()) return "float";
  if (v.is_number()) return "integer";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

// A difference docs/differences.md lists: `key` of the job with `job_id` may differ in the
// cases whose name contains `cases` ("" = every case).
struct Allowance {
  std::string version;  // "" = every version
  std::string cases;
  uint32_t job_id;
  std::string key;
  std::string row;  // the docs/differences.md row
};

// The real controller started jobs 1 to 3 together in one pass a second after their
// submission, and 5 to 12 in a backfill pass 28 s later; the simulator starts each at its
// submission (R12): the nodes and CPUs picked differ, and the backfilled ones show
// BACKFILL_ATTEMPTED and, when not heterogeneous, a limit of 365 days.
// Job 10's SIGUSR1 ended it with RaisedSignal on 24.11, JobLaunchFailure in the simulator (R13).
// A cancel's COMPLETING lasted until after the exit status arrived once, in v0.0.41's story
// (R14). The story's admin reconfigure (077) made the cancelled held job 7 show billable_tres
// and tasks as set (R15).
std::vector<Allowance> allowances() {
  std::vector<Allowance> out;
  for (uint32_t id : {2u, 3u, 5u, 6u, 8u, 9u, 10u, 11u, 12u})
    for (const char* k : {"batch_host", "nodes", "job_resources"})
      out.push_back({"", "", id, k, "R12"});
  for (uint32_t id : {5u, 6u, 8u, 9u, 10u, 11u, 12u}) out.push_back({"", "", id, "flags", "R12"});
  for (uint32_t id : {8u, 9u, 10u, 11u, 12u}) out.push_back({"", "", id, "time_limit", "R12"});
  for (const char* k : {"state_reason", "state_description", "exit_code"})
    out.push_back({"", "", 10, k, "R13"});
  out.push_back({"v0.0.41", "route_get_jobs", 12, "exit_code", "R14"});
  for (const char* k : {"billable_tres", "tasks"}) out.push_back({"", "route_get_", 7, k, "R15"});
  return out;
}

struct Comparison {
  std::string version, case_name;
  std::vector<std::string> diffs;
  std::set<std::string> used;  // allowances that matched, "job:key"

  bool allowed(uint32_t job_id, const std::string& key) {
    for (const auto& a : allowances()) {
      if (!a.version.empty() && a.version != version) continue;
      if (case_name.find(a.cases) == std::string::npos) continue;
      if (a.job_id == job_id && a.key == key) {
        used.insert(std::to_string(job_id) + ":" + key);
        return true;
      }
    }
    return false;
  }

  void compare(const Json& got, const Json& want, const std::string& path, uint32_t job_id) {
    const std::string key = path.substr(path.rfind('.') + 1);
    if (job_id != 0 && allowed(job_id, key)) return;
    if (kind(got) != kind(want)) {
      diffs.push_back(path + ": " + kind(got) + " != recorded " + kind(want) + " " + got.dump() +
                      " / " + want.dump());
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
        diffs.push_back(path + ": keys [" + g + "] != recorded [" + w + "]");
        return;
      }
      // A job_info object: what follows is that job's.
      uint32_t inner = job_id;
      if (want.contains("job_id") && want["job_id"].is_number() && want.contains("job_state"))
        inner = want["job_id"].get<uint32_t>();
      for (const auto& k : wk) compare(got[k], want[k], path + "." + k, inner);
      return;
    }
    if (got.is_array()) {
      if (got.size() != want.size()) {
        diffs.push_back(path + ": " + std::to_string(got.size()) + " items != recorded " +
                        std::to_string(want.size()) + " " + got.dump().substr(0, 300));
        return;
      }
      for (size_t i = 0; i < got.size(); ++i)
        compare(got[i], want[i], path + "[" + std::to_string(i) + "]", job_id);
      return;
    }
    // A {"set","infinite","number"} object's number is volatile when its key is.
    std::string owner = key;
    if (key == "number" || key == "set" || key == "infinite") {
      const std::string up = path.substr(0, path.rfind('.'));
      owner = up.substr(up.rfind('.') + 1);
    }
    if (kVolatile.count(owner)) return;
    if (got != want) diffs.push_back(path + ": " + got.dump() + " != recorded " + want.dump());
  }
};

Json load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("missing recording " + path);
  return Json::parse(in);
}

std::string oracle(const std::string& rel) { return std::string(MOCK_ORACLE_DATA_DIR) + "/" + rel; }

class Profile {
 public:
  Profile() : app_(scheduler_sim::parse_slurm_conf(kConf, ""), options(), release()) {
    register_routes(app_);
    valid_ = mint_token(app_.jwt_key(), "ec2-user", 3600, wall_now());
  }
  static const SlurmRelease& release() {
    const SlurmRelease* r = find_release("24.11");
    if (!r) throw std::runtime_error("no 24.11 profile");
    return *r;
  }
  static ServerOptions options() {
    ServerOptions o;
    o.slurm_version = "24.11";
    o.clock = ClockMode::kManual;
    o.start_time = 1796592600;
    o.jwt_key = std::string(32, 'k');
    return o;
  }
  Response ask(const Json& request) {
    Request req;
    req.method = request["method"];
    split_target(request["path"], &req.path, &req.raw_query);
    req.query = parse_query(req.raw_query);
    for (auto it = request["headers"].begin(); it != request["headers"].end(); ++it) {
      std::string name = it.key();
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers.emplace(name, token_for(it.value()));
    }
    req.peer = "[localhost]:40000";
    req.local_port = kRecordedPort;
    return handle_request(app_, req);
  }
  App& app() { return app_; }

 private:
  std::string token_for(const std::string& value) {
    const int64_t now = wall_now();
    if (value == "<valid token>") return valid_;
    if (value == "<bad signature>") return valid_.substr(0, valid_.size() - 2) + "xx";
    if (value == "<expired token>") return mint_token(app_.jwt_key(), "ec2-user", 10, now - 3600);
    if (!value.empty() && value[0] == '<') throw std::runtime_error("unknown placeholder " + value);
    return value;
  }
  App app_;
  std::string valid_;
};

// The differences of the mock's answer to one recording (an empty list: the same answer).
Comparison differences(Profile& p, const Json& rec, const std::string& version,
                       const std::string& case_name, const Json& want_body) {
  Comparison c{version, case_name, {}, {}};
  Response r = p.ask(rec["request"]);
  const Json& want = rec["answer"];
  if (r.status != want["status"].get<int>())
    c.diffs.push_back("status " + std::to_string(r.status) + " != recorded " +
                      want["status"].dump());
  const std::string want_type = want["content_type"].is_string() ? want["content_type"] : "";
  if (r.content_type != want_type)
    c.diffs.push_back("content type " + r.content_type + " != recorded " + want_type);
  if (want_body.is_string()) {
    if (r.text() != want_body.get<std::string>())
      c.diffs.push_back("body '" + r.text() + "' != recorded " + want_body.dump());
    return c;
  }
  Json got;
  try {
    got = Json::parse(r.text());
  } catch (const std::exception&) {
    c.diffs.push_back("body is not JSON: " + r.text().substr(0, 200));
    return c;
  }
  c.compare(got, want_body, "body", 0);
  return c;
}

// --- the story, replayed on the simulator ---

// The job description of a recorded submission body, as the real daemon took it.
scheduler_sim::JobSpec spec_of(const Json& job, const Json& body) {
  scheduler_sim::JobSpec s;
  auto str = [&job](const char* k) -> std::optional<std::string> {
    if (job.contains(k) && job[k].is_string()) return job[k].get<std::string>();
    return std::nullopt;
  };
  s.name = str("name");
  s.partition = str("partition");
  s.current_working_directory = str("current_working_directory");
  s.standard_input = str("standard_input");
  s.standard_output = str("standard_output");
  s.standard_error = str("standard_error");
  if (auto script = str("script")) s.script = *script;
  else if (body.contains("script")) s.script = body["script"];
  if (job.contains("hold")) s.hold = job["hold"].get<bool>();
  // The blog job's "ntasks" is ignored with a warning, its integer "nodes" read as "1".
  if (job.contains("nodes") && job["nodes"].is_number()) s.nodes = job["nodes"].dump();
  if (job.contains("environment") && job["environment"].is_array()) {
    for (const auto& e : job["environment"]) {
      const std::string v = e;
      s.environment[v.substr(0, v.find('='))] = v.substr(v.find('=') + 1);
    }
  } else if (job.contains("environment") && job["environment"].is_object()) {
    for (auto it = job["environment"].begin(); it != job["environment"].end(); ++it)
      s.environment[it.key()] = it.value();
  }
  return s;
}

// Applies a recorded request that changed the real cluster, through the simulator's API.
// Returns the job id the simulator gave a submission (0 for none).
void apply(Profile& p, const std::string& version, const std::string& name, const Json& rec) {
  auto locked = p.app().lock();
  auto& sim = locked.sim();
  const Json& req = rec["request"];
  const Json& answer = rec["answer"]["body"];
  const bool accepted =
      answer.is_object() && answer.contains("job_id") && answer["job_id"].is_number();
  if (name.find("submit_") == 0 && accepted) {
    const Json& body = req["body"];
    scheduler_sim::SubmitResult r;
    scheduler_sim::Status st;
    if (body.contains("jobs")) {
      std::vector<scheduler_sim::JobSpec> parts;
      for (const auto& j : body["jobs"]) parts.push_back(spec_of(j, body));
      st = sim.submit_het(parts, kRecordedUser, &r);
    } else {
      st = sim.submit(spec_of(body["job"], body), kRecordedUser, &r);
    }
    ASSERT_TRUE(st.ok()) << name << ": " << st.message();
    ASSERT_EQ(r.job_id, answer["job_id"].get<uint32_t>()) << name;
  } else if (name == "submit_no_environment") {
    // slurmctld made a record of it before failing to write its script: the id (4) is used
    // up, as the simulator does for a refusal after the record (an unknown reservation).
    scheduler_sim::JobSpec s;
    s.script = "#!/bin/bash\ntrue";
    s.reservation = "used-up-id";
    scheduler_sim::SubmitResult r;
    ASSERT_FALSE(sim.submit(s, kRecordedUser, &r).ok());
  } else if (name == "update_comment") {
    scheduler_sim::JobUpdate u;
    u.fields.comment = req["body"]["comment"].get<std::string>();
    ASSERT_TRUE(sim.update(7, u, kRecordedUser).ok());
  } else if (name == "update_time_limit") {
    scheduler_sim::JobUpdate u;
    u.fields.time_limit = req["body"]["time_limit"]["number"].get<int64_t>();
    ASSERT_TRUE(sim.update(7, u, kRecordedUser).ok());
  } else if (name == "signal_running") {
    // 24.11 delivers SIGUSR1 and the job runs on until bash dies of it, a moment later: the
    // simulator ends it at once (R13), so it is sent once the next read has seen it running.
  } else if (name == "job_after_signal") {
    ASSERT_TRUE(sim.signal(10, SIGUSR1, kRecordedUser).ok());
  } else if (name == "cancel_running" || name == "cancel_pending_held" ||
             name == "cancel_running_last") {
    const std::string path = req["path"];
    const uint32_t id = std::stoul(path.substr(path.rfind('/') + 1));
    ASSERT_TRUE(sim.signal(id, SIGKILL, kRecordedUser).ok()) << name;
  } else if (name == "cancel_bad_signal" && version != "v0.0.40") {
    // v0.0.41 on: an unknown signal name cancels the job (recorded).
    ASSERT_TRUE(sim.signal(8, SIGKILL, kRecordedUser).ok());
  }
}

// The story's job reads: cases whose request is a GET of /jobs, /job/{id} or /jobs/state.
bool job_read(const Json& request) {
  if (request["method"] != "GET") return false;
  const std::string path = request["path"];
  for (const char* route : {"/jobs", "/job/"}) {
    const size_t at = path.find(route);
    if (at != std::string::npos && path.find("/slurm/v0.0.4") == 0) return true;
  }
  return false;
}

// How far the recorder's clock had moved at a case: the reads after the first submissions
// came 28 s later (the backfill pass had started jobs 5 to 12); the read of a settled cancel
// a second after the cancel.
int64_t seconds_before(const std::string& version, const std::string& name) {
  if (name == "job_pending_held") return 28;
  if (name == "job_cancelled_settled") return 1;
  // v0.0.41's last cancel had settled by the read of /jobs/state (the others' had not).
  if (version == "v0.0.41" && name == "route_get_jobs_state") return 1;
  return 0;
}

class Release2411Jobs : public ::testing::TestWithParam<std::string> {};

TEST_P(Release2411Jobs, StoryJobReadsAnswerAsRecorded) {
  const std::string version = GetParam();
  Profile p;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(oracle("24.11/" + version)))
    files.push_back(e.path());
  std::sort(files.begin(), files.end());
  int compared = 0;
  std::set<std::string> used;
  for (const auto& file : files) {
    const std::string name = file.stem().string().substr(4);
    const Json rec = load(file.string());
    if (int64_t s = seconds_before(version, name)) {
      auto locked = p.app().lock();
      ASSERT_TRUE(locked.advance_clock(s).ok());
    }
    if (job_read(rec["request"])) {
      Json want = rec["answer"]["body"];
      // v0.0.41 on: job 13 is the story's POST /job/allocate (not served by the mock, R18).
      if (want.is_object() && want.contains("jobs") && want["jobs"].is_array()) {
        Json kept = Json::array();
        for (const auto& j : want["jobs"]) {
          const bool alloc = j["job_id"] == 13 || j["job_id"] == "13";
          if (!alloc) kept.push_back(j);
        }
        want["jobs"] = kept;
      }
      Comparison c = differences(p, rec, version, name, want);
      for (const auto& d : c.diffs) ADD_FAILURE() << version << " " << name << ": " << d;
      used.insert(c.used.begin(), c.used.end());
      ++compared;
    }
    apply(p, version, name, rec);
  }
  // 013, 033-039, 046, 048, 050, 052, 055, 057-059, 063, 064, 094-098, 109-111.
  EXPECT_EQ(compared, 26);
  // Every allowance is needed: a closed difference must leave the list (and the docs).
  std::set<std::string> expected;
  for (const auto& a : allowances())
    if (a.version.empty() || a.version == version)
      expected.insert(std::to_string(a.job_id) + ":" + a.key);
  EXPECT_EQ(used, expected);
}

// Asked of the real daemon by hand (tests/data/oracle/24.11/asked/jobs/): the answers that do
// not depend on which jobs exist, on a cluster with no job.
TEST_P(Release2411Jobs, AskedQueryAnswers) {
  const std::string version = GetParam();
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(oracle("24.11/asked/jobs/" + version))) {
    Profile p;
    const Json rec = load(e.path().string());
    Comparison c = differences(p, rec, version, e.path().stem().string(), rec["answer"]["body"]);
    for (const auto& d : c.diffs)
      ADD_FAILURE() << version << " " << e.path().filename().string() << ": " << d;
    ++n;
  }
  EXPECT_EQ(n, 31);
}

// Asked of 24.11.5 with a held array "1-3" (job 1), a running array "0-1" and a plain job:
// GET /job/{array} lists every record of the array; "N_T" and "N.S" warn and show them all;
// /jobs/state names the packed pending tasks one by one and a started task v0.0.40's way
// (array id) or the later versions' (its own id); the packed record's output file has NO_VAL
// as its task id. (docs/oracle-notes/releases-24.11-26.05.md, "Jobs: get".)
TEST(Release2411JobsArrays, ArraysAsAsked) {
  Profile p;
  uint32_t held = 0, running = 0;
  {
    auto locked = p.app().lock();
    scheduler_sim::JobSpec s;
    s.script = "#!/bin/bash\nsleep 300";
    s.partition = "queue1";
    s.current_working_directory = "/tmp";
    s.environment["PATH"] = "/bin";
    s.array = "1-3";
    s.hold = true;
    scheduler_sim::SubmitResult r;
    ASSERT_TRUE(locked.submit(s, kRecordedUser, &r).ok());
    held = r.job_id;
    s.array = "0-1";
    s.hold = false;
    ASSERT_TRUE(locked.submit(s, kRecordedUser, &r).ok());
    running = r.job_id;
    ASSERT_TRUE(locked.advance_clock(2).ok());
  }
  auto get = [&p](const std::string& path) {
    Json request = Json::object();
    request["method"] = "GET";
    request["path"] = path;
    request["headers"]["X-SLURM-USER-TOKEN"] = "<valid token>";
    Response r = p.ask(request);
    return std::make_pair(r.status, Json::parse(r.text()));
  };
  const std::string h = std::to_string(held), a = std::to_string(running);
  auto [status, body] = get("/slurm/v0.0.42/job/" + h);
  ASSERT_EQ(status, 200);
  ASSERT_EQ(body["jobs"].size(), 1u);
  EXPECT_EQ(body["jobs"][0]["array_task_string"], "1-3");
  EXPECT_FALSE(body["jobs"][0]["array_task_id"]["set"].get<bool>());
  EXPECT_EQ(body["jobs"][0]["standard_output"], "/tmp/slurm-" + h + "_4294967294.out");
  EXPECT_EQ(body["warnings"], Json::array());

  std::tie(status, body) = get("/slurm/v0.0.40/job/" + a + "_1");
  ASSERT_EQ(status, 200);
  ASSERT_EQ(body["jobs"].size(), 2u);
  std::set<std::string> outputs;
  for (const auto& j : body["jobs"]) {
    EXPECT_EQ(j["job_state"], Json::array({"RUNNING"}));
    EXPECT_EQ(j["array_job_id"]["number"], running);
    outputs.insert(j["standard_output"].get<std::string>());
  }
  EXPECT_EQ(outputs,
            (std::set<std::string>{"/tmp/slurm-" + a + "_0.out", "/tmp/slurm-" + a + "_1.out"}));
  ASSERT_EQ(body["warnings"].size(), 1u);
  EXPECT_EQ(body["warnings"][0]["description"],
            "Job array Ids are not currently supported for job searches. Showing all jobs in "
            "array instead.");

  std::tie(status, body) = get("/slurm/v0.0.41/job/" + a + ".5");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(body["jobs"].size(), 2u);
  EXPECT_EQ(body["warnings"][0]["description"],
            "Job steps are not supported for job searches. Showing whole job instead.");

  // Task names: v0.0.40 prefixes the array's id, v0.0.41 on the task record's own id.
  for (const char* v : {"v0.0.40", "v0.0.41"}) {
    std::tie(status, body) = get(std::string("/slurm/") + v + "/jobs/state");
    ASSERT_EQ(status, 200);
    std::set<std::string> ids;
    for (const auto& j : body["jobs"]) ids.insert(j["job_id"].get<std::string>());
    std::set<std::string> want = {h + "_1", h + "_2", h + "_3"};
    auto locked = p.app().lock();
    for (const scheduler_sim::Job* j : locked.sim().jobs()) {
      if (j->array_job_id != running) continue;
      const uint32_t prefix = std::string(v) == "v0.0.40" ? running : j->job_id;
      want.insert(std::to_string(prefix) + "_" + std::to_string(*j->array_task_id));
    }
    EXPECT_EQ(ids, want) << v;
  }
  std::tie(status, body) = get("/slurm/v0.0.42/jobs/state?job_id=" + h);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(body["jobs"].size(), 3u);
  EXPECT_EQ(body["jobs"][0]["state"], Json::array({"PENDING"}));
}

// v0.0.42's ?update_time=: all jobs when one changed since, none (with a warning) otherwise;
// v0.0.41 on, an unknown flag still lists the jobs, with 500 (asked).
TEST(Release2411JobsQueries, UpdateTimeAndFlagsWithJobs) {
  Profile p;
  int64_t now = 0;
  {
    auto locked = p.app().lock();
    scheduler_sim::JobSpec s;
    s.script = "#!/bin/bash\nsleep 300";
    s.environment["PATH"] = "/bin";
    scheduler_sim::SubmitResult r;
    ASSERT_TRUE(locked.submit(s, kRecordedUser, &r).ok());
    now = locked.sim().now();
  }
  auto get = [&p](const std::string& path) {
    Json request = Json::object();
    request["method"] = "GET";
    request["path"] = path;
    request["headers"]["X-SLURM-USER-TOKEN"] = "<valid token>";
    Response r = p.ask(request);
    return std::make_pair(r.status, Json::parse(r.text()));
  };
  auto [status, body] = get("/slurm/v0.0.42/jobs?update_time=1");
  EXPECT_EQ(status, 200);
  EXPECT_EQ(body["jobs"].size(), 1u);
  EXPECT_EQ(body["warnings"], Json::array());
  std::tie(status, body) = get("/slurm/v0.0.42/jobs?update_time=" + std::to_string(now));
  EXPECT_EQ(status, 200);
  EXPECT_EQ(body["jobs"], Json::array());
  ASSERT_EQ(body["warnings"].size(), 1u);
  EXPECT_EQ(body["warnings"][0]["source"], "op_handler_jobs");
  EXPECT_EQ(body["last_update"]["number"], 0);
  std::tie(status, body) = get("/slurm/v0.0.41/jobs?flags=NOPE");
  EXPECT_EQ(status, 500);
  EXPECT_EQ(body["jobs"].size(), 1u);
  EXPECT_EQ(body["errors"].size(), 1u);
  std::tie(status, body) = get("/slurm/v0.0.40/jobs?flags=NOPE");
  EXPECT_EQ(status, 422);
  EXPECT_FALSE(body.contains("jobs"));
}

INSTANTIATE_TEST_SUITE_P(Versions, Release2411Jobs,
                         ::testing::Values("v0.0.40", "v0.0.41", "v0.0.42"));

}  // namespace
}  // namespace mock_slurmrestd
