// StateSaveLocation: a new Server restores what the previous one saved (jobs, ids, nodes, clock).
#include "state_save.h"

#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "mock_slurmrestd/server.h"
#include "scheduler_sim/slurm_conf.h"

namespace mock_slurmrestd {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using scheduler_sim::JobSpec;

constexpr int64_t kT0 = 1700000000;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class StateSaveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    dir_ =
        fs::temp_directory_path() / ("state_save_test_" + std::to_string(::getpid()) + "_" + test);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    options_.clock = ClockMode::kManual;
    options_.start_time = kT0;
    options_.jwt_key = std::string(32, 'k');
    options_.state_save_location = dir_.string();
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }

  // A new server on the same directory, as after a restart (the old one is gone first).
  void restart(scheduler_sim::ClusterConfig config = scheduler_sim::default_cluster()) {
    server_.reset();
    server_ = std::make_unique<Server>(std::move(config), options_);
  }

  HttpResult call(const std::string& method, const std::string& target,
                  const std::string& body = "") {
    std::multimap<std::string, std::string> h = {{"X-SLURM-USER-NAME", user_},
                                                 {"X-SLURM-USER-TOKEN", server_->mint_token(user_)},
                                                 {"Content-Type", "application/json"}};
    return server_->handle(method, target, h, body);
  }
  // Who the requests come from. --exec local as root runs scripts as this user, so tests that
  // run scripts use the test's own account (ec2-user may not exist, or not reach dir_).
  std::string user_ = "ec2-user";

  // Submits and returns the job id (0 when refused).
  uint32_t submit(json job) {
    HttpResult r = call("POST", "/slurm/v0.0.36/job/submit", submission(std::move(job)));
    if (r.status != 200) return 0;
    return json::parse(r.body)["job_id"].get<uint32_t>();
  }
  json job(uint32_t id) {
    HttpResult r = call("GET", "/slurm/v0.0.36/job/" + std::to_string(id));
    json j = json::parse(r.body);
    return j["jobs"].empty() ? json() : j["jobs"][0];
  }
  // v0.0.36 takes the script next to the job's properties.
  static std::string submission(json job) {
    json script = job["script"];
    job.erase("script");
    return json{{"job", job}, {"script", script}}.dump();
  }
  static json job_body(const std::string& name, const std::string& script) {
    return json{{"name", name},
                {"current_working_directory", "/tmp"},
                {"environment", {{"PATH", "/bin"}}},
                {"script", script}};
  }

  fs::path dir_;
  ServerOptions options_;
  std::unique_ptr<Server> server_;
};

TEST_F(StateSaveTest, EveryKindOfJobAndNodeComesBackIdentical) {
  restart();
  json pending = job_body("held", "#!/bin/bash\nsleep 100\n");
  pending["hold"] = true;
  uint32_t held = submit(pending);
  uint32_t running = submit(job_body("running", "#!/bin/bash\nsleep 600\n"));
  uint32_t done = submit(job_body("done", "#!/bin/bash\nsleep 5\n"));
  json array = job_body("array", "#!/bin/bash\nsleep 50\n");
  array["array"] = "1-4%2";
  uint32_t arr = submit(array);
  json dep = job_body("after", "#!/bin/bash\nsleep 10\n");
  dep["dependency"] = "afterok:" + std::to_string(running);
  uint32_t after = submit(dep);
  json bad = job_body("bad", "#!/bin/bash\ntrue\n");
  bad["dependency"] = "afterok:abc";  // refused, but uses up a job id
  HttpResult refused = call("POST", "/slurm/v0.0.36/job/submit", submission(bad));
  EXPECT_EQ(refused.status, 500) << refused.body;
  uint32_t cancelled = submit(job_body("cancelled", "#!/bin/bash\nsleep 300\n"));
  ASSERT_TRUE(held && running && done && arr && after && cancelled);
  EXPECT_EQ(call("DELETE", "/slurm/v0.0.36/job/" + std::to_string(cancelled)).status, 200);
  EXPECT_EQ(
      call("POST", "/slurm/v0.0.36/job/" + std::to_string(held), json{{"comment", "kept"}}.dump())
          .status,
      200);
  const std::string node = "/mock/v1/node/queue1-dy-t3micro-";
  EXPECT_EQ(call("POST", node + "9/state?state=drain&reason=fix").status, 200);
  EXPECT_EQ(call("POST", node + "10/state?state=down&reason=dead").status, 200);
  EXPECT_EQ(call("POST", "/mock/v1/clock/advance?seconds=30").status, 200);

  const std::string jobs = call("GET", "/slurm/v0.0.36/jobs").body;
  const std::string nodes = call("GET", "/slurm/v0.0.36/nodes").body;
  const std::string partitions = call("GET", "/slurm/v0.0.36/partitions").body;
  const std::string clock = call("GET", "/mock/v1/clock").body;
  const std::string diag = call("GET", "/slurm/v0.0.36/diag").body;
  EXPECT_EQ(job(done)["job_state"], "COMPLETED");
  EXPECT_EQ(job(running)["job_state"], "RUNNING");

  restart();
  // A manual clock stands still while the server is down: everything is byte-identical.
  EXPECT_EQ(call("GET", "/slurm/v0.0.36/jobs").body, jobs);
  EXPECT_EQ(call("GET", "/slurm/v0.0.36/nodes").body, nodes);
  EXPECT_EQ(call("GET", "/slurm/v0.0.36/partitions").body, partitions);
  EXPECT_EQ(call("GET", "/mock/v1/clock").body, clock);
  // /diag's counters come back too (its req_time is the server's own start).
  auto counters = [](const std::string& body) {
    json s = json::parse(body)["statistics"];
    return json{s["jobs_submitted"], s["jobs_started"], s["jobs_completed"], s["jobs_canceled"],
                s["schedule_cycle_total"]};
  };
  EXPECT_EQ(counters(call("GET", "/slurm/v0.0.36/diag").body), counters(diag));

  // Ids continue after the last one given out (the refused submission's id stays used).
  uint32_t next = submit(job_body("next", "#!/bin/bash\nsleep 1\n"));
  EXPECT_EQ(next, cancelled + 1);
  // And the restored jobs go on: the running one ends when its `sleep 600` does.
  EXPECT_EQ(call("POST", "/mock/v1/clock/advance?seconds=700").status, 200);
  EXPECT_EQ(job(running)["job_state"], "COMPLETED");
  EXPECT_EQ(job(running)["end_time"].get<int64_t>(), kT0 + 600);
  EXPECT_EQ(job(after)["job_state"], "COMPLETED");  // its dependency was met
}

