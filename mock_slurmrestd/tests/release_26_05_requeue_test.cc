// What a requeue (v0.0.45) does to each kind of job, against the real 26.05.5 daemon's answers
// (tests/data/oracle/26.05/asked/requeue/, recorded by
// contract_tests/tools/record_requeue_2605.py): TIMEOUT and NODE_FAIL jobs, a job that may not
// be requeued, Incomplete, SpecialExit until its release, held jobs, array tasks and whole
// arrays, heterogeneous jobs. The story is replayed in its order on one cluster; where it
// waited for a job's state the mock's clock is advanced until the same holds. Answers are
// compared as release_26_05_routes_test does (job reads by the fields a requeue changes).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "api_version.h"
#include "app.h"
#include "auth.h"
#include "auth_gate.h"
#include "recorded_request.h"
#include "releases.h"
#include "scheduler_sim/slurm_conf.h"

namespace mock_slurmrestd {
namespace {

// The recorder's cluster: the parallelcluster fixture as the launcher renders it (slurmd
// ports from 21400).
const char kConf[] = R"(ClusterName=parallelcluster
SlurmUser=slurm
MinJobAge=600
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
NodeName=queue1-dy-t3micro-[1-10] NodeAddr=127.0.0.1 NodeHostname=localhost Port=[21400-21409] CPUs=2 RealMemory=900 State=UNKNOWN Feature=dynamic,t3.micro,t3micro
NodeName=queue2-dy-c5large-[1-10] NodeAddr=127.0.0.1 NodeHostname=localhost Port=[21410-21419] CPUs=2 RealMemory=900 State=UNKNOWN Feature=dynamic,c5.large,c5large
PartitionName=queue1 Nodes=queue1-dy-t3micro-[1-10] MaxTime=INFINITE State=UP Default=YES
PartitionName=queue2 Nodes=queue2-dy-c5large-[1-10] MaxTime=INFINITE State=UP
)";

const std::string kDir = std::string(MOCK_ORACLE_DATA_DIR) + "/26.05/asked/requeue";

std::vector<std::string> cases() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(kDir))
    names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

Json load(const std::string& name) {
  std::ifstream in(kDir + "/" + name + ".json");
  if (!in) throw std::runtime_error("missing recording " + name);
  return Json::parse(in);
}

ServerOptions options() {
  ServerOptions o;
  o.slurm_version = "26.05";
  o.clock = ClockMode::kManual;
  o.start_time = 1796661143;  // the recorded first submission
  o.jwt_key = std::string(32, 'k');
  return o;
}

class Cluster {
 public:
  Cluster() : app_(scheduler_sim::parse_slurm_conf(kConf, ""), options(), *find_release("26.05")) {
    register_routes(app_);
    for (const char* user : {"ec2-user", "root"})
      tokens_[user] = mint_token(app_.jwt_key(), user, 3600, wall_now());
  }
  Response ask(const Json& request) {
    Request req = recorded_request(request, tokens_, 7450);
    return handle_request(app_, req);
  }
  Json job(uint32_t id) {
    Json request = {
        {"method", "GET"},
        {"path", "/slurm/v0.0.45/job/" + std::to_string(id)},
        {"headers", {{"X-SLURM-USER-NAME", "ec2-user"}, {"X-SLURM-USER-TOKEN", "<valid token>"}}},
        {"body", nullptr}};
    const Json body = Json::parse(ask(request).text());
    for (const Json& j : body["jobs"])
      if (j["job_id"] == id) return j;
    return Json();
  }
  // Advances the clock a second at a time until the job is as the recorder waited for it
  // (job_state, and state_reason where given); false after 300 simulated seconds.
  bool wait_for(const Json& w) {
    const uint32_t id = w["job_id"].get<uint32_t>();
    for (int i = 0; i < 300; ++i) {
      const Json j = job(id);
      if (j.is_object() && j["job_state"] == w["job_state"] &&
          (!w.contains("state_reason") || j["state_reason"] == w["state_reason"]))
        return true;
      EXPECT_TRUE(app_.lock().advance_clock(1).ok());
    }
    return false;
  }

 private:
  App app_;
  std::map<std::string, std::string> tokens_;
};

Json parsed(const Response& r) {
  try {
    return Json::parse(r.text());
  } catch (const std::exception&) {
    return Json(r.text());
  }
}

