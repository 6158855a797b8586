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
#include <set>
#include <string>
#include <vector>

#include "release_replay.h"

namespace mock_slurmrestd {
namespace {

using replay::Comparison;
using replay::kRecordedUser;
using replay::load;
using replay::oracle;

// Times, and what the host's user database says (the job user's group name), and the
// connection: compared by type only.
const std::set<std::string> kVolatile = {
    "accrue_time",           "eligible_time", "end_time",      "start_time", "submit_time",
    "last_sched_evaluation", "last_update",   "last_backfill", "group_name", "source"};

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

// A server of the 24.11 profile with the recorder's cluster.
class Profile : public replay::Server {
 public:
  Profile() : Server(replay::options("24.11", 1796592600)) {}
};

// The differences of the mock's answer to one recording (an empty list: the same answer);
// `used` collects the allowances that matched, as "job:key".
Comparison differences(Profile& p, const Json& rec, const std::string& version,
                       const std::string& case_name, const Json& want_body,
                       std::set<std::string>* used = nullptr) {
  Comparison c;
  c.volatile_keys = kVolatile;
  c.allow = [version, case_name, used](uint32_t job_id, const std::string& key) {
    for (const auto& a : allowances()) {
      if (!a.version.empty() && a.version != version) continue;
      if (case_name.find(a.cases) == std::string::npos) continue;
      if (a.job_id == job_id && a.key == key) {
        if (used) used->insert(std::to_string(job_id) + ":" + key);
        return true;
      }
    }
    return false;
  };
  c.answer(p.ask(rec["request"]), rec["answer"], want_body);
  return c;
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
    if (replay::job_read(rec["request"])) {
      Json want = rec["answer"]["body"];
      Comparison c = differences(p, rec, version, name, want, &used);
      for (const auto& d : c.diffs) ADD_FAILURE() << version << " " << name << ": " << d;
      ++compared;
    }
    replay::apply(p, version, name, rec);
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
