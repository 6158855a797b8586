// POST /job/allocate and required/excluded nodes on the 24.11 and 26.05 profiles, against what
// the real daemons answered by hand (tests/data/oracle/<release>/asked/allocation/; the
// measurements: docs/oracle-notes/releases-24.11-26.05.md, "Allocations", "Required and
// excluded nodes").
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "release_replay.h"

namespace mock_slurmrestd {
namespace {

using replay::load;
using replay::oracle;

// Times and ids (the mock's manual clock, its first job id, this machine's user database, the
// sluid made of both): compared by JSON type only.
const std::set<std::string> kVolatile = {"accrue_time", "eligible_time", "end_time",
                                         "start_time",  "submit_time",   "last_sched_evaluation",
                                         "job_id",      "user_id",       "group_id",
                                         "group_name",  "step_id"};

Json request(const std::string& method, const std::string& path, const Json& body = nullptr) {
  Json r = Json::object();
  r["method"] = method;
  r["path"] = path;
  r["headers"]["X-SLURM-USER-NAME"] = "ec2-user";
  r["headers"]["X-SLURM-USER-TOKEN"] = "<valid token>";
  r["body"] = body;
  return r;
}

// The mock's job object against the real one: the same keys in the same order and the same
// values, volatile keys by type; the time limit's span (end - start) where it runs.
void expect_same_job(const Json& mock, const Json& real, const std::string& tag) {
  std::vector<std::string> mk, rk;
  for (auto it = mock.begin(); it != mock.end(); ++it) mk.push_back(it.key());
  for (auto it = real.begin(); it != real.end(); ++it) rk.push_back(it.key());
  EXPECT_EQ(mk, rk) << tag;
  for (auto it = real.begin(); it != real.end(); ++it) {
    if (!mock.contains(it.key())) continue;
    if (kVolatile.count(it.key())) {
      EXPECT_EQ(mock[it.key()].type(), it.value().type()) << tag << " " << it.key();
    } else {
      EXPECT_EQ(mock[it.key()], it.value()) << tag << " " << it.key();
    }
  }
}

Json allocation_body(const std::string& partition, const std::string& name = "alloc") {
  return Json::parse(R"({"job": {"name": ")" + name + R"(", "partition": ")" + partition +
                     R"(", "current_working_directory": "/tmp", "environment": ["PATH=/bin"],
                     "time_limit": {"set": true, "infinite": false, "number": 1}}})");
}

struct Release {
  std::string name, version;
};

class Allocation : public ::testing::TestWithParam<Release> {
 protected:
  // A fresh profile, an allocation made over HTTP; its id.
  uint32_t allocate(replay::Server& p, const std::string& partition,
                    const std::string& name = "alloc") {
    Response r = p.ask(request("POST", "/slurm/" + GetParam().version + "/job/allocate",
                               allocation_body(partition, name)));
    EXPECT_EQ(r.status, 200) << r.text();
    const Json body = Json::parse(r.text());
    EXPECT_FALSE(body.contains("step_id"));  // no batch step to name
    return body.value("job_id", 0u);
  }
  Json get(replay::Server& p, uint32_t id) {
    Response r =
        p.ask(request("GET", "/slurm/" + GetParam().version + "/job/" + std::to_string(id)));
    EXPECT_EQ(r.status, 200);
    return Json::parse(r.text())["jobs"][0];
  }
  Json asked(const std::string& c) {
    return load(oracle(GetParam().name + "/asked/allocation/" + c + ".json"))["job"];
  }
};

