// POST /job/allocate of a job that cannot start at once: the request waits, over HTTP, until
// the job starts (its id), is cancelled (2021) or the server stops, without holding the
// simulator; as many wait as the worker pool allows, the rest are refused at once.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <future>
#include <memory>
#include <ostream>
#include <string>
#include <thread>

#include "app.h"
#include "mock_slurmrestd/server.h"
#include "scheduler_sim/simulator.h"
#include "scheduler_sim/slurm_conf.h"

namespace mock_slurmrestd {
namespace {

using std::chrono::seconds;

constexpr char kConf[] = R"(ClusterName=c
NodeName=n[1-2] CPUs=2 RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=n[1-2] Default=YES MaxTime=INFINITE State=UP
)";

// Generous: these bound a wait for something that must happen, they are never slept.
constexpr seconds kPatience{20};

struct Answer {
  int status = 0;
  Json body;
};

struct Release {
  std::string name, version;
  int refusal_status;  // the 2021 answer's status: 500 (24.11), 422 (26.05)
};
// ctest's test names show the parameter: "26.05 v0.0.45", not its bytes.
void PrintTo(const Release& r, std::ostream* os) { *os << r.name << ' ' << r.version; }

class AllocationWait : public ::testing::TestWithParam<Release> {
 protected:
  void start(ClockMode clock = ClockMode::kManual, double scale = 1.0, int max_threads = 1024) {
    ServerOptions o;
    o.port = 0;
    o.slurm_version = GetParam().name;
    o.clock = clock;
    o.scale = scale;
    o.start_time = 1796643383;
    o.jwt_key = std::string(32, 'k');
    o.threads = 2;
    o.max_threads = max_threads;
    server_ = std::make_unique<Server>(scheduler_sim::parse_slurm_conf(kConf, ""), o);
    port_ = server_->start();
    token_ = server_->mint_token("ec2-user");
    // One answer read on this thread before any client thread starts: Debian's cpp-httplib
    // (not instrumented) builds its response-line regex on first use, and TSan cannot see the
    // uninstrumented guard that orders a later reader on another thread after that build.
    ASSERT_EQ(ask("GET", api("/ping")).status, 200);
  }
  void TearDown() override {
    if (server_) server_->stop();
  }

  // One request on a connection of its own (a waiting one must not hold another's).
  Answer ask(const std::string& method, const std::string& path, const std::string& body = "") {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(60, 0);
    httplib::Headers h = {{"X-SLURM-USER-NAME", "ec2-user"}, {"X-SLURM-USER-TOKEN", token_}};
    httplib::Result r = method == "POST"     ? c.Post(path, h, body, "application/json")
                        : method == "DELETE" ? c.Delete(path, h)
                                             : c.Get(path, h);
    Answer a;
    if (!r) return a;
    a.status = r->status;
    if (r->get_header_value("Content-Type") == "application/json") a.body = Json::parse(r->body);
    return a;
  }
  std::string api(const std::string& sub) const { return "/slurm/" + GetParam().version + sub; }
  std::future<Answer> allocate(const std::string& name, const std::string& node) {
    const std::string body = R"({"job": {"name": ")" + name +
                             R"(", "partition": "debug", "current_working_directory": "/tmp",
        "environment": ["PATH=/bin"], "required_nodes": [")" +
                             node + R"("],
        "time_limit": {"set": true, "infinite": false, "number": 1}}})";
    return std::async(std::launch::async,
                      [this, body] { return ask("POST", api("/job/allocate"), body); });
  }
  // The id of the job named `name` once the simulator has it (0 after kPatience). Its
  // allocation holds the simulator lock from its submission to its wait, so a job seen here
  // is a request already waiting.
  uint32_t job_named(const std::string& name) {
    const auto end = std::chrono::steady_clock::now() + kPatience;
    while (std::chrono::steady_clock::now() < end) {
      uint32_t id = 0;
      server_->with_simulator([&](const scheduler_sim::Simulator& sim) {
        for (const auto& j : sim.jobs())
          if (j->name == name) id = j->job_id;
      });
      if (id) return id;
      std::this_thread::yield();
    }
    return 0;
  }
  scheduler_sim::JobState state_of(uint32_t id) {
    scheduler_sim::JobState s = scheduler_sim::JobState::kPending;
    server_->with_simulator(
        [&](const scheduler_sim::Simulator& sim) { s = sim.find_job(id)->state; });
    return s;
  }
  static bool waiting(std::future<Answer>& f) {
    return f.wait_for(seconds(0)) == std::future_status::timeout;
  }
  static Answer answer(std::future<Answer>& f) {
    EXPECT_EQ(f.wait_for(kPatience), std::future_status::ready);
    return f.get();
  }
  void expect_2021(const Answer& a) {
    EXPECT_EQ(a.status, GetParam().refusal_status);
    ASSERT_EQ(a.body["errors"].size(), 1u);
    EXPECT_EQ(a.body["errors"][0]["error_number"], 2021);
    EXPECT_EQ(a.body["errors"][0]["error"], "Job/step already completing or completed");
    EXPECT_EQ(a.body["errors"][0]["description"], "Job allocation request failed");
    EXPECT_EQ(a.body["errors"][0]["source"], "slurm_allocate_resources_blocking()");
  }

  std::unique_ptr<Server> server_;
  int port_ = 0;
  std::string token_;
};