// The job fields a requeue changes; eligible time as its distance from submit_time, which is
// the requeue's second once the job has left its nodes.
Json requeue_facts(const Json& job) {
  auto n = [](const Json& v) { return v.is_object() && v.contains("number") ? v["number"] : v; };
  Json f;
  for (const char* k : {"job_id", "job_state", "state_reason", "state_description", "restart_cnt",
                        "hold", "nodes", "batch_host", "exit_code", "requeue"})
    f[k] = job[k];
  f["priority"] = n(job["priority"]);
  const int64_t submit = n(job["submit_time"]).get<int64_t>();
  const int64_t eligible = n(job["eligible_time"]).get<int64_t>();
  f["eligible_after_submit"] = eligible == 0 ? Json("never") : Json(eligible - submit);
  return f;
}

// An array task's node and eligible time before its requeue settles are the controller's
// pass's (#4: the real one splits and places tasks a pass after the submission, the mock at
// once): compared without them; once settled (nodes "", eligible 121 s on) they are compared.
void drop_array_placement(const std::string& name, Json* facts, const Json& job) {
  if (name.find("_array_") == std::string::npos || name.find("settled") != std::string::npos)
    return;
  const Json& a = job["array_job_id"];
  if (!(a.is_object() ? a["number"] : a).get<int64_t>()) return;
  for (const char* k : {"nodes", "batch_host", "eligible_after_submit"}) facts->erase(k);
}

std::vector<std::string> differences(const std::string& name, const Response& r, const Json& want,
                                     bool job_read) {
  std::vector<std::string> diffs;
  if (r.status != want["status"].get<int>())
    diffs.push_back("status " + std::to_string(r.status) + " != recorded " + want["status"].dump());
  Json got = parsed(r);
  if (want["body"].is_string() || !got.is_object()) {
    if (got != want["body"]) diffs.push_back("body " + got.dump());
    return diffs;
  }
  if (job_read) {
    const Json& rec = want["body"]["jobs"];
    if (got["jobs"].size() != rec.size()) {
      diffs.push_back("jobs " + std::to_string(got["jobs"].size()));
      return diffs;
    }
    for (size_t i = 0; i < rec.size(); ++i) {
      Json g = requeue_facts(got["jobs"][i]), w = requeue_facts(rec[i]);
      drop_array_placement(name, &g, got["jobs"][i]);
      drop_array_placement(name, &w, rec[i]);
      if (g != w) diffs.push_back("job\n  got      " + g.dump() + "\n  recorded " + w.dump());
    }
    return diffs;
  }
  if (got.contains("meta"))
    got["meta"]["client"]["source"] = want["body"]["meta"]["client"]["source"];
  if (got.dump() != want["body"].dump())
    diffs.push_back("body\n  got      " + got.dump() + "\n  recorded " + want["body"].dump());
  return diffs;
}

// What docs/differences.md N9 lets differ: a finished job requeued says BeginTime at once
// (recorded: the TIMEOUT job's TimeLimit, kept until a later pass).
void allow_requeue_differences(const std::string& name, Json* answer) {
  if (name != "042_job_timeout_after_requeue") return;
  for (Json& j : (*answer)["body"]["jobs"]) j["state_reason"] = "BeginTime";
}

TEST(Release2605Requeue, EveryKindOfJobAnswersAsRecorded) {
  Cluster c;
  int replayed = 0;
  for (const std::string& name : cases()) {
    const Json rec = load(name);
    if (rec.contains("wait_before")) {
      ASSERT_TRUE(c.wait_for(rec["wait_before"])) << name << ": never " << rec["wait_before"];
    }
    const std::string path = rec["request"]["path"];
    const bool job_read = rec["request"]["method"] == "GET" &&
                          path.find("/job/") != std::string::npos &&
                          path.find("requeue") == std::string::npos;
    Json want = rec["answer"];
    if (job_read) allow_requeue_differences(name, &want);
    for (const auto& d : differences(name, c.ask(rec["request"]), want, job_read))
      ADD_FAILURE() << name << ": " << d;
    ++replayed;
  }
  EXPECT_EQ(replayed, 48);
}

}  // namespace
}  // namespace mock_slurmrestd
