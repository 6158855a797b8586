// Answers measured on the real 24.11 and 26.05 daemons for rows R19, R20, R23, R25, R27, R28
// and R35 of docs/differences.md (facts: docs/oracle-notes/dependencies-flags-writes.md),
// asserted on the mock for every version of both releases.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "release_replay.h"

namespace mock_slurmrestd {
namespace {

using replay::Server;

constexpr int64_t kStartTime = 1796592700;

// A release and one of the versions it serves.
struct Case {
  std::string release;
  std::string version;
};
// ctest's test names show the parameter: "26.05 v0.0.45", not its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.release << ' ' << c.version; }

std::string name_of(const ::testing::TestParamInfo<Case>& info) {
  std::string s = info.param.release + "_" + info.param.version;
  for (char& c : s)
    if (c == '.') c = '_';
  return s;
}

class MeasuredRows : public ::testing::TestWithParam<Case> {
 protected:
  MeasuredRows() : p_(replay::options(GetParam().release, kStartTime)) {}

  // One request; `token` a placeholder of replay::Server ("<valid token>", "<root's token>",
  // "<bad signature>").
  std::pair<int, Json> call(const std::string& method, const std::string& path,
                            const Json& body = nullptr, const std::string& token = "<valid token>",
                            const std::string& user = "ec2-user") {
    Json req = {{"method", method},
                {"path", "/slurm/" + GetParam().version + path},
                {"headers", {{"X-SLURM-USER-NAME", user}, {"X-SLURM-USER-TOKEN", token}}}};
    if (!body.is_null()) req["body"] = body;
    const Response r = p_.ask(req);
    return {r.status, Json::parse(r.text())};
  }
  std::pair<int, Json> as_root(const std::string& method, const std::string& path,
                               const Json& body = nullptr) {
    return call(method, path, body, "<root's token>", "root");
  }
  static Json job(const std::string& name, const std::string& script, Json extra = Json::object()) {
    Json d = {{"name", name},
              {"partition", "queue1"},
              {"current_working_directory", "/tmp"},
              {"environment", {"PATH=/bin:/usr/bin"}},
              {"script", script}};
    for (auto it = extra.begin(); it != extra.end(); ++it) d[it.key()] = it.value();
    return {{"job", d}};
  }
  uint32_t submit(const std::string& name, const std::string& script, Json extra = Json::object()) {
    auto [status, body] = call("POST", "/job/submit", job(name, script, std::move(extra)));
    EXPECT_EQ(status, 200) << body.dump();
    return body.value("job_id", 0u);
  }
  Json get_job(uint32_t id, const std::string& query = "") {
    auto [status, body] = call("GET", "/job/" + std::to_string(id) + query);
    EXPECT_EQ(status, 200) << body.dump();
    return body["jobs"][0];
  }
  static std::vector<std::string> descriptions(const Json& list) {
    std::vector<std::string> out;
    for (const auto& e : list) out.push_back(e["description"]);
    return out;
  }
  bool v40() const { return GetParam().version == "v0.0.40"; }
  bool r24() const { return GetParam().release == "24.11"; }
  // slurmctld's refusal of a request (2038, ...): 500 on 24.11, 422 on 26.05.
  int refusal() const { return r24() ? 500 : 422; }