// Node updates over the v0.0.40+ routes are saved and replayed: states, reasons, fields, and a
// job requeued because its node was set down.
TEST_F(StateSaveTest, NodeUpdatesAreRestored) {
  options_.slurm_version = "24.11";
  restart();
  user_ = "root";
  const std::string node = "/slurm/v0.0.42/node/queue1-dy-t3micro-";
  json fields = {{"comment", "c1"},
                 {"extra", "e1"},
                 {"weight", 5},
                 {"features", {"f1", "f2"}},
                 {"features_act", {"f1"}}};
  EXPECT_EQ(call("POST", node + "2", fields.dump()).status, 200);
  EXPECT_EQ(
      call("POST", node + "%5B3-4%5D", json{{"state", {"DRAIN"}}, {"reason", "r"}}.dump()).status,
      200);
  EXPECT_EQ(call("POST", "/slurm/v0.0.42/nodes",
                 json{{"name", {"queue1-dy-t3micro-5"}}, {"state", {"FUTURE"}}}.dump())
                .status,
            200);
  user_ = "ec2-user";
  json busy = {{"job",
                {{"name", "busy"},
                 {"partition", "queue2"},
                 {"current_working_directory", "/tmp"},
                 {"environment", {"PATH=/bin"}},
                 {"script", "#!/bin/bash\nsleep 600\n"}}}};
  HttpResult submitted = call("POST", "/slurm/v0.0.42/job/submit", busy.dump());
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  const std::string id = std::to_string(json::parse(submitted.body)["job_id"].get<uint32_t>());
  user_ = "root";
  EXPECT_EQ(call("POST", "/slurm/v0.0.42/node/queue2-dy-c5large-1",
                 json{{"state", {"DOWN"}}, {"reason", "dead"}}.dump())
                .status,
            200);
  // Timed returns (resume_after with DOWN): one due before the restart, one after it.
  for (const auto& [n, seconds] : {std::pair{"2", 10}, std::pair{"3", 100}}) {
    EXPECT_EQ(call("POST", std::string("/slurm/v0.0.42/node/queue2-dy-c5large-") + n,
                   json{{"state", {"DOWN"}}, {"resume_after", seconds}}.dump())
                  .status,
              200);
  }
  // A signal to the batch step only (BATCH_JOB): the running job ends FAILED.
  busy["job"]["partition"] = "queue1";
  user_ = "ec2-user";
  const std::string batch = std::to_string(
      json::parse(call("POST", "/slurm/v0.0.42/job/submit", busy.dump()).body)["job_id"]
          .get<uint32_t>());
  EXPECT_EQ(call("DELETE", "/slurm/v0.0.42/job/" + batch + "?flags=BATCH_JOB").status, 200);
  user_ = "root";
  EXPECT_EQ(call("POST", "/mock/v1/clock/advance?seconds=30").status, 200);
  const std::string nodes = call("GET", "/slurm/v0.0.42/nodes").body;
  const std::string jobs = call("GET", "/slurm/v0.0.42/jobs").body;
  ASSERT_NE(nodes.find("\"c1\""), std::string::npos);
  EXPECT_EQ(json::parse(call("GET", "/slurm/v0.0.42/job/" + id).body)["jobs"][0]["job_state"],
            json::array({"PENDING"}));
  auto node_state = [&](const std::string& n) {
    return json::parse(call("GET", "/slurm/v0.0.42/node/queue2-dy-c5large-" + n).body)["nodes"][0];
  };
  EXPECT_EQ(node_state("2")["state"], json::array({"IDLE"}));
  EXPECT_EQ(node_state("3")["state"][0], "DOWN");
  EXPECT_GT(node_state("3")["resume_after"]["number"].get<int64_t>(), 0);
  EXPECT_EQ(json::parse(call("GET", "/slurm/v0.0.42/job/" + batch).body)["jobs"][0]["state_reason"],
            "RaisedSignal");

  restart();
  EXPECT_EQ(call("GET", "/slurm/v0.0.42/nodes").body, nodes);
  EXPECT_EQ(call("GET", "/slurm/v0.0.42/jobs").body, jobs);
  // The restored timer still brings node 3 back at its time.
  EXPECT_EQ(call("POST", "/mock/v1/clock/advance?seconds=70").status, 200);
  EXPECT_EQ(node_state("3")["state"], json::array({"IDLE"}));
}

