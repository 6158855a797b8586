// The 22.05 profile with accounting (openapi/dbv0.0.36-38) against the real daemon's recorded
// slurmdb answers (tests/data/oracle/22.05-acct, `make record-accounting`): each version's story
// is replayed in order on one fresh mock, and every answer must have the recorded status,
// content type and body (same keys in the same order, same JSON types, same values except the
// normalised ones below). Plus the done-when: a job aged past MinJobAge is still found.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
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

std::string oracle(const std::string& rel) { return std::string(MOCK_ORACLE_DATA_DIR) + "/" + rel; }

Json load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("missing recording " + path);
  return Json::parse(in);
}

// The recorder's cluster: the parallelcluster-accounting fixture as the launcher renders it
// (SlurmUser=root, slurmctld on 6927: contract_tests/oracle/real_slurmrestd.py).
scheduler_sim::ClusterConfig recorded_cluster() {
  scheduler_sim::ClusterConfig c = scheduler_sim::load_slurm_conf(
      oracle("../../../../fixtures/clusters/parallelcluster-accounting/slurm.conf"));
  c.slurm_user = "root";
  c.slurmctld_port = 6927;
  return c;
}

// Normalised leaves, each compared by JSON type only:
// - a job's and a step's `end` and `elapsed`: the mock's scripts run in no simulated time, the
//   recorded ones took about a second of wall time;
// - their `start`: the mock starts a job at its submission (docs/differences.md #4), the
//   daemon at its next scheduler cycle, up to a second later;
// - slurmdbd's statistics (`time_start`, the rollup's numbers): its start and its measured
//   cycles;
const std::set<std::string> kVolatile = {"end",          "elapsed",    "start",     "time_start",
                                         "last_run",     "last_cycle", "max_cycle", "total_time",
                                         "total_cycles", "mean_cycles"};
// - slurmdbd's RPC counters by type and by user, which the mock does not simulate: the mock's
//   lists are empty (docs/differences.md).
const std::set<std::string> kUnsimulatedLists = {"RPCs", "users"};

std::string kind(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "bool";
  if (v.is_number_float()) return "float";
  if (v.is_number()) return "integer";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

void compare(const Json& got, const Json& want, const std::string& path, bool in_statistics,
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
    for (const auto& k : wk)
      compare(got[k], want[k], path + "." + k, in_statistics || k == "statistics", diffs);
    return;
  }
  if (got.is_array()) {
    if (in_statistics && kUnsimulatedLists.count(key)) {
      if (!got.empty()) diffs->push_back(path + ": expected the unsimulated list empty");
      return;
    }
    if (got.size() != want.size()) {
      diffs->push_back(path + ": " + std::to_string(got.size()) + " items != recorded " +
                       std::to_string(want.size()));
      return;
    }
    for (size_t i = 0; i < got.size(); ++i)
      compare(got[i], want[i], path + "[" + std::to_string(i) + "]", in_statistics, diffs);
    return;
  }
  if (kVolatile.count(key)) return;
  if (got != want) diffs->push_back(path + ": " + got.dump() + " != recorded " + want.dump());
}

// The recorded cases the mock answers differently on purpose, each a row of
// docs/differences.md ("Slurm 22.05 accounting"); the test checks that they still differ, so
// that a fixed one leaves this list.
const std::map<std::string, std::string> kKnownDifferent = {
    // The daemon crashes (closes the connection without an answer); the mock answers as
    // v0.0.38 does.
    {"v0.0.36/155_delete_qos", "crash"},
    {"v0.0.36/156_admin_delete_qos", "crash"},
    {"v0.0.36/165_delete_qos_unknown", "crash"},
    {"v0.0.36/166_admin_delete_qos_unknown", "crash"},
    {"v0.0.37/162_delete_qos", "crash"},
    {"v0.0.37/163_admin_delete_qos", "crash"},
    {"v0.0.37/172_delete_qos_unknown", "crash"},
    {"v0.0.37/173_admin_delete_qos_unknown", "crash"},
    {"v0.0.38/045_job_not_a_number", "crash"},
    {"v0.0.36/107_jobs_step_bad", "crash"},
    {"v0.0.37/107_jobs_step_bad", "crash"},
    {"v0.0.38/107_jobs_step_bad", "crash"},
};

