// The job routes of the 26.05 profile (v0.0.42 to v0.0.45) against the real 26.05 daemon's
// recorded story (tests/data/oracle/26.05/vX/): the story is replayed in its order on one
// cluster per version; each write's answer must be the recorded text (meta.client.source
// aside) and each job read the recorded structure: same status, keys, key order, types and
// values, except times, the host's user database and the differences docs/differences.md lists
// (R rows, the same as 24.11's: the story is the same), each allowed below by name.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "release_replay.h"

namespace mock_slurmrestd {
namespace {

using replay::Comparison;
using replay::load;
using replay::oracle;
using replay::Server;
using scheduler_sim::JobState;

constexpr int64_t kStartTime = 1796592700;

// Times, what the host's user database says (the job user's group name), the connection, and
// v0.0.44's step_id.sluid (a unique id made of the controller's clock: its form is checked in
// StepIdsAreSluids).
const std::set<std::string> kVolatile = {"accrue_time", "eligible_time", "end_time",
                                         "start_time",  "submit_time",   "last_sched_evaluation",
                                         "last_update", "last_backfill", "group_name",
                                         "source",      "sluid"};

// A difference docs/differences.md lists: `key` of the job with `job_id` may differ in the
// cases whose name contains `cases` ("" = every case) of `version` ("" = every version).
struct Allowance {
  std::string version;
  std::string cases;
  uint32_t job_id;
  std::string key;
  std::string row;  // the docs/differences.md row
};

// As for 24.11 (release_24_11_jobs_test.cc): the real controller started jobs 1 to 3 together
// a second after their submission and 5 to 12 in a backfill pass later; the simulator starts
// each at its submission (R12). Job 10's SIGUSR1 (R13). The story's admin reconfigure made the
// cancelled held job 7 show billable_tres and tasks as set (R15). On v0.0.43 and v0.0.45 bash
// had died of job 10's SIGUSR1 by the read that follows it (R13: the simulator ends the job
// after that read).
std::vector<Allowance> allowances() {
  std::vector<Allowance> out;
  for (uint32_t id : {2u, 3u, 5u, 6u, 8u, 9u, 10u, 11u, 12u})
    for (const char* k : {"batch_host", "nodes", "job_resources"})
      out.push_back({"", "", id, k, "R12"});
  for (uint32_t id : {5u, 6u, 8u, 9u, 10u, 11u, 12u}) out.push_back({"", "", id, "flags", "R12"});
  for (uint32_t id : {8u, 9u, 10u, 11u, 12u}) out.push_back({"", "", id, "time_limit", "R12"});
  for (const char* k : {"state_reason", "state_description", "exit_code"})
    out.push_back({"", "", 10, k, "R13"});
  for (const char* v : {"v0.0.43", "v0.0.45"})
    out.push_back({v, "job_after_signal", 10, "job_state", "R13"});
  // On v0.0.44 job 12's exit status had arrived by the closing read of /jobs, its COMPLETING
  // not yet over (R14).
  out.push_back({"v0.0.44", "route_get_jobs", 12, "exit_code", "R14"});
  for (const char* k : {"billable_tres", "tasks"}) out.push_back({"", "route_get_", 7, k, "R15"});
  // v0.0.45's story requeues jobs 9 and 2 (POST /jobs/requeue, GET /job/2/requeue), routes the
  // mock does not serve yet (N3): the closing reads find them PENDING again, restarted once.
  for (uint32_t id : {2u, 9u})
    for (const char* k : {"job_state", "state", "max_nodes", "restart_cnt"})
      out.push_back({"v0.0.45", "route_get_jobs", id, k, "N3"});
  return out;
}

// How far the recorder's clock had moved at a case: the reads after the first submissions
// came 28 s later (the backfill pass had started jobs 5 to 12); the read of a settled cancel
// a second after the cancel; the story's last cancel (job 12) had settled by the closing read
// of /jobs/state on v0.0.43 to v0.0.45 (R14).
int64_t seconds_before(const std::string& version, const std::string& name) {
  if (name == "job_pending_held") return 28;
  if (name == "job_cancelled_settled") return 1;
  if (version != "v0.0.42" && name == "route_get_jobs_state") return 1;
  return 0;
}

std::vector<std::filesystem::path> story(const std::string& version) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(oracle("26.05/" + version)))
    files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

class Release2605Jobs : public ::testing::TestWithParam<std::string> {};

TEST_P(Release2605Jobs, StoryJobReadsAnswerAsRecorded) {
  const std::string version = GetParam();
  Server p(replay::options("26.05", kStartTime));
  int compared = 0;
  std::set<std::string> used;
  for (const auto& file : story(version)) {
    const std::string name = file.stem().string().substr(4);
    const Json rec = load(file.string());
    if (int64_t s = seconds_before(version, name)) p.advance(s);
    if (replay::job_read(rec["request"])) {
      Json want = rec["answer"]["body"];
      Comparison c;
      c.volatile_keys = kVolatile;
      c.allow = [&used, &version, &name](uint32_t job_id, const std::string& key) {
        for (const auto& a : allowances()) {
          if (!a.version.empty() && a.version != version) continue;
          if (name.find(a.cases) == std::string::npos) continue;
          if (a.job_id == job_id && a.key == key) {
            used.insert(std::to_string(job_id) + ":" + key);
            return true;
          }
        }
        return false;
      };
      c.answer(p.ask(rec["request"]), rec["answer"], want);
      for (const auto& d : c.diffs) ADD_FAILURE() << version << " " << name << ": " << d;
      ++compared;
    }
    replay::apply(p, version, name, rec);
  }
  // 013, 033-039, 046, 048, 050, 052, 055, 057-059, 063, 064, 094-098, the closing
  // route_get_job_1, route_get_jobs, route_get_jobs_state.
  EXPECT_EQ(compared, 26);
  // Every allowance is needed: a closed difference must leave the list (and the docs).
  std::set<std::string> expected;
  for (const auto& a : allowances())
    if (a.version.empty() || a.version == version)
      expected.insert(std::to_string(a.job_id) + ":" + a.key);
  EXPECT_EQ(used, expected);
}

// The recorded job write cases, in the story's order.
const std::vector<std::string> kWriteCases = {"014_submit_blog_v0036_style",
                                              "015_submit_modern",
                                              "016_submit_unknown_fields",
                                              "017_submit_bad_type",
                                              "018_submit_bad_environment_type",
                                              "019_submit_unknown_partition",
                                              "020_submit_bad_partition_list",
                                              "021_submit_no_script",
                                              "022_submit_no_environment",
                                              "023_submit_unparsable",
                                              "024_submit_empty_body",
                                              "025_submit_not_an_object",
                                              "026_submit_het_jobs",
                                              "027_submit_held",
                                              "028_submit_running",
                                              "029_submit_failing",
                                              "030_submit_to_signal",
                                              "031_submit_to_cancel",
                                              "032_submit_kept_running",
                                              "040_update_comment",
                                              "041_update_wrapped_in_job",
                                              "042_update_time_limit",
                                              "043_update_unknown_field",
                                              "044_update_bad_type",
                                              "045_update_unknown_job",
                                              "047_signal_running",
                                              "049_cancel_running",
                                              "051_cancel_pending_held",
                                              "053_cancel_unknown_job",
                                              "054_cancel_bad_signal",
                                              "056_cancel_completed_job",
                                              "060_jobs_bulk_delete_job_id_field",
                                              "061_jobs_bulk_delete",
                                              "062_jobs_bulk_delete_unknown",
                                              "104_allocate"};

TEST_P(Release2605Jobs, StoryWritesAnswerAsRecorded) {
  const std::string version = GetParam();
  Server c(replay::options("26.05", kStartTime));
  for (const std::string& name : kWriteCases) {
    // The recorder spent about a second per case; jobs that say nothing run for none.
    c.advance(1);
    const Json rec = load(oracle("26.05/" + version + "/" + name + ".json"));
    for (const auto& d : replay::exact_differences(c.ask(rec["request"]), rec["answer"]))
      ADD_FAILURE() << version << " " << name << ": " << d;

    // What each write did to the cluster.
    if (name == "015_submit_modern") {
      ASSERT_NE(c.job(2), nullptr);
      EXPECT_EQ(c.job(2)->partition, "queue1");
    } else if (name == "022_submit_no_environment") {
      EXPECT_EQ(c.job(4), nullptr);  // its record was made, then dropped: id 4 is used up
    } else if (name == "026_submit_het_jobs") {
      ASSERT_NE(c.job(6), nullptr);
      EXPECT_EQ(c.job(6)->het_job_id, 5u);
    } else if (name == "040_update_comment" || name == "041_update_wrapped_in_job") {
      EXPECT_EQ(c.job(7)->spec.comment, "updated by oracle");
    } else if (name == "042_update_time_limit") {
      EXPECT_EQ(c.job(7)->time_limit, 30);
    } else if (name == "049_cancel_running") {
      EXPECT_EQ(c.job(11)->state, JobState::kCancelled);
    } else if (name == "051_cancel_pending_held") {
      EXPECT_EQ(c.job(7)->state, JobState::kCancelled);
    } else if (name == "054_cancel_bad_signal") {
      EXPECT_EQ(c.job(8)->state, JobState::kCancelled);
    } else if (name == "104_allocate") {
      ASSERT_NE(c.job(13), nullptr);
      EXPECT_EQ(c.job(13)->partition, "queue2");
    }
  }
}

// Asked of the real 26.05 daemon as 24.11 was (contract_tests/tools/ask_again.py, from
// tests/data/oracle/24.11/asked/jobs/v0.0.42 to 26.05/asked/jobs/): the answers that do not
// depend on which jobs exist, on a cluster with no job.
TEST_P(Release2605Jobs, AskedQueryAnswers) {
  const std::string version = GetParam();
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(oracle("26.05/asked/jobs/" + version))) {
    Server p(replay::options("26.05", kStartTime));
    const Json rec = load(e.path().string());
    Comparison c;
    c.volatile_keys = kVolatile;
    c.answer(p.ask(rec["request"]), rec["answer"], rec["answer"]["body"]);
    for (const auto& d : c.diffs)
      ADD_FAILURE() << version << " " << e.path().filename().string() << ": " << d;
    ++n;
  }
  EXPECT_EQ(n, 31);
}