// One array task's cancel ("N_T") is saved as a signal to the task; node lists as given.
TEST_F(StateSaveTest, AnArrayTaskCancelAndNodeListsAreRestored) {
  restart();
  json array = job_body("array", "#!/bin/bash\nsleep 50\n");
  array["array"] = "1-4%1";
  const uint32_t arr = submit(array);
  json placed = job_body("placed", "#!/bin/bash\nsleep 50\n");
  placed["nodelist"] = "queue1-dy-t3micro-6,queue1-dy-t3micro-5";
  placed["exclude_nodes"] = "queue1-dy-t3micro-1";
  const uint32_t on = submit(placed);
  ASSERT_TRUE(arr && on);
  const std::string task = "/slurm/v0.0.38/job/" + std::to_string(arr) + "_3";
  EXPECT_EQ(call("DELETE", task).status, 200);
  EXPECT_EQ(job(arr)["array_task_string"], "2,4%1");
  EXPECT_EQ(job(on)["nodes"], "queue1-dy-t3micro-[5-6]");
  const std::string jobs = call("GET", "/slurm/v0.0.38/jobs").body;
  restart();
  EXPECT_EQ(call("GET", "/slurm/v0.0.38/jobs").body, jobs);
  EXPECT_EQ(call("DELETE", task).status, 500);  // still gone after the restart
}