TEST_P(Allocation, RunningWithoutABatchStepAsAsked) {
  replay::Server p(replay::options(GetParam().name, 1796643383));
  const uint32_t id = allocate(p, "queue2");
  p.advance(2);
  const Json mock = get(p, id), real = asked("running");
  expect_same_job(mock, real, "running");
  EXPECT_EQ(mock["batch_flag"], false);
  EXPECT_EQ(
      mock["end_time"]["number"].get<int64_t>() - mock["start_time"]["number"].get<int64_t>(),
      real["end_time"]["number"].get<int64_t>() - real["start_time"]["number"].get<int64_t>());
  // Its CPU is held on the node, as on the real node (MIXED, alloc_cpus 1).
  Response nodes =
      p.ask(request("GET", "/slurm/" + GetParam().version + "/node/queue2-dy-c5large-1"));
  const Json node = Json::parse(nodes.text())["nodes"][0];
  EXPECT_EQ(node["alloc_cpus"], 1);
  EXPECT_EQ(node["state"], Json::array({"MIXED"}));
  // Listed by /jobs the same way.
  Response list = p.ask(request("GET", "/slurm/" + GetParam().version + "/jobs"));
  const Json jobs = Json::parse(list.text())["jobs"];
  ASSERT_EQ(jobs.size(), 1u);
  expect_same_job(jobs[0], real, "/jobs");
}

TEST_P(Allocation, CancelledWithExitStatusZeroAsAsked) {
  replay::Server p(replay::options(GetParam().name, 1796643383));
  const uint32_t id = allocate(p, "queue2");
  p.advance(2);
  Response r =
      p.ask(request("DELETE", "/slurm/" + GetParam().version + "/job/" + std::to_string(id)));
  EXPECT_EQ(r.status, 200);
  p.advance(4);  // past COMPLETING (the real one lasted ~10 ms)
  expect_same_job(get(p, id), asked("cancelled"), "cancelled");
  Response nodes =
      p.ask(request("GET", "/slurm/" + GetParam().version + "/node/queue2-dy-c5large-1"));
  EXPECT_EQ(Json::parse(nodes.text())["nodes"][0]["alloc_cpus"], 0);
}

TEST_P(Allocation, TimedOutWithExitStatusZeroAsAsked) {
  replay::Server p(replay::options(GetParam().name, 1796643383));
  const Json real = asked("timeout");
  const uint32_t id = allocate(p, real["partition"], real["name"]);
  p.advance(60 + 2);  // slurmctld's sweep came 10-24 s late; the simulator ends it at its limit
  expect_same_job(get(p, id), real, "timeout");
}

INSTANTIATE_TEST_SUITE_P(Releases, Allocation,
                         ::testing::Values(Release{"24.11", "v0.0.42"},
                                           Release{"26.05", "v0.0.45"}),
                         [](const auto& info) { return info.param.version.substr(5); });

// An administrator sets the allocation's node DOWN (24.11): NODE_FAIL, NodeDown, SIGNALED HUP,
// not requeued as a batch job is.
TEST(Allocation2411, ANodeSetDownEndsItAsAsked) {
  replay::Server p(replay::options("24.11", 1796643383));
  Response r =
      p.ask(request("POST", "/slurm/v0.0.42/job/allocate", allocation_body("queue1", "alloctl")));
  ASSERT_EQ(r.status, 200);
  const uint32_t id = Json::parse(r.text())["job_id"];
  Json down = request("POST", "/slurm/v0.0.42/node/queue1-dy-t3micro-1",
                      Json::parse(R"({"state": ["DOWN"], "reason": "probe"})"));
  down["headers"]["X-SLURM-USER-NAME"] = "root";
  down["headers"]["X-SLURM-USER-TOKEN"] = "<root's token>";
  ASSERT_EQ(p.ask(down).status, 200);
  Response got = p.ask(request("GET", "/slurm/v0.0.42/job/" + std::to_string(id)));
  const Json real = load(oracle("24.11/asked/allocation/node_down.json"))["job"];
  expect_same_job(Json::parse(got.text())["jobs"][0], real, "node_down");
}

// Required and excluded nodes as 24.11 took them (asked by hand, v0.0.42; 26.05 the same keys):
// the values below are the real daemon's.
class RequiredNodes : public ::testing::Test {
 protected:
  replay::Server p_{replay::options("24.11", 1796643383)};
  Response submit(const std::string& extra) {
    return p_.ask(request("POST", "/slurm/v0.0.42/job/submit",
                          Json::parse(R"({"job": {"name": "n", "partition": "queue1",
                            "current_working_directory": "/tmp", "environment": ["PATH=/bin"],
                            "script": "#!/bin/sh\nsleep 300\n", )" +
                                      extra + "}}")));
  }
  Json job(const Response& r) {
    const Json body = Json::parse(r.text());
    Response g = p_.ask(request("GET", "/slurm/v0.0.42/job/" + body["job_id"].dump()));
    return Json::parse(g.text())["jobs"][0];
  }
};