TEST_P(AllocationWait, AnswersTheIdOnceTheJobStartsAsAnImmediateOneDoes) {
  start();
  std::future<Answer> now = allocate("now", "n2");
  const Answer immediate = answer(now);
  ASSERT_EQ(immediate.status, 200);
  ASSERT_TRUE(server_->set_node_state("n1", "drain", "hold it").ok());
  std::future<Answer> f = allocate("waits", "n1");
  const uint32_t id = job_named("waits");
  ASSERT_NE(id, 0u);
  // Listed PENDING without a batch step while the request waits.
  const Answer job = ask("GET", api("/job/" + std::to_string(id)));
  EXPECT_EQ(job.body["jobs"][0]["job_state"], Json::array({"PENDING"}));
  EXPECT_EQ(job.body["jobs"][0]["batch_flag"], false);
  EXPECT_TRUE(waiting(f));
  // The node back: the job starts and the request answers, as an immediate one.
  ASSERT_TRUE(server_->set_node_state("n1", "resume", "").ok());
  const Answer a = answer(f);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body["job_id"], id);
  EXPECT_EQ(a.body["job_submit_user_msg"], "");
  std::vector<std::string> keys, immediate_keys;
  for (auto it = a.body.begin(); it != a.body.end(); ++it) keys.push_back(it.key());
  for (auto it = immediate.body.begin(); it != immediate.body.end(); ++it)
    immediate_keys.push_back(it.key());
  EXPECT_EQ(keys, immediate_keys);
  EXPECT_EQ(state_of(id), scheduler_sim::JobState::kRunning);
}

TEST_P(AllocationWait, CancelledWhileWaitingAnswers2021) {
  start();
  ASSERT_TRUE(server_->set_node_state("n1", "drain", "hold it").ok());
  std::future<Answer> f = allocate("cancelled", "n1");
  const uint32_t id = job_named("cancelled");
  ASSERT_NE(id, 0u);
  EXPECT_EQ(ask("DELETE", api("/job/" + std::to_string(id))).status, 200);
  expect_2021(answer(f));
  EXPECT_EQ(state_of(id), scheduler_sim::JobState::kCancelled);
}

TEST_P(AllocationWait, AHeldJobKeepsWaitingUntilReleased) {
  start();
  ASSERT_TRUE(server_->set_node_state("n1", "drain", "hold it").ok());
  std::future<Answer> f = allocate("held", "n1");
  const uint32_t id = job_named("held");
  ASSERT_NE(id, 0u);
  const std::string path = api("/job/" + std::to_string(id));
  EXPECT_EQ(ask("POST", path, R"({"hold": true})").status, 200);
  ASSERT_TRUE(server_->set_node_state("n1", "resume", "").ok());
  server_->advance_clock(60);
  // Held with its node free: still pending, so its request cannot have answered.
  EXPECT_EQ(state_of(id), scheduler_sim::JobState::kPending);
  EXPECT_TRUE(waiting(f));
  EXPECT_EQ(ask("POST", path, R"({"hold": false})").status, 200);
  const Answer a = answer(f);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body["job_id"], id);
}