// 26.05's requeue and reservations are saved like the other changes: after a restart the job
// is pending again (held, restart 1) and the reservations are listed as before.
TEST_F(StateSaveTest, RequeuesAndReservationsAreRestored) {
  options_.slurm_version = "26.05";
  restart();
  json desc = job_body("rq", "#!/bin/bash\nsleep 500\n");
  desc["environment"] = json::array({"PATH=/bin"});
  HttpResult r = call("POST", "/slurm/v0.0.45/job/submit", json{{"job", desc}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string id = std::to_string(json::parse(r.body)["job_id"].get<uint32_t>());
  server_->advance_clock(5);
  EXPECT_EQ(call("GET", "/slurm/v0.0.45/job/" + id + "/requeue?Hold").status, 200);
  server_->advance_clock(1);  // the requeue's epilog (PENDING+COMPLETING) is over
  user_ = "root";
  const json resv = {{"reservations",
                      {{{"name", "r1"},
                        {"node_list", "queue1-dy-t3micro-[3-4]"},
                        {"users", "ec2-user"},
                        {"flags", {"MAINT"}},
                        {"start_time", {{"set", true}, {"number", kT0 + 3600}}},
                        {"duration", {{"set", true}, {"number", 60}}}}}}};
  ASSERT_EQ(call("POST", "/slurm/v0.0.45/reservations", resv.dump()).status, 200);
  // A job that names r1 waits for its start ("Reservation"), restored as it was.
  user_ = "ec2-user";
  json in_resv = job_body("in-r1", "#!/bin/bash\nsleep 500\n");
  in_resv["environment"] = json::array({"PATH=/bin"});
  in_resv["reservation"] = "r1";
  r = call("POST", "/slurm/v0.0.45/job/submit", json{{"job", in_resv}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string waiting = std::to_string(json::parse(r.body)["job_id"].get<uint32_t>());
  user_ = "root";
  ASSERT_EQ(call("POST", "/slurm/v0.0.45/reservation",
                 json{{"name", "r2"},
                      {"node_list", "queue1-dy-t3micro-5"},
                      {"duration", {{"set", true}, {"number", 30}}}}
                     .dump())
                .status,
            200);
  ASSERT_EQ(call("DELETE", "/slurm/v0.0.42/reservation/r2").status, 200);
  const std::string jobs = call("GET", "/slurm/v0.0.45/jobs").body;
  const std::string resvs = call("GET", "/slurm/v0.0.45/reservations").body;
  ASSERT_NE(resvs.find("\"r1\""), std::string::npos);
  ASSERT_NE(resvs.find("\"MAINT\""), std::string::npos);
  ASSERT_EQ(resvs.find("\"r2\""), std::string::npos);
  restart();
  EXPECT_EQ(call("GET", "/slurm/v0.0.45/jobs").body, jobs);
  EXPECT_EQ(call("GET", "/slurm/v0.0.45/reservations").body, resvs);
  const json job = json::parse(call("GET", "/slurm/v0.0.45/job/" + id).body)["jobs"][0];
  EXPECT_EQ(job["job_state"], json::array({"PENDING"}));
  EXPECT_EQ(job["restart_cnt"], 1);
  EXPECT_EQ(job["state_reason"], "JobHeldUser");
  const json w = json::parse(call("GET", "/slurm/v0.0.45/job/" + waiting).body)["jobs"][0];
  EXPECT_EQ(w["state_reason"], "Reservation");
  EXPECT_EQ(w["resv_name"], "r1");
}

// Reservations by node_count, by group and with PURGE_COMP are restored as listed, and one that
// ended (its job timed out) stays gone.
TEST_F(StateSaveTest, PickedGroupAndEndedReservationsAreRestored) {
  options_.slurm_version = "26.05";
  restart();
  user_ = "root";
  const json resv = {{"reservations",
                      {{{"name", "picked"},
                        {"node_count", 2},
                        {"partition", "queue1"},
                        {"users", "ec2-user"},
                        {"duration", {{"set", true}, {"number", 60}}}},
                       {{"name", "grp"},
                        {"node_list", "queue1-dy-t3micro-9"},
                        {"groups", "root"},
                        {"flags", {"PURGE_COMP"}},
                        {"purge_completed", {{"time", {{"set", true}, {"number", 3000}}}}},
                        {"duration", {{"set", true}, {"number", 120}}}},
                       {{"name", "short"},
                        {"node_list", "queue1-dy-t3micro-10"},
                        {"users", "ec2-user"},
                        {"duration", {{"set", true}, {"number", 1}}}}}}};
  ASSERT_EQ(call("POST", "/slurm/v0.0.45/reservations", resv.dump()).status, 200);
  user_ = "ec2-user";
  json in_short = job_body("in-short", "#!/bin/bash\nsleep 500\n");
  in_short["environment"] = json::array({"PATH=/bin"});
  in_short["reservation"] = "short";
  HttpResult r = call("POST", "/slurm/v0.0.45/job/submit", json{{"job", in_short}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string id = std::to_string(json::parse(r.body)["job_id"].get<uint32_t>());
  server_->advance_clock(61);
  const std::string jobs = call("GET", "/slurm/v0.0.45/jobs").body;
  const std::string resvs = call("GET", "/slurm/v0.0.45/reservations").body;
  ASSERT_NE(resvs.find("\"queue1-dy-t3micro-[1-2]\""), std::string::npos) << resvs;
  ASSERT_NE(resvs.find("\"PURGE_COMP\""), std::string::npos);
  ASSERT_EQ(resvs.find("\"short\""), std::string::npos);
  restart();
  EXPECT_EQ(call("GET", "/slurm/v0.0.45/jobs").body, jobs);
  EXPECT_EQ(call("GET", "/slurm/v0.0.45/reservations").body, resvs);
  const json job = json::parse(call("GET", "/slurm/v0.0.45/job/" + id).body)["jobs"][0];
  EXPECT_EQ(job["job_state"], json::array({"TIMEOUT"}));
  // root's group may name grp after the restart, ec2-user's not.
  json in_grp = job_body("in-grp", "#!/bin/bash\nsleep 500\n");
  in_grp["environment"] = json::array({"PATH=/bin"});
  in_grp["reservation"] = "grp";
  EXPECT_EQ(call("POST", "/slurm/v0.0.45/job/submit", json{{"job", in_grp}}.dump()).status, 422);
  user_ = "root";
  EXPECT_EQ(call("POST", "/slurm/v0.0.45/job/submit", json{{"job", in_grp}}.dump()).status, 200);
}

// The calls the bindings make (Server::submit, update, signal...) take the HTTP handlers' path:
// saved, and restored by a new Server on the same directory.
TEST_F(StateSaveTest, ChangesMadeThroughServerCallsAreRestored) {
  restart();
  const scheduler_sim::Identity who = server_->identity("ec2-user");
  auto spec = [](const std::string& name, const std::string& script) {
    JobSpec s;
    s.script = script;
    s.name = name;
    s.current_working_directory = "/tmp";
    s.environment = {{"PATH", "/bin"}};
    return s;
  };
  scheduler_sim::SubmitResult r;
  ASSERT_TRUE(server_->submit(spec("long", "#!/bin/bash\nsleep 600\n"), who, &r).ok());
  const uint32_t running = r.job_id;
  JobSpec held_spec = spec("held", "#!/bin/bash\nsleep 100\n");
  held_spec.hold = true;
  ASSERT_TRUE(server_->submit(held_spec, who, &r).ok());
  const uint32_t held = r.job_id;
  ASSERT_TRUE(server_->submit(spec("doomed", "#!/bin/bash\nsleep 300\n"), who, &r).ok());
  const uint32_t cancelled = r.job_id;
  ASSERT_TRUE(server_
                  ->submit_het({spec("het0", "#!/bin/bash\nsleep 50\n"),
                                spec("het1", "#!/bin/bash\nsleep 50\n")},
                               who, &r)
                  .ok());
  const uint32_t het = r.job_id;
  // A refused submission is saved too: it used up a job id.
  JobSpec bad = spec("bad", "#!/bin/bash\ntrue\n");
  bad.dependency = "afterok:abc";
  EXPECT_FALSE(server_->submit(bad, who, &r).ok());
  scheduler_sim::JobUpdate update;
  update.fields.comment = "kept";
  update.fields.time_limit = 7;
  ASSERT_TRUE(server_->update(held, update, who).ok());
  ASSERT_TRUE(server_->signal(cancelled, SIGKILL, who).ok());
  ASSERT_TRUE(server_->set_node_state("queue1-dy-t3micro-10", "down", "dead").ok());
  server_->advance_clock(30);
  server_->set_clock_mode(ClockMode::kScaled, 4.0);
  server_->set_clock_mode(ClockMode::kManual);
  EXPECT_EQ(server_->clock_mode(), ClockMode::kManual);
  const scheduler_sim::SimTime now = server_->sim_now();

  const std::string jobs = call("GET", "/slurm/v0.0.36/jobs").body;
  const std::string nodes = call("GET", "/slurm/v0.0.36/nodes").body;
  EXPECT_EQ(job(running)["job_state"], "RUNNING");
  EXPECT_EQ(job(cancelled)["job_state"], "CANCELLED");

  restart();
  EXPECT_EQ(call("GET", "/slurm/v0.0.36/jobs").body, jobs);
  EXPECT_EQ(call("GET", "/slurm/v0.0.36/nodes").body, nodes);
  EXPECT_EQ(server_->sim_now(), now);
  EXPECT_EQ(server_->clock_mode(), ClockMode::kManual);
  server_->with_simulator([&](const scheduler_sim::Simulator& sim) {
    const scheduler_sim::Job* h = sim.find_job(held);
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->spec.comment, "kept");
    EXPECT_EQ(h->time_limit, 7);
    EXPECT_TRUE(h->held);
    ASSERT_NE(sim.find_job(het), nullptr);
    EXPECT_EQ(sim.find_job(het)->het_job_id, het);
    EXPECT_EQ(sim.find_node("queue1-dy-t3micro-10")->reason, "dead");
  });
  // The next id follows the refused submission's.
  ASSERT_TRUE(server_->submit(spec("next", "#!/bin/bash\nsleep 1\n"), who, &r).ok());
  EXPECT_EQ(r.job_id, het + 3);
}

// A value for every kind of JobSpec member that differs from its default.
void set_all(std::string* v) { *v = "v"; }
void set_all(std::optional<std::string>* v) { *v = "v"; }
void set_all(std::optional<int64_t>* v) { *v = 7; }
void set_all(std::optional<bool>* v) { *v = false; }
void set_all(std::vector<std::string>* v) { *v = {"a", "b"}; }
void set_all(std::map<std::string, std::string>* v) { *v = {{"K", "V"}}; }
template <class T>
bool is_set(const T& v) {
  return v != T{};
}

TEST(JobSpecRecordTest, EveryFieldRoundTrips) {
  JobSpec full;
  scheduler_sim::for_each_job_spec_field(
      [&](const char*, auto member) { set_all(&(full.*member)); });
  const JobSpec back = job_spec_from_json(job_spec_to_json(full));
  scheduler_sim::for_each_job_spec_field(
      [&](const char* name, auto member) { EXPECT_TRUE(back.*member == full.*member) << name; });
  // Unset optionals stay unset (absent keys), so "not given" replays as not given.
  EXPECT_EQ(job_spec_to_json(JobSpec{}).dump(), R"({"script":"","argv":[],"environment":{}})");
}

// The keys of a submission saved before the field list moved to job.h (every field set, in the
// order that build wrote them): such a state file must still restore in full.
TEST(JobSpecRecordTest, StateFilesOfEarlierBuildsRestoreEveryField) {
  const char* saved = R"({"script":"#!/bin/bash\nsleep 1\n","name":"n","account":"a",
    "partition":"p","qos":"q","comment":"c","reservation":"r","wckey":"w",
    "current_working_directory":"/tmp","standard_input":"/dev/null","standard_output":"o",
    "standard_error":"e","array":"1-3","dependency":"afterok:1","constraints":"f",
    "licenses":"l","gres":"gpu:1","mail_type":"END","mail_user":"u","burst_buffer":"bb",
    "nodes":"1-2","begin_time":"now+60","argv":["x"],"environment":{"PATH":"/bin"},
    "time_limit":5,"time_minimum":1,"tasks":2,"cpus_per_task":1,"tasks_per_node":1,
    "minimum_nodes":1,"minimum_cpus_per_node":1,"memory_per_node":100,"memory_per_cpu":50,
    "nice":10,"priority":3,"sockets_per_node":1,"cores_per_socket":1,"threads_per_core":1,
    "tasks_per_core":1,"tasks_per_socket":1,"shared":"user","exclusive":true,"hold":true,
    "requeue":false,"contiguous":true,"kill_on_invalid_dependency":true,"no_kill":true,
    "wait_all_nodes":true,"deadline":"2030-01-01","core_specification":1,
    "thread_specification":1,"delay_boot":30})";
  const JobSpec spec = job_spec_from_json(Json::parse(saved));
  // Fields added since then are simply absent from such a file.
  const std::set<std::string> later = {
      "container",      "prefer",       "spread_job",    "use_min_nodes",      "gres_binding",
      "cpu_frequency",  "gpu_binding",  "gpu_frequency", "cluster_constraint", "required_nodes",
      "excluded_nodes", "mcs_label",    "profile",       "tmp_disk_per_node",  "batch",
      "minimum_cpus",   "maximum_nodes"};
  scheduler_sim::for_each_job_spec_field([&](const char* name, auto member) {
    if (!later.count(name)) EXPECT_TRUE(is_set(spec.*member)) << name << " was not read";
  });
  EXPECT_EQ(spec.delay_boot, 30);
  EXPECT_EQ(spec.environment.at("PATH"), "/bin");
  // Written back, the same keys and values (in job.h's order).
  EXPECT_EQ(json::parse(job_spec_to_json(spec).dump()), json::parse(saved));
}

// An allocation (no batch step) comes back as one: still RUNNING with no script, and it ends
// at its time limit with exit status 0 (docs/simulator.md, "Allocations").
TEST_F(StateSaveTest, AnAllocationIsRestoredAsOne) {
  restart();
  const scheduler_sim::Identity who = server_->identity("ec2-user");
  JobSpec alloc;
  alloc.batch = false;
  alloc.time_limit = 1;
  alloc.environment = {{"PATH", "/bin"}};
  scheduler_sim::SubmitResult r;
  ASSERT_TRUE(server_->submit(alloc, who, &r).ok());
  server_->advance_clock(30);
  restart();
  server_->with_simulator([&](const scheduler_sim::Simulator& sim) {
    const scheduler_sim::Job* j = sim.find_job(r.job_id);
    ASSERT_NE(j, nullptr);
    EXPECT_EQ(j->state, scheduler_sim::JobState::kRunning);
    EXPECT_EQ(j->restart_count, 0);  // a batch job without a script would have been requeued
    EXPECT_TRUE(scheduler_sim::is_allocation(j->spec));
  });
  server_->advance_clock(30);
  server_->with_simulator([&](const scheduler_sim::Simulator& sim) {
    EXPECT_EQ(sim.find_job(r.job_id)->state, scheduler_sim::JobState::kTimeout);
    EXPECT_EQ(sim.find_job(r.job_id)->exit_status, 0);
  });
}

TEST_F(StateSaveTest, RealClockKeepsRunningJobsEndTimesAndCountsTheDowntime) {
  options_.clock = ClockMode::kReal;
  options_.start_time = 0;  // the wall clock's now
  restart();
  // The pacer counted from before this instant: once 2 s have passed since it, simulated time
  // is at least start_time + 2, past quick's end (start_time + 1).
  const auto counting = std::chrono::steady_clock::now();
  uint32_t quick = submit(job_body("quick", "#!/bin/bash\nsleep 1\n"));
  uint32_t slow = submit(job_body("slow", "#!/bin/bash\nsleep 600\n"));
  json before = job(slow);
  ASSERT_EQ(before["job_state"], "RUNNING");
  server_.reset();
  std::this_thread::sleep_until(counting + std::chrono::seconds(2));  // down past quick's end
  restart();
  json after = job(slow);
  EXPECT_EQ(after["job_state"], "RUNNING");
  EXPECT_EQ(after["start_time"], before["start_time"]);
  EXPECT_EQ(after["end_time"], before["end_time"]);
  json q = job(quick);
  EXPECT_EQ(q["job_state"], "COMPLETED");  // ended at its time while the server was down
  EXPECT_EQ(q["end_time"].get<int64_t>(), q["start_time"].get<int64_t>() + 1);
  EXPECT_GE(server_->sim_now(), before["start_time"].get<int64_t>() + 2);
}

TEST_F(StateSaveTest, ResetEmptiesTheSavedState) {
  restart();
  submit(job_body("a", "#!/bin/bash\nsleep 100\n"));
  submit(job_body("b", "#!/bin/bash\nsleep 100\n"));
  EXPECT_EQ(call("POST", "/mock/v1/reset").status, 200);
  restart();
  EXPECT_EQ(json::parse(call("GET", "/slurm/v0.0.36/jobs").body)["jobs"].size(), 0u);
  EXPECT_EQ(submit(job_body("c", "#!/bin/bash\nsleep 100\n")), 1u);
  restart();
  EXPECT_EQ(job(1)["name"], "c");
}

TEST_F(StateSaveTest, ClockModeAndAdvancesAreRestored) {
  restart();
  EXPECT_EQ(call("POST", "/mock/v1/clock/advance?seconds=1000").status, 200);
  restart();
  EXPECT_EQ(server_->sim_now(), kT0 + 1000);
  // A scaled clock keeps running while the server is down.
  EXPECT_EQ(call("POST", "/mock/v1/clock/mode?mode=scaled&scale=1000").status, 200);
  server_.reset();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  options_.clock = ClockMode::kManual;  // the saved clock wins over the command line's
  restart();
  EXPECT_GE(server_->sim_now(), kT0 + 1000 + 100);
  EXPECT_EQ(json::parse(call("GET", "/mock/v1/clock").body)["mode"], "scaled");
}

// A clock the admin API accepts is one a restart can restore (the file refuses a scale outside
// (0, 1e9]); one it cannot restore is refused up front.
TEST_F(StateSaveTest, EveryClockTheAdminApiAcceptsIsRestored) {
  restart();
  EXPECT_EQ(call("POST", "/mock/v1/clock/mode?mode=manual&scale=0").status, 200);
  EXPECT_EQ(call("POST", "/mock/v1/clock/mode?mode=scaled&scale=1e12").status, 400);
  EXPECT_THROW(server_->set_clock_mode(ClockMode::kScaled, 1e12), std::invalid_argument);
  EXPECT_THROW(server_->set_clock_mode(ClockMode::kScaled, 0), std::invalid_argument);
  restart();
  EXPECT_EQ(json::parse(call("GET", "/mock/v1/clock").body)["mode"], "manual");
}

TEST_F(StateSaveTest, TornLastRecordIsDroppedAndTheFileStaysUsable) {
  restart();
  uint32_t a = submit(job_body("a", "#!/bin/bash\nsleep 100\n"));
  server_.reset();
  const fs::path state = dir_ / "mock-slurmrestd.state";
  std::string full = read_all(state);
  {
    // A second submission killed halfway through its write(2).
    std::ofstream out(state, std::ios::app | std::ios::binary);
    out << R"({"op":"submit","t":1700000000,"user":["ec2-user",1000,1000],"spec":{"scr)";
  }
  restart();
  EXPECT_EQ(read_all(state), full);  // cut back to the last complete record
  EXPECT_EQ(job(a)["name"], "a");
  uint32_t b = submit(job_body("b", "#!/bin/bash\nsleep 100\n"));
  EXPECT_EQ(b, a + 1);
  restart();
  EXPECT_EQ(job(b)["name"], "b");
}

TEST_F(StateSaveTest, CorruptionIsAStartupErrorNamingTheLine) {
  restart();
  submit(job_body("a", "#!/bin/bash\nsleep 100\n"));
  submit(job_body("b", "#!/bin/bash\nsleep 100\n"));
  server_.reset();
  const fs::path state = dir_ / "mock-slurmrestd.state";
  std::string text = read_all(state);
  size_t second = text.find('\n') + 1;  // the first record
  text[second + 3] = '#';
  std::ofstream(state, std::ios::binary | std::ios::trunc) << text;
  try {
    restart();
    FAIL() << "a corrupt state file was accepted";
  } catch (const StateError& e) {
    EXPECT_NE(std::string(e.what()).find("mock-slurmrestd.state:2: corrupt record"),
              std::string::npos)
        << e.what();
  }
  // A complete record of an unknown kind is corruption too, not a torn tail.
  std::ofstream(state, std::ios::binary | std::ios::trunc)
      << text.substr(0, second) << R"({"op":"explode","t":1700000000})"
      << "\n";
  EXPECT_THROW(restart(), StateError);
  // So is a time no clock reaches (it would overflow the clock or replay events for ages),
  // and one that goes back.
  for (const char* t : {"9000000000000000000", "1600000000"}) {
    std::ofstream(state, std::ios::binary | std::ios::trunc)
        << text.substr(0, second) << R"({"op":"node","t":)" << t
        << R"(,"node":"queue1-dy-t3micro-1","state":"drain","reason":"x"})"
        << "\n";
    EXPECT_THROW(restart(), StateError) << t;
  }
  std::ofstream(state, std::ios::binary | std::ios::trunc) << "hello\n";
  EXPECT_THROW(restart(), StateError);
}

// A number of the wrong kind or size is corruption, named as such: a plain cast would be
// undefined (1e41 as a uid, found by fuzz_state_file) or wrap silently (-1 as a job id).
TEST_F(StateSaveTest, NumbersOfTheWrongKindOrSizeAreCorruption) {
  restart();
  server_.reset();
  const fs::path state = dir_ / "mock-slurmrestd.state";
  const std::string header = read_all(state);
  const std::string script = R"("spec":{"script":"#!/bin/bash\nsleep 1\n","partition":"queue1",)"
                             R"("current_working_directory":"/tmp","environment":{"PATH":"/bin"})";
  const std::string records[] = {
      R"({"op":"submit","t":1700000000,"user":["ec2-user",6.6e41,1000],)" + script + "}}",
      R"({"op":"submit","t":1700000000,"user":["ec2-user",1000.5,1000],)" + script + "}}",
      R"({"op":"submit","t":1700000000,"user":["ec2-user",4294967296,1000],)" + script + "}}",
      R"({"op":"submit","t":1700000000,"user":["ec2-user",-1,1000],)" + script + "}}",
      R"({"op":"submit","t":1700000000,"user":["ec2-user",1000,1000,0],)" + script + "}}",
      R"({"op":"submit","t":1700000000,"user":["ec2-user",1000,1000],)" + script +
          R"(,"time_limit":1e300}})",
      R"({"op":"submit","t":1700000000,"user":["ec2-user",1000,1000],)" + script + R"(,"hold":1}})",
      R"({"op":"submit","t":1700000000.5,"user":["ec2-user",1000,1000],)" + script + "}}",
      R"({"op":"signal","t":1700000000,"job":-1,"signal":9,"user":["ec2-user",1000,1000]})",
      R"({"op":"finish","t":1700000000,"job":1,"status":1e10})",
  };
  for (const std::string& r : records) {
    std::ofstream(state, std::ios::binary | std::ios::trunc) << header << r << "\n";
    try {
      restart();
      ADD_FAILURE() << "accepted: " << r;
    } catch (const StateError& e) {
      EXPECT_NE(std::string(e.what()).find("mock-slurmrestd.state:2: expected "), std::string::npos)
          << e.what();
    }
  }
  // The message stays one short line however large the bad value is.
  std::ofstream(state, std::ios::binary | std::ios::trunc)
      << header << R"({"op":"submit","t":1700000000,"user":["ec2-user",")"
      << std::string(100000, 'x') << R"(",1000],)" << script << "}}\n";
  try {
    restart();
    ADD_FAILURE() << "accepted a 100,000-character uid";
  } catch (const StateError& e) {
    EXPECT_LT(std::string(e.what()).size(), 300u) << e.what();
  }
}