TEST_F(RequiredNodes, PlacedAndShownAsAsked) {
  Json j = job(submit(R"("required_nodes": ["queue1-dy-t3micro-6", "queue1-dy-t3micro-5"])"));
  EXPECT_EQ(j["job_state"], Json::array({"RUNNING"}));
  EXPECT_EQ(j["required_nodes"], "queue1-dy-t3micro-[5-6]");
  EXPECT_EQ(j["nodes"], "queue1-dy-t3micro-[5-6]");
  EXPECT_EQ(j["node_count"]["number"], 2);
  j = job(submit(R"("excluded_nodes": ["queue1-dy-t3micro-[1-9]"])"));
  EXPECT_EQ(j["excluded_nodes"], "queue1-dy-t3micro-[1-9]");
  EXPECT_EQ(j["required_nodes"], "");
  EXPECT_EQ(j["nodes"], "queue1-dy-t3micro-10");
  // More required nodes than `nodes` allows: the first ones (22.05 refused it, 2006).
  j = job(submit(R"("required_nodes": ["queue1-dy-t3micro-[3-5]"], "nodes": "2")"));
  EXPECT_EQ(j["job_state"], Json::array({"RUNNING"}));
  EXPECT_EQ(j["required_nodes"], "queue1-dy-t3micro-[3-5]");
  EXPECT_EQ(j["nodes"], "queue1-dy-t3micro-[3-4]");
  // An empty list is no list.
  j = job(submit(R"("required_nodes": [])"));
  EXPECT_EQ(j["job_state"], Json::array({"RUNNING"}));
  EXPECT_EQ(j["required_nodes"], "");
}

TEST_F(RequiredNodes, RefusalsAsAsked) {
  for (const char* extra : {R"("required_nodes": ["nosuch"])", R"("excluded_nodes": ["nosuch"])",
                            R"("required_nodes": ["queue1-dy-t3micro-4"],
                               "excluded_nodes": ["queue1-dy-t3micro-4"])"}) {
    Response r = submit(extra);
    EXPECT_EQ(r.status, 500) << extra;
    const Json e = Json::parse(r.text())["errors"][0];
    EXPECT_EQ(e["error_number"], 2018) << extra;
    EXPECT_EQ(e["error"], "Invalid node name specified");
    EXPECT_EQ(e["description"], "Batch job submission failed");
  }
  for (const char* extra : {R"("required_nodes": ["queue2-dy-c5large-1"])",
                            R"("excluded_nodes": ["queue1-dy-t3micro-[1-10]"])"}) {
    Response r = submit(extra);
    EXPECT_EQ(r.status, 500) << extra;
    EXPECT_EQ(Json::parse(r.text())["errors"][0]["error_number"], 2014) << extra;
  }
  Response r = p_.ask(
      request("POST", "/slurm/v0.0.42/job/allocate", Json::parse(R"({"job": {"partition": "queue1",
                                "environment": ["PATH=/bin"], "required_nodes": ["nosuch"]}})")));
  EXPECT_EQ(r.status, 500);
  const Json e = Json::parse(r.text())["errors"][0];
  EXPECT_EQ(e["error_number"], 2018);
  EXPECT_EQ(e["description"], "Job allocation request failed");
  EXPECT_EQ(e["source"], "slurm_allocate_resources_blocking()");
}