// Asked of 26.05.5 by hand (docs/oracle-notes/releases-24.11-26.05.md, "Jobs on 26.05"): a
// body with a query string is refused before anything else, on POST and on DELETE; a query
// that does not parse is 500 "Unspecified error" on every route.
TEST(Release2605JobsGate, BodyWithQueryAndUnparsableQuery) {
  Server p(replay::options("26.05", kStartTime));
  auto ask = [&p](const std::string& method, const std::string& path, const Json& body) {
    Json request = Json::object();
    request["method"] = method;
    request["path"] = path;
    request["headers"]["X-SLURM-USER-NAME"] = "ec2-user";
    request["headers"]["X-SLURM-USER-TOKEN"] = "<valid token>";
    request["headers"]["Content-Type"] = "application/json";
    request["body"] = body;
    return p.ask(request);
  };
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/slurm/v0.0.42/job/99?a=b"}, {"DELETE", "/slurm/v0.0.42/jobs?a=b"}}) {
    Response r = ask(method, path, Json{{"jobs", Json::array({"99"})}});
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_EQ(r.text(), "Unexpected HTTP body provided when URL Query provided") << path;
  }
  // An empty query ("?") is no query: the update reaches slurmctld (unknown job, 404).
  EXPECT_EQ(ask("POST", "/slurm/v0.0.42/job/99?", Json{{"comment", "x"}}).status, 404);
  for (const char* path : {"/slurm/v0.0.42/ping?a=b,c", "/slurm/v0.0.45/diag?a=%zz",
                           "/slurm/v0.0.44/job/1?a=b,c", "/openapi/v3?a=b,c"}) {
    Response r = ask("GET", path, nullptr);
    EXPECT_EQ(r.status, 500) << path;
    EXPECT_EQ(r.text(), "Unspecified error") << path;
  }
}

INSTANTIATE_TEST_SUITE_P(Versions, Release2605Jobs,
                         ::testing::Values("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"));

}  // namespace
}  // namespace mock_slurmrestd