TEST_F(StateSaveTest, AnotherClusterOrSeedIsRefused) {
  restart();
  submit(job_body("a", "#!/bin/bash\nsleep 100\n"));
  scheduler_sim::ClusterConfig other = scheduler_sim::default_cluster();
  other.nodes[0].cpus = 4;
  try {
    restart(other);
    FAIL() << "state of another cluster was replayed";
  } catch (const StateError& e) {
    EXPECT_NE(std::string(e.what()).find("another slurm.conf"), std::string::npos) << e.what();
  }
  options_.seed = 2;
  try {
    restart();
    FAIL() << "state of another seed was replayed";
  } catch (const StateError& e) {
    EXPECT_NE(std::string(e.what()).find("--seed"), std::string::npos) << e.what();
  }
  options_.seed = 1;
  // Where the slurm.conf was read from, its JWT key or StateSaveLocation do not matter.
  scheduler_sim::ClusterConfig moved = scheduler_sim::default_cluster();
  moved.source_path = "/elsewhere/slurm.conf";
  moved.jwt_key_path = "/elsewhere/jwt.key";
  restart(moved);
  EXPECT_EQ(job(1)["name"], "a");
}

TEST_F(StateSaveTest, ADirectoryServesOneServerAtATime) {
  restart();
  try {
    Server second(scheduler_sim::default_cluster(), options_);
    FAIL() << "two servers share one StateSaveLocation";
  } catch (const StateError& e) {
    EXPECT_NE(std::string(e.what()).find("in use"), std::string::npos) << e.what();
  }
  options_.state_save_location = (dir_ / "missing").string();
  EXPECT_THROW(Server(scheduler_sim::default_cluster(), options_), StateError);
}