class Story {
 public:
  Story() : app_(recorded_cluster(), options(), *find_release("22.05")) { register_routes(app_); }
  static ServerOptions options() {
    ServerOptions o;
    o.slurm_version = "22.05";
    o.clock = ClockMode::kManual;
    o.start_time = 1796616000;
    o.jwt_key = std::string(32, 'k');
    return o;
  }
  Response ask(const Json& request) {
    Request req;
    req.method = request["method"];
    split_target(request["path"], &req.path, &req.raw_query);
    req.query = parse_query(req.raw_query);
    std::string user;
    if (request["headers"].contains("X-SLURM-USER-NAME"))
      user = request["headers"]["X-SLURM-USER-NAME"];
    for (auto it = request["headers"].begin(); it != request["headers"].end(); ++it) {
      std::string name = it.key();
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::string value = it.value();
      const int64_t now = wall_now();
      if (value == "<valid token>") value = mint_token(app_.jwt_key(), user, 3600, now);
      else if (value == "<root's token>") value = mint_token(app_.jwt_key(), "root", 3600, now);
      else if (value == "<slurm's token>") value = mint_token(app_.jwt_key(), "slurm", 3600, now);
      else if (value == "<bad signature>") {
        value = mint_token(app_.jwt_key(), user, 3600, now);
        value = value.substr(0, value.size() - 2) + "xx";
      }
      req.headers.emplace(name, value);
    }
    if (request["body"].is_string()) req.body = request["body"];
    else if (!request["body"].is_null()) req.body = request["body"].dump();
    req.peer = "[localhost]:40000";
    return handle_request(app_, req);
  }
  App& app() { return app_; }

 private:
  App app_;
};

std::vector<std::string> differences(Story& s, const Json& rec) {
  std::vector<std::string> diffs;
  Response r = s.ask(rec["request"]);
  const Json& want = rec["answer"];
  if (want["status"].is_null()) {
    diffs.push_back("the daemon gave no answer (" + rec.value("note", std::string()) + ")");
    return diffs;
  }
  if (r.status != want["status"].get<int>())
    diffs.push_back("status " + std::to_string(r.status) + " != recorded " + want["status"].dump());
  const std::string want_type = want["content_type"].is_string() ? want["content_type"] : "";
  if (r.content_type != want_type)
    diffs.push_back("content type " + r.content_type + " != recorded " + want_type);
  if (want["body"].is_string()) {
    if (r.text() != want["body"].get<std::string>())
      diffs.push_back("body '" + r.text().substr(0, 300) + "' != recorded " + want["body"].dump());
  } else {
    Json got;
    try {
      got = Json::parse(r.text());
    } catch (const std::exception&) {
      diffs.push_back("body is not JSON: " + r.text().substr(0, 200));
      return diffs;
    }
    compare(got, want["body"], "body", false, &diffs);
  }
  return diffs;
}

// Each recorded job's submission time, from every recorded job list (slurmdbd's list can lag:
// one of them missed the newest job).
std::map<int64_t, int64_t> recorded_submissions(const std::string& version) {
  std::map<int64_t, int64_t> out;
  for (const auto& e : std::filesystem::directory_iterator(oracle("22.05-acct/" + version))) {
    const Json rec = load(e.path().string());
    const Json& body = rec["answer"]["body"];
    if (!body.is_object() || !body.contains("jobs") || !body.contains("meta")) continue;
    if (body["meta"]["plugin"]["type"].get<std::string>().find("dbv") == std::string::npos)
      continue;
    for (const Json& j : body["jobs"])
      out[j["job_id"].get<int64_t>()] = j["time"]["submission"].get<int64_t>();
  }
  return out;
}

class Release2205Accounting : public ::testing::TestWithParam<std::string> {};

TEST_P(Release2205Accounting, StoryAnswersAsRecorded) {
  const std::string version = GetParam();
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(oracle("22.05-acct/" + version)))
    files.push_back(e.path());
  std::sort(files.begin(), files.end());
  const auto submissions = recorded_submissions(version);
  ASSERT_EQ(submissions.size(), 4u);
  Story s;
  // The mock's clock follows the recording: it starts at the first job's submission, and
  // each later submission happens at its recorded time (the time filters ask about them).
  {
    auto locked = s.app().lock();
    locked.advance_clock(submissions.begin()->second - locked.sim().now());
  }
  int matched = 0, known = 0;
  uint32_t next_job = 1;
  for (const auto& f : files) {
    const std::string name = version + "/" + f.stem().string();
    const Json rec = load(f.string());
    if (rec["request"]["path"].get<std::string>().find("/job/submit") != std::string::npos) {
      auto it = submissions.find(next_job++);
      ASSERT_NE(it, submissions.end());
      auto locked = s.app().lock();
      if (it->second > locked.sim().now()) locked.advance_clock(it->second - locked.sim().now());
    }
    const auto diffs = differences(s, rec);
    if (kKnownDifferent.count(name)) {
      EXPECT_FALSE(diffs.empty()) << name << " now matches: drop it from kKnownDifferent";
      ++known;
      continue;
    }
    for (const auto& d : diffs) ADD_FAILURE() << name << ": " << d;
    if (diffs.empty()) ++matched;
  }
  std::cout << version << ": " << matched << " of " << files.size()
            << " recorded exchanges matched, " << known << " known differences\n";
  EXPECT_EQ(matched + known, static_cast<int>(files.size()));
}

