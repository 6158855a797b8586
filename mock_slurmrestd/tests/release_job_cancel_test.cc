// Bulk DELETE /jobs/ filters and DELETE /job/{id} of heterogeneous components on 24.11 and
// 26.05, as the real daemons answered them (docs/oracle-notes/job-cancel.md): which jobs each
// filter picks, the status items of listed jobs a filter rejects, unknown flags per version.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "release_replay.h"

namespace mock_slurmrestd {
namespace {

using replay::Server;
using scheduler_sim::JobState;

Json request(const std::string& method, const std::string& path, const Json& body = nullptr) {
  Json r;
  r["method"] = method;
  r["path"] = path;
  r["headers"] = {{"X-SLURM-USER-NAME", "ec2-user"}, {"X-SLURM-USER-TOKEN", "<valid token>"}};
  if (!body.is_null()) r["body"] = body;
  return r;
}

Json job(const std::string& name, bool held, const char* wckey = nullptr) {
  Json j = {{"name", name},
            {"current_working_directory", "/tmp"},
            {"environment", Json::array({"PATH=/bin:/usr/bin"})},
            {"script", "#!/bin/bash\nsleep 600"}};
  if (held) j["hold"] = true;
  if (wckey) j["wckey"] = wckey;
  return j;
}

// The measured set: H1 and H2 held (H2 with wckey wk1), R running, HET0+HET1 a held het job.
class Cluster {
 public:
  Cluster(const std::string& release, const std::string& version)
      : server_(replay::options(release, 1796592700)), api_("/slurm/" + version) {
    ids_["H1"] = submit({{"job", job("f1", true)}});
    ids_["H2"] = submit({{"job", job("f2", true, "wk1")}});
    ids_["R"] = submit({{"job", job("f3", false)}});
    ids_["HET0"] = submit({{"script", "#!/bin/bash\nsleep 600"},
                           {"jobs", Json::array({job("h0", true), job("h1", true)})}});
    ids_["HET1"] = ids_["HET0"] + 1;
  }
  uint32_t id(const std::string& k) { return ids_.at(k); }
  std::string text(const std::string& k) { return std::to_string(id(k)); }
  Response kill(const Json& body) { return server_.ask(request("DELETE", api_ + "/jobs", body)); }
  Response kill_one(const std::string& k, const std::string& query) {
    return server_.ask(request("DELETE", api_ + "/job/" + text(k) + query));
  }
  // The jobs no longer pending or running.
  std::set<std::string> cancelled() {
    std::set<std::string> out;
    for (const auto& [k, v] : ids_) {
      const scheduler_sim::Job* j = server_.job(v);
      if (j && j->state == JobState::kCancelled) out.insert(k);
    }
    return out;
  }
  Json get(const std::string& k) {
    const Response r = server_.ask(request("GET", api_ + "/job/" + text(k)));
    EXPECT_EQ(r.status, 200) << r.text();
    return Json::parse(r.text())["jobs"][0];
  }
  Server& server() { return server_; }