TEST_F(StateSaveTest, NothingIsWrittenWithoutAStateSaveLocation) {
  options_.state_save_location.clear();
  restart();
  submit(job_body("a", "#!/bin/bash\nsleep 100\n"));
  restart();
  EXPECT_TRUE(job(1).is_null());
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(StateSaveTest, ARefusedWriteChangesNothing) {
  restart();
  uint32_t a = submit(job_body("a", "#!/bin/bash\nsleep 100\n"));
  ASSERT_EQ(a, 1u);
  // A reset rewrites the file through a temporary one; a directory in its place makes that
  // fail (even for root), so the jobs stay and the answer says why.
  fs::create_directory(dir_ / "mock-slurmrestd.state.tmp");
  HttpResult r = call("POST", "/mock/v1/reset");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("Unable to save state"), std::string::npos) << r.body;
  EXPECT_EQ(job(a)["name"], "a");
  fs::remove(dir_ / "mock-slurmrestd.state.tmp");
  restart();
  EXPECT_EQ(job(a)["name"], "a");
}

TEST_F(StateSaveTest, LocalScriptsLostWithTheServerEndAsKilled) {
  options_.clock = ClockMode::kReal;
  options_.start_time = 0;
  options_.exec = ExecMode::kLocal;
  const passwd* me = ::getpwuid(::geteuid());
  ASSERT_NE(me, nullptr);
  user_ = me->pw_name;
  restart();
  json j = job_body("script", "#!/bin/sh\nsleep 30\n");
  j["standard_output"] = (dir_ / "out.txt").string();
  uint32_t id = submit(j);
  ASSERT_EQ(job(id)["job_state"], "RUNNING");
  restart();  // stop() kills the script; nothing reported its end
  // It ended at the stop: COMPLETING (its epilog, a second of real time) until then.
  json after = job(id);
  for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
       after["job_state"] == "COMPLETING" && std::chrono::steady_clock::now() < until;
       after = job(id))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(after["job_state"], "FAILED");
  EXPECT_EQ(after["exit_code"], 9) << after.dump();  // killed by signal 9
  restart();                                         // and that end is saved like any other
  EXPECT_EQ(job(id)["job_state"], "FAILED");
  EXPECT_EQ(submit(job_body("next", "#!/bin/sh\ntrue\n")), id + 1);
}