  Server p_;
};

// R19: the clauses a pending job still waits on, each job on its own, fulfilled ones dropped.
TEST_P(MeasuredRows, DependencyShowsWhatIsLeft) {
  const uint32_t a = submit("A", "#!/bin/bash\nsleep 6");
  const uint32_t b = submit("B", "#!/bin/bash\nsleep 40");
  const uint32_t f = submit("F", "#!/bin/bash\nexit 1");
  const std::string as = std::to_string(a), bs = std::to_string(b), fs = std::to_string(f);
  const uint32_t ok_ab =
      submit("x", "#!/bin/bash\ntrue", {{"dependency", "afterok:" + as + ":" + bs}});
  const uint32_t bare = submit("x", "#!/bin/bash\ntrue", {{"dependency", bs}});
  const uint32_t ok_f = submit("x", "#!/bin/bash\ntrue", {{"dependency", "afterok:" + fs}});
  const uint32_t held =
      submit("x", "#!/bin/bash\ntrue", {{"dependency", "afterok:" + as}, {"hold", true}});
  const uint32_t single = submit("A", "#!/bin/bash\ntrue", {{"dependency", "singleton"}});
  EXPECT_EQ(get_job(ok_ab)["dependency"],
            "afterok:" + as + "(unfulfilled),afterok:" + bs + "(unfulfilled)");
  EXPECT_EQ(get_job(bare)["dependency"], "afterany:" + bs + "(unfulfilled)");
  EXPECT_EQ(get_job(ok_f)["dependency"], "afterok:" + fs + "(failed)");
  EXPECT_EQ(get_job(ok_f)["state_reason"], "DependencyNeverSatisfied");
  EXPECT_EQ(get_job(held)["dependency"], "afterok:" + as + "(unfulfilled)");
  EXPECT_EQ(get_job(single)["dependency"], "singleton(unfulfilled)");
  p_.advance(12);  // A completed, B runs on
  EXPECT_EQ(get_job(ok_ab)["dependency"], "afterok:" + bs + "(unfulfilled)");
  EXPECT_EQ(get_job(held)["dependency"], "afterok:" + as + "(unfulfilled)");  // not tested
  EXPECT_EQ(get_job(single)["dependency"], "");                               // it ran
  p_.advance(40);
  EXPECT_EQ(get_job(ok_ab)["dependency"], "");
  EXPECT_NE(get_job(ok_ab)["job_state"][0], "PENDING");
}

// R19: a dependency on a job slurmctld does not know is refused, at submit and update.
TEST_P(MeasuredRows, DependencyOnUnknownJobIsRefused) {
  auto [status, body] = call("POST", "/job/submit",
                             job("x", "#!/bin/bash\ntrue", {{"dependency", "afterok:999999"}}));
  EXPECT_EQ(status, refusal());
  ASSERT_EQ(body["errors"].size(), 1u) << body.dump();
  EXPECT_EQ(body["errors"][0]["error_number"], 2038);
  EXPECT_EQ(body["errors"][0]["description"], "Batch job submission failed");
  const uint32_t held = submit("h", "#!/bin/bash\ntrue", {{"hold", true}});
  auto [ustatus, ubody] =
      call("POST", "/job/" + std::to_string(held), {{"dependency", "afterok:999999"}});
  EXPECT_EQ(ustatus, refusal());
  ASSERT_EQ(ubody["errors"].size(), 1u) << ubody.dump();
  EXPECT_EQ(ubody["errors"][0]["error_number"], 2038);
  EXPECT_EQ(ubody["errors"][0]["source"], "slurm_update_job2()");
}

// R20: flags without DETAIL drop the job's resources; every flag changes nothing else.
TEST_P(MeasuredRows, FlagsWithoutDetailEmptyJobResources) {
  const uint32_t id = submit("r", "#!/bin/bash\nsleep 100");
  const Json plain = get_job(id);
  ASSERT_TRUE(plain["job_resources"].is_object());
  ASSERT_FALSE(plain["job_resources"].empty());
  const Json none = v40() ? Json::object() : Json(nullptr);
  for (const char* flag : {"ALL", "MIXED", "LOCAL", "SIBLING", "FEDERATION", "FUTURE", "all"}) {
    Json j = get_job(id, std::string("?flags=") + flag);
    EXPECT_EQ(j["job_resources"], none) << flag;
    j["job_resources"] = plain["job_resources"];
    j["last_sched_evaluation"] = plain["last_sched_evaluation"];
    EXPECT_EQ(j, plain) << flag;
  }
  EXPECT_EQ(get_job(id, "?flags=DETAIL"), plain);
  EXPECT_EQ(get_job(id, "?flags=ALL&flags=DETAIL")["job_resources"], plain["job_resources"]);
  EXPECT_EQ(get_job(id, "?flags=DETAIL&flags=ALL")["job_resources"], plain["job_resources"]);
  auto [status, list] = call("GET", "/jobs/?flags=ALL");
  EXPECT_EQ(status, 200);
  EXPECT_EQ(list["jobs"][0]["job_resources"], none);
  // No value: null where a list is wanted.
  auto [es, eb] = call("GET", "/job/" + std::to_string(id) + "?flags=");
  EXPECT_EQ(es, 500);
  ASSERT_EQ(eb["errors"].size(), 2u) << eb.dump();
  EXPECT_EQ(eb["errors"][0]["description"], "Expected a List but found a null");
  EXPECT_EQ(eb["errors"][0]["error_number"], 9206);
  EXPECT_EQ(eb["errors"][1]["source"], "_handle_job_get");
  EXPECT_FALSE(eb.contains("jobs"));
  auto [ls, lb] = call("GET", "/jobs/?flags=");
  EXPECT_EQ(ls, 422);
  ASSERT_EQ(lb["errors"].size(), 2u) << lb.dump();
  EXPECT_EQ(lb["errors"][1]["source"], "op_handler_jobs");
}

// R23: job writes with a refused token: 511, 1007, the route's description; nothing changes.
TEST_P(MeasuredRows, JobWritesWithRefusedToken) {
  const uint32_t held = submit("h", "#!/bin/bash\ntrue", {{"hold", true}});
  const std::string id = std::to_string(held);
  struct Write {
    std::string method, path;
    Json body;
    std::string description, source;
  };
  std::vector<Write> writes = {
      {"POST", "/job/submit", job("w", "#!/bin/bash\ntrue"), "Batch job submission failed",
       "slurm_submit_batch_job()"},
      {"POST",
       "/job/" + id,
       {{"comment", "x"}},
       "Job update requested failed",
       "slurm_update_job2()"},
      {"DELETE", "/job/" + id, nullptr, "Signal request failed", "slurm_kill_jobs()"},
      {"DELETE", "/jobs/", {{"job_name", "h"}}, "Signal request failed", "slurm_kill_jobs()"}};
  if (!v40())
    writes.push_back({"POST",
                      "/job/allocate",
                      {{"job",
                        {{"name", "al"},
                         {"partition", "queue1"},
                         {"current_working_directory", "/tmp"},
                         {"environment", {"PATH=/bin"}}}}},
                      "Job allocation request failed",
                      "slurm_allocate_resources_blocking()"});
  if (GetParam().version == "v0.0.45") {
    writes.push_back({"GET", "/job/" + id + "/requeue", nullptr, "Requeue JobID=" + id + " failed",
                      "op_handler_job_requeue"});
    writes.push_back({"POST",
                      "/jobs/requeue",
                      {{"jobs", {id}}},
                      "Requeue JobId=" + id + " failed",
                      "op_handler_jobs_requeue"});
  }
  for (const Write& w : writes) {
    auto [status, body] = call(w.method, w.path, w.body, "<bad signature>");
    EXPECT_EQ(status, 511) << w.method << " " << w.path;
    ASSERT_EQ(body["errors"].size(), 1u) << w.path << " " << body.dump();
    EXPECT_EQ(body["errors"][0]["error_number"], 1007);
    EXPECT_EQ(body["errors"][0]["error"], "Protocol authentication error");
    EXPECT_EQ(body["errors"][0]["description"], w.description);
    EXPECT_EQ(body["errors"][0]["source"], w.source);
  }
  const Json after = get_job(held);
  EXPECT_EQ(after["comment"], "");
  EXPECT_EQ(after["job_state"], Json::array({"PENDING"}));
  auto [status, list] = call("GET", "/jobs/");
  EXPECT_EQ(list["jobs"].size(), 1u);
}

// R23, R35: writes with slurmctld unreachable, as each call reports it; nothing changes.
TEST_P(MeasuredRows, WritesWithControllerUnreachable) {
  const uint32_t held = submit("h", "#!/bin/bash\ntrue", {{"hold", true}});
  const std::string id = std::to_string(held);
  p_.app().faults().controller_down = true;
  p_.app().faults().controller_retry_ms = 0;
  auto expect = [](const std::pair<int, Json>& got, int status, int error_number,
                   const std::string& error, const std::string& description) {
    EXPECT_EQ(got.first, status) << description;
    ASSERT_EQ(got.second["errors"].size(), 1u) << got.second.dump();
    EXPECT_EQ(got.second["errors"][0]["error_number"], error_number) << description;
    EXPECT_EQ(got.second["errors"][0]["error"], error) << description;
    EXPECT_EQ(got.second["errors"][0]["description"], description);
  };
  const std::string connect = "Unable to contact slurm controller (connect failure)";
  expect(call("POST", "/job/submit", job("w", "#!/bin/bash\ntrue")), 502, 1800, connect,
         "Batch job submission failed");
  expect(call("POST", "/job/" + id, {{"comment", "x"}}), 500, 1000, "Unexpected message received",
         "Job update requested failed");
  const int kill_status = r24() ? 500 : 403;
  expect(call("DELETE", "/job/" + id), kill_status, 1, "Operation not permitted",
         "Signal request failed");
  expect(call("DELETE", "/jobs/", {{"job_name", "h"}}), kill_status, 1, "Operation not permitted",
         "Signal request failed");
  if (GetParam().version == "v0.0.45") {
    expect(call("GET", "/job/" + id + "/requeue"), 500, 1000, "Unexpected message received",
           "Requeue JobID=" + id + " failed");
    expect(call("POST", "/jobs/requeue", {{"jobs", {id}}}), 500, 1000,
           "Unexpected message received", "Requeue JobId=" + id + " failed");
  }
  const std::string node = "queue1-dy-t3micro-1";
  expect(as_root("POST", "/node/" + node, {{"comment", "c"}}), 502, 1800, connect,
         "Failure to update node " + node);
  expect(as_root("POST", "/nodes/", {{"name", {node}}, {"comment", "c"}}), 502, 1800, connect,
         "Failure to update node " + node);
  expect(as_root("DELETE", "/node/" + node), 502, 1800, connect,
         std::string(r24() ? "Failure to update node " : "Failure to delete node ") + node);
  p_.app().faults().controller_down = false;
  const Json after = get_job(held);
  EXPECT_EQ(after["comment"], "");
  EXPECT_EQ(after["job_state"], Json::array({"PENDING"}));
  auto [status, nodes] = as_root("GET", "/node/" + node);
  EXPECT_EQ(nodes["nodes"][0]["comment"], "");
}

// R25: the parser's words for floats and booleans, and what it makes of them.
TEST_P(MeasuredRows, ParserReadsFloatsAndBooleansAsTheDaemon) {
  const std::string suffix = v40() ? "" : ": 1.5";
  auto [status, body] = call(
      "POST", "/job/submit",
      job("f", "#!/bin/bash\ntrue", {{"hold", true}, {"comment", 1.5}, {"cpus_per_task", 1.5}}));
  ASSERT_EQ(status, 200) << body.dump();
  const std::vector<std::string> w = descriptions(body["warnings"]);
  ASSERT_GE(w.size(), 2u);
  EXPECT_EQ(w[0],
            "Expected OpenAPI type=string (Slurm type=string) but got OpenAPI type=number "
            "(Slurm type=floating point number)" +
                suffix);
  EXPECT_EQ(
      w[1],
      "Expected OpenAPI type=integer format=int32 (Slurm type=64 bit integer) but got OpenAPI "
      "type=number (Slurm type=floating point number)" +
          suffix);
  EXPECT_EQ(get_job(body["job_id"])["cpus_per_task"]["number"], 2);  // rounded
  // Number objects take a float truncated, v0.0.40 with a warning, the others silently.
  auto [s2, b2] = call("POST", "/job/submit",
                       job("t", "#!/bin/bash\ntrue", {{"hold", true}, {"time_limit", 2.7}}));
  ASSERT_EQ(s2, 200) << b2.dump();
  EXPECT_EQ(get_job(b2["job_id"])["time_limit"]["number"], 2);
  EXPECT_EQ(b2["warnings"].size(), v40() ? 3u : 2u) << b2.dump();
  // nice: two readings, two warnings; a boolean refused.
  auto [s3, b3] =
      call("POST", "/job/submit", job("n", "#!/bin/bash\ntrue", {{"hold", true}, {"nice", true}}));
  EXPECT_EQ(s3, 500);
  EXPECT_EQ(b3["warnings"].size(), 2u) << b3.dump();
  ASSERT_EQ(b3["errors"].size(), 1u) << b3.dump();
  EXPECT_EQ(b3["errors"][0]["error_number"], 9202);
  EXPECT_EQ(b3["errors"][0]["description"],
            v40() ? "Expected integer but got boolean" : "Expected integer but got true");
  // Node state: a list or a string, nothing else.
  for (const auto& [value, word] : std::vector<std::pair<Json, std::string>>{
           {nullptr, "null"}, {1.5, "floating point number"}, {true, "boolean"}}) {
    auto [s4, b4] = as_root("POST", "/node/queue1-dy-t3micro-2", {{"state", value}});
    EXPECT_EQ(s4, 500);
    EXPECT_TRUE(b4["warnings"].empty()) << b4.dump();
    ASSERT_EQ(b4["errors"].size(), 1u) << b4.dump();
    EXPECT_EQ(b4["errors"][0]["error_number"], 9206);
    EXPECT_EQ(b4["errors"][0]["description"], "Expected a List but found a " + word);
    EXPECT_EQ(b4["errors"][0]["error"], "Data parser expects flags to be a list");
  }
}

// R35: node update keys reason_uid, cpu_bind and topology_str.
TEST_P(MeasuredRows, NodeUpdateKeys) {
  const std::string node = "queue2-dy-c5large-9";
  auto [s1, b1] = as_root("POST", "/node/" + node, {{"cpu_bind", 4}});
  EXPECT_EQ(s1, 200) << b1.dump();
  as_root("POST", "/node/" + node, {{"cpu_bind", 0}});
  auto [s2, got] = as_root("GET", "/node/" + node);
  EXPECT_EQ(got["nodes"][0]["cpu_binding"], 4);
  auto [s3, b3] = as_root("POST", "/node/" + node, {{"reason_uid", "no-such-user-r35"}});
  if (r24()) {
    EXPECT_EQ(s3, 500);
    ASSERT_EQ(b3["errors"].size(), 1u) << b3.dump();
    EXPECT_EQ(b3["errors"][0]["error_number"], 2166);
    EXPECT_EQ(b3["errors"][0]["description"], "Unable to resolve user: no-such-user-r35");
    auto [s4, b4] = as_root("POST", "/node/" + node, {{"reason_uid", nullptr}});
    EXPECT_EQ(s4, v40() ? 500 : 200) << b4.dump();
  } else {
    EXPECT_EQ(s3, 200);
    EXPECT_TRUE(b3["warnings"].empty()) << b3.dump();
    auto [s4, b4] = as_root("POST", "/node/" + node, {{"reason_uid", true}});
    EXPECT_EQ(s4, 200);
    EXPECT_TRUE(b4["warnings"].empty()) << b4.dump();
  }
  auto [s5, b5] = as_root("POST", "/node/" + node, {{"topology_str", "default:sw1"}});
  EXPECT_EQ(s5, 200);
  auto [s6, after] = as_root("GET", "/node/" + node);
  const bool has_topology = GetParam().version >= "v0.0.43";
  if (has_topology) {
    EXPECT_TRUE(b5["warnings"].empty()) << b5.dump();
    EXPECT_EQ(after["nodes"][0]["topology"], "default:sw1");
  } else {
    ASSERT_EQ(b5["warnings"].size(), 1u) << b5.dump();
  }
}

// Node features the parser makes no list of (null, a number, a boolean): slurmctld refuses the
// update with 2031, the number and the boolean after a type warning; the features stay.
TEST_P(MeasuredRows, NodeFeaturesNotAListAreRefusedBySlurmctld) {
  const std::string node = "queue1-dy-t3micro-2";
  auto [s0, before] = as_root("GET", "/node/" + node);
  const Json features = before["nodes"][0]["features"];
  ASSERT_FALSE(features.empty());
  const std::string suffix = v40() ? "" : ": 1.5";
  for (const auto& [value, warning] : std::vector<std::pair<Json, std::string>>{
           {nullptr, ""},
           {1.5,
            "Expected OpenAPI type=array (Slurm type=list) but got OpenAPI type=number (Slurm "
            "type=floating point number)" +
                suffix},
           {true,
            "Expected OpenAPI type=array (Slurm type=list) but got OpenAPI type=boolean "
            "(Slurm type=boolean)" +
                std::string(v40() ? "" : ": true")}}) {
    auto [s, b] = as_root("POST", "/node/" + node, {{"features", value}});
    EXPECT_EQ(s, refusal()) << b.dump();
    ASSERT_EQ(b["errors"].size(), 1u) << b.dump();
    EXPECT_EQ(b["errors"][0]["error_number"], 2031);
    EXPECT_EQ(b["errors"][0]["error"], "Active features not subset of available features");
    if (warning.empty()) {
      EXPECT_TRUE(b["warnings"].empty()) << b.dump();
    } else {
      ASSERT_EQ(b["warnings"].size(), 1u) << b.dump();
      EXPECT_EQ(b["warnings"][0]["description"], warning);
      EXPECT_EQ(b["warnings"][0]["source"], "#/features/");
    }
  }
  auto [s1, after] = as_root("GET", "/node/" + node);
  EXPECT_EQ(after["nodes"][0]["features"], features);
}

// R35's resume_after with DOWN: shown as now + the seconds, the node IDLE again at that time
// (the real timer's pass comes 10-20 s later: docs/differences.md).
TEST_P(MeasuredRows, NodeResumeAfterBringsTheNodeBack) {
  const std::string node = "queue2-dy-c5large-9";
  auto [s0, b0] = as_root("POST", "/node/" + node,
                          {{"state", {"DOWN"}}, {"reason", "r35"}, {"resume_after", 20}});
  ASSERT_EQ(s0, 200) << b0.dump();
  auto [s1, down] = as_root("GET", "/node/" + node);
  const Json& n = down["nodes"][0];
  EXPECT_EQ(n["state"][0], "DOWN") << n.dump();
  EXPECT_EQ(n["resume_after"]["number"], kStartTime + 20) << n.dump();
  p_.advance(19);
  auto [s2, still] = as_root("GET", "/node/" + node);
  EXPECT_EQ(still["nodes"][0]["state"][0], "DOWN");
  p_.advance(1);
  auto [s3, back] = as_root("GET", "/node/" + node);
  EXPECT_EQ(back["nodes"][0]["state"][0], "IDLE") << back["nodes"][0].dump();
  EXPECT_EQ(back["nodes"][0]["resume_after"]["number"], 0);
  // As a RESUME by hand: 24.11 keeps the reason, 26.05 clears it (measured on both).
  EXPECT_EQ(back["nodes"][0]["reason"], r24() ? "r35" : "");
  EXPECT_EQ(back["nodes"][0]["reason_set_by_user"], r24() ? "root" : "");
}

// R27: cancels never count in /diag's jobs_canceled.
TEST_P(MeasuredRows, DiagNeverCountsCancels) {
  const uint32_t running = submit("r", "#!/bin/bash\nsleep 100");
  const uint32_t held = submit("h", "#!/bin/bash\ntrue", {{"hold", true}});
  EXPECT_EQ(call("DELETE", "/job/" + std::to_string(running)).first, 200);
  EXPECT_EQ(call("DELETE", "/job/" + std::to_string(held) + "?signal=SIGKILL").first, 200);
  auto [status, diag] = call("GET", "/diag");
  EXPECT_EQ(diag["statistics"]["jobs_canceled"], 0);
  EXPECT_EQ(diag["statistics"]["jobs_submitted"], 2);
}

// R28: HETEROGENEOUS_JOB comes with a reconfigure, on the het jobs known then.
TEST_P(MeasuredRows, ReconfigureFlagsHeterogeneousJobs) {
  auto het = [this]() {
    Json c = {{"current_working_directory", "/tmp"},
              {"environment", {"PATH=/bin"}},
              {"partition", "queue1"}};
    Json first = c;
    first["name"] = "het";
    auto [status, body] =
        call("POST", "/job/submit", {{"script", "#!/bin/bash\nsleep 8"}, {"jobs", {first, c}}});
    EXPECT_EQ(status, 200) << body.dump();
    return body.value("job_id", 0u);
  };
  auto flagged = [this](uint32_t id) {
    auto [status, body] = call("GET", "/job/" + std::to_string(id));
    int n = 0;
    for (const auto& j : body["jobs"])
      for (const auto& f : j["flags"]) n += f == "HETEROGENEOUS_JOB";
    return n;
  };
  const uint32_t before = het();
  p_.advance(20);  // ran and completed
  EXPECT_EQ(flagged(before), 0);
  EXPECT_EQ(as_root("GET", "/reconfigure/").first, 200);
  EXPECT_EQ(flagged(before), 2);
  const uint32_t after = het();
  EXPECT_EQ(flagged(after), 0);
}

INSTANTIATE_TEST_SUITE_P(Releases, MeasuredRows,
                         ::testing::Values(Case{"24.11", "v0.0.40"}, Case{"24.11", "v0.0.41"},
                                           Case{"24.11", "v0.0.42"}, Case{"26.05", "v0.0.42"},
                                           Case{"26.05", "v0.0.43"}, Case{"26.05", "v0.0.44"},
                                           Case{"26.05", "v0.0.45"}),
                         name_of);

}  // namespace
}  // namespace mock_slurmrestd