 private:
  uint32_t submit(const Json& body) {
    const Response r = server_.ask(request("POST", api_ + "/job/submit", body));
    EXPECT_EQ(r.status, 200) << r.text();
    return Json::parse(r.text())["job_id"].get<uint32_t>();
  }
  Server server_;
  std::string api_;
  std::map<std::string, uint32_t> ids_;
};

using Names = std::set<std::string>;
const Names kAll = {"H1", "H2", "R", "HET0", "HET1"};
const Names kPending = {"H1", "H2", "HET0", "HET1"};

struct Pick {
  const char* what;
  Json body;  // "$R_NODE" stands for R's node
  Names cancelled;
};

TEST(ReleaseJobCancel, EachFilterPicksTheMeasuredJobs) {
  const Pick picks[] = {
      {"user_name ec2-user", {{"user_name", "ec2-user"}}, kAll},
      {"user_name root", {{"user_name", "root"}}, {}},
      {"job_state PENDING", {{"job_state", {"PENDING"}}}, kPending},
      {"job_state as a string", {{"job_state", "RUNNING"}}, {"R"}},
      {"job_state COMPLETED", {{"job_state", {"COMPLETED"}}}, {}},
      {"nodes of R", {{"nodes", {"$R_NODE"}}}, {"R"}},
      {"nodes of no job", {{"nodes", {"queue2-dy-c5large-9"}}}, {}},
      {"reservation", {{"reservation", "nores"}}, {}},
      {"wckey", {{"wckey", "wk1"}}, {"H2"}},
      {"empty wckey", {{"wckey", ""}}, {}},
      {"user_name and job_state",
       {{"user_name", "ec2-user"}, {"job_state", {"PENDING"}}},
       kPending},
      {"user_id is dropped", {{"user_id", "0"}, {"job_name", "f1"}}, {"H1"}},
      {"a het component alone", {{"job_name", "h1"}}, {"HET1"}},
      {"the het leader takes the job", {{"job_name", "h0"}}, {"HET0", "HET1"}},
      {"flags beside a filter", {{"job_name", "f1"}, {"flags", {"FULL_JOB"}}}, {"H1"}},
  };
  for (const auto& [release, version] :
       {std::pair{"24.11", "v0.0.40"}, std::pair{"26.05", "v0.0.45"}}) {
    for (const Pick& p : picks) {
      SCOPED_TRACE(std::string(release) + " " + p.what);
      Cluster c(release, version);
      Json body = p.body;
      if (body.contains("nodes") && body["nodes"][0] == "$R_NODE")
        body["nodes"][0] = c.server().job(c.id("R"))->nodes;
      const Response r = c.kill(body);
      EXPECT_EQ(r.status, 200) << r.text();
      const Json doc = Json::parse(r.text());
      EXPECT_EQ(doc["status"], Json::array()) << r.text();
      EXPECT_EQ(doc["errors"], Json::array()) << r.text();
      EXPECT_EQ(c.cancelled(), p.cancelled);
    }
  }
}

// BATCH_JOB signals the running job's batch step only: its script dies of SIGKILL and the job
// ends FAILED (measured on 24.11, and on 26.05's v0.0.45; bulk and single), the held jobs beside
// it as without the flag.
TEST(ReleaseJobCancel, BatchJobFlagEndsTheRunningJobFailed) {
  for (const auto& [release, version] :
       {std::pair{"24.11", "v0.0.40"}, std::pair{"24.11", "v0.0.42"},
        std::pair{"26.05", "v0.0.45"}}) {
    for (const bool bulk : {true, false}) {
      SCOPED_TRACE(std::string(release) + " " + version + (bulk ? " bulk" : " single"));
      Cluster c(release, version);
      ASSERT_EQ(c.get("R")["job_state"][0], "RUNNING");
      const Response r =
          bulk ? c.kill({{"jobs", {c.text("R"), c.text("H1")}}, {"flags", {"BATCH_JOB"}}})
               : c.kill_one("R", "?flags=BATCH_JOB");
      EXPECT_EQ(r.status, 200) << r.text();
      EXPECT_EQ(c.cancelled(), bulk ? Names{"H1"} : Names{});
      const Json j = c.get("R");
      EXPECT_EQ(j["job_state"][0], "FAILED") << j.dump();
      EXPECT_EQ(j["state_reason"], "RaisedSignal");
      EXPECT_EQ(j["state_description"], "RaisedSignal:9(Killed)");
      EXPECT_EQ(j["exit_code"]["status"][0], "SIGNALED") << j["exit_code"].dump();
      EXPECT_EQ(j["exit_code"]["signal"]["name"], "KILL") << j["exit_code"].dump();
      EXPECT_EQ(j["exit_code"]["signal"]["id"]["number"], 9);
      EXPECT_FALSE(j["exit_code"]["return_code"]["set"]) << j["exit_code"].dump();
      EXPECT_EQ(j["derived_exit_code"]["status"][0], "SUCCESS") << j.dump();
    }
  }
}

TEST(ReleaseJobCancel, WhatIsNoFilterIsRefused) {
  for (const auto& [release, version, status] :
       {std::tuple{"24.11", "v0.0.40", 500}, std::tuple{"26.05", "v0.0.45", 422}}) {
    for (const Json& body : {Json{{"user_id", "1000"}}, Json{{"flags", {"BATCH_JOB"}}}}) {
      SCOPED_TRACE(std::string(release) + " " + body.dump());
      Cluster c(release, version);
      const Response r = c.kill(body);
      EXPECT_EQ(r.status, status);
      EXPECT_EQ(Json::parse(r.text())["errors"][0]["error_number"], 2173);
      EXPECT_TRUE(c.cancelled().empty());
    }
  }
}

TEST(ReleaseJobCancel, AnUnknownUserNameIsRefused) {
  for (const auto& [release, version] :
       {std::pair{"24.11", "v0.0.40"}, std::pair{"26.05", "v0.0.45"}}) {
    Cluster c(release, version);
    const Response r = c.kill({{"user_name", "nosuchuser"}});
    EXPECT_EQ(r.status, 500);
    const Json e = Json::parse(r.text())["errors"][0];
    EXPECT_EQ(e["error_number"], -1);
    EXPECT_EQ(e["source"], "uid_from_string()");
    EXPECT_EQ(e["description"], "Unable to resolve nosuchuser to numeric user id");
    EXPECT_TRUE(c.cancelled().empty());
  }
}

TEST(ReleaseJobCancel, ListedJobsAFilterRejectsAreReported) {
  const std::pair<Json, std::string> cases[] = {
      {{{"job_name", "zzz"}}, "Job name f1 != filter name zzz"},
      {{{"partition", "queue2"}}, "Job partition queue1 does not include filter partition queue2"},
      {{{"job_state", {"RUNNING"}}}, "Job state PENDING != filter state RUNNING"},
      {{{"account", "zz"}}, "Job account (null) != filter account zz"},
      {{{"qos", "zz"}}, "Job qos NULL != filter qos zz"},
      {{{"wckey", "zz"}}, "Job wckey (null) != filter wckey zz"},
      {{{"reservation", "zz"}}, "Job reservation (null) does not include filter reservation zz"},
      {{{"job_name", "zzz"}, {"partition", "queue2"}, {"job_state", {"RUNNING"}}},
       "Job name f1 != filter name zzz"},
  };
  for (const auto& [filter, why] : cases) {
    SCOPED_TRACE(filter.dump());
    Cluster c("26.05", "v0.0.42");
    Json body = filter;
    body["jobs"] = {c.text("H1")};
    const Response r = c.kill(body);
    EXPECT_EQ(r.status, 200);
    const Json item = Json::parse(r.text())["status"][0];
    EXPECT_EQ(item["error"]["string"], "Cannot signal job");
    EXPECT_EQ(item["error"]["code"], 2172);
    EXPECT_EQ(item["error"]["message"], why + ": Cannot signal job");
    EXPECT_EQ(item["step_id"], c.text("H1"));
    EXPECT_EQ(item["job_id"]["number"], c.id("H1"));
    EXPECT_TRUE(c.cancelled().empty());
  }
  // The running job on another node; a listed id that does not exist (the others still go).
  Cluster c("24.11", "v0.0.42");
  const std::string node = c.server().job(c.id("R"))->nodes;
  Json item = Json::parse(
      c.kill({{"jobs", {c.text("R")}}, {"nodes", {"queue2-dy-c5large-9"}}}).text())["status"][0];
  EXPECT_EQ(item["error"]["message"], "Job nodes " + node +
                                          " does not intersect with filter nodes "
                                          "queue2-dy-c5large-9: Cannot signal job");
  item = Json::parse(
      c.kill({{"jobs", {c.text("H1"), "999999"}}, {"job_name", "f1"}}).text())["status"][0];
  EXPECT_EQ(item["error"]["code"], 2017);
  EXPECT_EQ(item["step_id"], "999999");
  EXPECT_EQ(c.cancelled(), Names({"H1"}));
}

TEST(ReleaseJobCancel, UnknownFlagsRefuseOnV40AndGoOnLater) {
  {
    Cluster c("24.11", "v0.0.40");
    const Response r = c.kill({{"job_name", "f1"}, {"flags", {"BOGUS"}}});
    EXPECT_EQ(r.status, 500);
    const Json errors = Json::parse(r.text())["errors"];
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0]["description"], "Unknown flag \"BOGUS\"");
    EXPECT_EQ(errors[0]["source"], "#/flags[0]/");
    EXPECT_EQ(errors[1]["description"], "Parsing flags failed");
    EXPECT_TRUE(c.cancelled().empty());
  }
  for (const auto& [release, version] :
       {std::pair{"24.11", "v0.0.42"}, std::pair{"26.05", "v0.0.45"}}) {
    SCOPED_TRACE(release);
    Cluster c(release, version);
    Response r = c.kill({{"job_name", "f1"}, {"flags", {"BOGUS"}}});
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(Json::parse(r.text())["errors"].size(), 1u);
    EXPECT_EQ(c.cancelled(), Names({"H1"}));
    // An unknown state alone leaves an empty set: PENDING's.
    r = c.kill({{"job_state", {"BOGUS"}}});
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(Json::parse(r.text())["errors"][0]["source"], "#/job_state[0]/");
    EXPECT_EQ(c.cancelled(), kPending);
  }
}

TEST(ReleaseJobCancel, HetComponentsByIdGoAlone) {
  Cluster c("26.05", "v0.0.43");
  EXPECT_EQ(c.kill({{"jobs", {c.text("HET0") + "+1"}}}).status, 200);
  EXPECT_EQ(c.cancelled(), Names({"HET1"}));
  Cluster d("24.11", "v0.0.41");
  EXPECT_EQ(d.kill_one("HET1", "?flags=FULL_JOB").status, 200);
  EXPECT_EQ(d.cancelled(), Names({"HET1"}));
  EXPECT_EQ(d.kill({{"jobs", {d.text("HET0")}}}).status, 200);
  EXPECT_EQ(d.cancelled(), Names({"HET0", "HET1"}));
}

}  // namespace
}  // namespace mock_slurmrestd