TEST_F(RequiredNodes, ADrainedRequiredNodeQueuesTheJobWithReqNodeNotAvail) {
  Json drain = request("POST", "/slurm/v0.0.42/node/queue1-dy-t3micro-2",
                       Json::parse(R"({"state": ["DRAIN"], "reason": "probe"})"));
  drain["headers"]["X-SLURM-USER-NAME"] = "root";
  drain["headers"]["X-SLURM-USER-TOKEN"] = "<root's token>";
  ASSERT_EQ(p_.ask(drain).status, 200);
  Response r = submit(R"("required_nodes": ["queue1-dy-t3micro-2"])");
  EXPECT_EQ(r.status, 200);
  const Json body = Json::parse(r.text());
  const Json want = Json::parse(R"J([
    {"description": "Job submission resulted in non-zero return code: Required node not available (down, drained or reserved)",
     "source": "slurm_submit_batch_job()"},
    {"description": "Required node not available (down, drained or reserved)",
     "source": "slurm_submit_batch_job()"}])J");
  EXPECT_EQ(body["warnings"], want);
  const Json j = job(r);
  EXPECT_EQ(j["job_state"], Json::array({"PENDING"}));
  EXPECT_EQ(j["state_reason"], "ReqNodeNotAvail");
  EXPECT_EQ(j["state_description"], "ReqNodeNotAvail, May be reserved for other job");
  EXPECT_EQ(j["required_nodes"], "queue1-dy-t3micro-2");
}

// v0.0.41's result object carries the return code's number (asked: 2068).
TEST_F(RequiredNodes, TheReturnCodeIs2068) {
  Json drain = request("POST", "/slurm/v0.0.41/node/queue1-dy-t3micro-2",
                       Json::parse(R"({"state": ["DRAIN"], "reason": "probe"})"));
  drain["headers"]["X-SLURM-USER-NAME"] = "root";
  drain["headers"]["X-SLURM-USER-TOKEN"] = "<root's token>";
  ASSERT_EQ(p_.ask(drain).status, 200);
  Response r = p_.ask(
      request("POST", "/slurm/v0.0.41/job/submit", Json::parse(R"({"job": {"partition": "queue1",
                                "current_working_directory": "/tmp", "environment": ["PATH=/bin"],
                                "script": "#!/bin/sh\nsleep 300\n",
                                "required_nodes": ["queue1-dy-t3micro-2"]}})")));
  const Json result = Json::parse(r.text())["result"];
  EXPECT_EQ(result["error_code"], 2068);
  EXPECT_EQ(result["error"], "Required node not available (down, drained or reserved)");
}

// Sharing modes (asked on 24.11): `shared: ["none"]` takes the whole node; v0.0.41 names the
// mode in `shared` and `exclusive` both.
TEST_F(RequiredNodes, SharingModesAsAsked) {
  Json j = job(submit(R"("shared": ["none"])"));
  EXPECT_EQ(j["cpus"]["number"], 2);
  EXPECT_EQ(j["tres_alloc_str"], "cpu=2,node=1,billing=2");
  EXPECT_EQ(j["shared"], Json::array({"none"}));
  EXPECT_EQ(j["job_resources"]["nodes"]["whole"], true);
  struct Case {
    const char* given;
    Json shared, exclusive;
    bool oversubscribe;
  };
  for (const Case& c : {Case{R"("exclusive": ["true"])", {"none"}, {"true"}, false},
                        Case{R"("exclusive": ["false"])", {"oversubscribe"}, {"false"}, true},
                        Case{R"("exclusive": ["user"])", {"user"}, {"user"}, true},
                        Case{R"("shared": ["none"])", {"none"}, {"true"}, false}}) {
    Response r = p_.ask(request("POST", "/slurm/v0.0.41/job/submit",
                                Json::parse(std::string(R"({"job": {"partition": "queue2",
                                  "current_working_directory": "/tmp", "environment": ["PATH=/bin"],
                                  "script": "#!/bin/sh\nsleep 30\n", )") +
                                            c.given + "}}")));
    const Json id = Json::parse(r.text())["job_id"];
    const Json g = Json::parse(p_.ask(request("GET", "/slurm/v0.0.41/job/" + id.dump())).text());
    const Json& x = g["jobs"][0];
    EXPECT_EQ(x["shared"], c.shared) << c.given;
    EXPECT_EQ(x["exclusive"], c.exclusive) << c.given;
    EXPECT_EQ(x["oversubscribe"], c.oversubscribe) << c.given;
  }
}

}  // namespace
}  // namespace mock_slurmrestd