// The done-when: a job submitted over /slurm/, completed and aged past MinJobAge (600 s
// on this cluster) is gone from /slurm/ but still found over /slurmdb/, with the fields the real
// daemon showed for it (its recorded `job/1`, normalised as above).
TEST_P(Release2205Accounting, JobAgedPastMinJobAgeIsStillInTheHistory) {
  const std::string version = GetParam();
  const auto submissions = recorded_submissions(version);
  Story s;
  {
    auto locked = s.app().lock();
    locked.advance_clock(submissions.at(1) - locked.sim().now());
  }
  const Json submit = load(oracle("22.05-acct/" + version + "/031_submit_completing.json"));
  ASSERT_EQ(s.ask(submit["request"]).status, 200);
  const int64_t min_job_age = s.app().config().min_job_age;
  ASSERT_EQ(min_job_age, 600);
  s.app().lock().advance_clock(min_job_age + 60);

  Json forgotten = submit["request"];
  forgotten["method"] = "GET";
  forgotten["path"] = "/slurm/v0.0.38/job/1";
  forgotten["body"] = nullptr;
  forgotten["headers"].erase("Content-Type");
  const Response gone = s.ask(forgotten);
  EXPECT_EQ(gone.status, 500) << gone.text();
  EXPECT_NE(gone.text().find("Invalid job id specified"), std::string::npos) << gone.text();

  for (const char* c : {"039_job_completed", "036_jobs"}) {
    Json rec = load(oracle("22.05-acct/" + version + "/" + c + ".json"));
    if (std::string(c) == "036_jobs") {
      // Only job 1 was submitted here: the recorded list's first job.
      Json& jobs = rec["answer"]["body"]["jobs"];
      jobs = Json::array({jobs[0]});
    }
    for (const auto& d : differences(s, rec)) ADD_FAILURE() << version << " " << c << ": " << d;
  }
}

INSTANTIATE_TEST_SUITE_P(Versions, Release2205Accounting,
                         ::testing::Values("v0.0.36", "v0.0.37", "v0.0.38"));

// Without accounting the release loads no slurmdb plugin, as the oracle's daemon runs without
// slurmdbd: /slurmdb/ paths are unknown paths (recorded: 22.05/openapi/slurmdb_not_loaded).
TEST(Release2205AccountingProfile, WithoutAccountingSlurmdbIsNotLoaded) {
  const SlurmRelease& r = *find_release("22.05");
  auto names = [](const std::vector<const ApiVersion*>& vs) {
    std::vector<std::string> out;
    for (const ApiVersion* v : vs) out.push_back(v->plugin_type);
    return out;
  };
  EXPECT_EQ(names(select_versions(r, {})),
            (std::vector<std::string>{"openapi/v0.0.36", "openapi/v0.0.37", "openapi/v0.0.38"}));
  EXPECT_EQ(
      names(select_versions(r, {}, {}, true)),
      (std::vector<std::string>{"openapi/v0.0.36", "openapi/v0.0.37", "openapi/v0.0.38",
                                "openapi/dbv0.0.36", "openapi/dbv0.0.37", "openapi/dbv0.0.38"}));
  EXPECT_EQ(names(select_versions(r, {"dbv0.0.38", "openapi/v0.0.36"}, {}, true)),
            (std::vector<std::string>{"openapi/dbv0.0.38", "openapi/v0.0.36"}));
  try {
    select_versions(r, {"openapi/dbv0.0.37"});
    ADD_FAILURE() << "a slurmdb plugin loaded without accounting";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "openapi/dbv0.0.37 needs accounting in slurmdbd "
                 "(AccountingStorageType=accounting_storage/slurmdbd)");
  }

  const Json rec = load(oracle("22.05/openapi/slurmdb_not_loaded.json"));
  scheduler_sim::ClusterConfig plain = recorded_cluster();
  plain.accounting_enabled = false;
  App app(plain, Story::options(), r);
  register_routes(app);
  Request req;
  req.method = "GET";
  req.path = rec["request"]["path"];
  req.headers.emplace("x-slurm-user-name", "ec2-user");
  req.headers.emplace("x-slurm-user-token",
                      mint_token(app.jwt_key(), "ec2-user", 3600, wall_now()));
  const Response r404 = handle_request(app, req);
  EXPECT_EQ(r404.status, rec["answer"]["status"].get<int>());
  EXPECT_EQ(r404.text(), rec["answer"]["body"].get<std::string>());
}

}  // namespace
}  // namespace mock_slurmrestd