// As root, --exec local requeues the jobs of users without an account at every start; the
// replay must keep them so (the saved identity says so), not launch them.
TEST_F(StateSaveTest, JobsOfUsersWithoutAnAccountStayUnlaunchedAfterARestart) {
  options_.clock = ClockMode::kReal;
  options_.start_time = 0;
  options_.exec = ExecMode::kLocal;
  user_ = "no-such-user-7f3a";
  restart();
  uint32_t id = submit(job_body("ghost", "#!/bin/sh\nsleep 30\n"));
  ASSERT_NE(id, 0u);
  json before = job(id);
  restart();
  json after = job(id);
  if (::geteuid() == 0) {
    EXPECT_EQ(before["job_state"], "PENDING") << before.dump();
    EXPECT_EQ(before["state_reason"], "BeginTime");
    EXPECT_EQ(after["job_state"], "PENDING") << after.dump();
    EXPECT_EQ(after["state_reason"], "BeginTime");
    EXPECT_EQ(after["eligible_time"], before["eligible_time"]);
  } else {
    // Not root: scripts run as the mock's own user, whoever submits them.
    EXPECT_EQ(before["job_state"], "RUNNING") << before.dump();
    EXPECT_EQ(after["job_state"], "FAILED") << after.dump();
  }
}

}  // namespace
}  // namespace mock_slurmrestd