TEST_P(AllocationWait, AJobThatEndsOnItsOwnLetsTheNextOneStartUnderARunningClock) {
  // 600 simulated seconds a wall second: the one-minute job ends 0.1 s later, with no
  // request to bring the simulator up to date; the waiter wakes on its own for that moment.
  start(ClockMode::kScaled, 600);
  std::future<Answer> first = allocate("first", "n1");
  ASSERT_EQ(answer(first).status, 200);
  std::future<Answer> second = allocate("second", "n1");  // n1's two CPUs: one each
  ASSERT_EQ(answer(second).status, 200);
  std::future<Answer> third = allocate("third", "n1");
  const uint32_t id = job_named("third");
  ASSERT_NE(id, 0u);
  const Answer a = answer(third);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body["job_id"], id);
}

TEST_P(AllocationWait, UnderAManualClockAnAdvanceThroughTheAdminApiEndsTheWait) {
  start();
  std::future<Answer> first = allocate("first", "n1");
  ASSERT_EQ(answer(first).status, 200);
  std::future<Answer> second = allocate("second", "n1");
  ASSERT_EQ(answer(second).status, 200);
  std::future<Answer> third = allocate("third", "n1");
  const uint32_t id = job_named("third");
  ASSERT_NE(id, 0u);
  server_->advance_clock(59);  // the one-minute jobs still run
  EXPECT_EQ(state_of(id), scheduler_sim::JobState::kPending);
  EXPECT_TRUE(waiting(third));
  httplib::Client admin("127.0.0.1", port_);
  auto r = admin.Post("/mock/v1/clock/advance?seconds=2", "", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const Answer a = answer(third);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body["job_id"], id);
}

TEST_P(AllocationWait, StoppingTheServerEndsAWait) {
  start();
  ASSERT_TRUE(server_->set_node_state("n1", "drain", "hold it").ok());
  std::future<Answer> f = allocate("stopped", "n1");
  ASSERT_NE(job_named("stopped"), 0u);
  server_->stop();  // returns: the waiting worker was woken and joined
  const Answer a = answer(f);
  EXPECT_EQ(a.status, 502);
  EXPECT_EQ(a.body["errors"][0]["error_number"], 1800);
}

TEST_P(AllocationWait, WaitsBeyondThePoolAreRefusedAndTheServerStillAnswers) {
  // Three workers at most: two may wait, one is kept for everything else.
  start(ClockMode::kManual, 1.0, 3);
  ASSERT_TRUE(server_->set_node_state("n1", "drain", "hold it").ok());
  std::future<Answer> w1 = allocate("w1", "n1");
  const uint32_t id1 = job_named("w1");
  std::future<Answer> w2 = allocate("w2", "n1");
  const uint32_t id2 = job_named("w2");
  ASSERT_NE(id1, 0u);
  ASSERT_NE(id2, 0u);
  std::future<Answer> w3 = allocate("w3", "n2");  // could start, but no slot to wait in
  const Answer refused = answer(w3);
  EXPECT_EQ(refused.status, GetParam().refusal_status);
  EXPECT_EQ(refused.body["errors"][0]["error_number"], 11);
  EXPECT_EQ(refused.body["errors"][0]["error"], "Resource temporarily unavailable");
  server_->with_simulator(
      [](const scheduler_sim::Simulator& sim) { EXPECT_EQ(sim.jobs().size(), 2u); });
  EXPECT_EQ(ask("GET", api("/ping")).status, 200);
  EXPECT_EQ(ask("DELETE", api("/job/" + std::to_string(id1))).status, 200);
  expect_2021(answer(w1));
  EXPECT_EQ(ask("DELETE", api("/job/" + std::to_string(id2))).status, 200);
  expect_2021(answer(w2));
}

INSTANTIATE_TEST_SUITE_P(Releases, AllocationWait,
                         ::testing::Values(Release{"24.11", "v0.0.42", 500},
                                           Release{"26.05", "v0.0.45", 422}),
                         [](const auto& info) { return info.param.version.substr(5); });

}  // namespace
}  // namespace mock_slurmrestd
