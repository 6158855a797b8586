// Job behaviour overrides (#MOCK directives, rules) and the JobRunner hook for real execution.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <csignal>
#include <vector>

#include "scheduler_sim/simulator.h"

namespace scheduler_sim {
namespace {

constexpr SimTime kT0 = 1700000000;
const Identity kUser{"ec2-user", 1000, 1000};
const Identity kBob{"bob", 1001, 1001};

JobSpec script(const std::string& body, const std::string& name = "") {
  JobSpec s;
  s.script = "#!/bin/bash\n" + body + "\n";
  if (!name.empty()) s.name = name;
  return s;
}

uint32_t submit(Simulator& sim, const JobSpec& spec, const Identity& who = kUser) {
  SubmitResult r;
  Status s = sim.submit(spec, who, &r);
  EXPECT_TRUE(s.ok()) << s.message();
  return r.job_id;
}

TEST(DirectivesTest, OverrideTheScriptsRunTimeAndExit) {
  Simulator sim(default_cluster(), {.start_time = kT0});
  uint32_t id = submit(sim, script("#MOCK runtime=90 exit=3\nsleep 5"));
  EXPECT_EQ(sim.find_job(id)->run_seconds, 90);
  sim.advance(89);
  EXPECT_EQ(sim.find_job(id)->state, JobState::kRunning);
  sim.advance(1);
  EXPECT_EQ(sim.find_job(id)->state, JobState::kFailed);
  EXPECT_EQ(sim.find_job(id)->state_reason, "NonZeroExitCode");
  EXPECT_EQ(sim.find_job(id)->exit_status, 768);
}

TEST(DirectivesTest, DurationsLastLineWinsAndJunkIsIgnored) {
  Simulator sim(default_cluster(), {.start_time = kT0});
  uint32_t a = submit(sim, script("#MOCK runtime=1.5m\n#MOCK exit=0 runtime=2m\nexit 4"));
  EXPECT_EQ(sim.find_job(a)->run_seconds, 120);
  EXPECT_EQ(sim.find_job(a)->exit_status, 0);
  // Bad values, unknown keys and look-alike comments leave the script's own behaviour.
  uint32_t b = submit(sim, script("#MOCK runtime=-3 exit=300 foo=1\n#MOCKERY runtime=9\n"
                                  "  #MOCK runtime=8\nsleep 7"));
  EXPECT_EQ(sim.find_job(b)->run_seconds, 7);
  EXPECT_EQ(sim.find_job(b)->exit_status, 0);
}

// Found by fuzz_request (UBSan: a double beyond int64 converted): the run time is capped.
TEST(DirectivesTest, HugeDurationsRunForACentury) {
  Simulator sim(default_cluster(), {.start_time = kT0});
  constexpr int64_t kCentury = 100LL * 365 * 86400;
  uint32_t a = submit(sim, script("sleep 1111111111111111111111111111111111111111300"));
  EXPECT_EQ(sim.find_job(a)->run_seconds, kCentury);
  uint32_t b = submit(sim, script("sleep 1e308 1e308 1e308"));  // the sum is infinite
  EXPECT_EQ(sim.find_job(b)->run_seconds, kCentury);
  uint32_t c = submit(sim, script("#MOCK runtime=9e40d\nsleep 1"));
  EXPECT_EQ(sim.find_job(c)->run_seconds, kCentury);
  sim.advance(86400);
  EXPECT_EQ(sim.find_job(a)->state, JobState::kRunning);
}

TEST(RulesTest, FirstMatchWinsOnNamePartitionUser) {
  SimOptions o{.start_time = kT0};
  o.rules = {
      BehaviorRule{.name = "slow", .partition = "queue2", .run_seconds = 500},
      BehaviorRule{.user = "bob", .exit_code = 2},
      BehaviorRule{.name = "slow", .run_seconds = 300, .exit_code = 1},
  };
  Simulator sim(default_cluster(), o);
  JobSpec q2 = script("sleep 10", "slow");
  q2.partition = "queue2";
  uint32_t a = submit(sim, q2);
  EXPECT_EQ(sim.find_job(a)->run_seconds, 500);
  EXPECT_EQ(sim.find_job(a)->script_exit_status, 0);     // the rule says nothing about exit
  uint32_t b = submit(sim, script("sleep 10", "slow"));  // queue1: third rule
  EXPECT_EQ(sim.find_job(b)->run_seconds, 300);
  EXPECT_EQ(sim.find_job(b)->script_exit_status, 256);
  uint32_t c = submit(sim, script("sleep 10", "slow"), kBob);  // bob's rule comes first
  EXPECT_EQ(sim.find_job(c)->run_seconds, 10);
  EXPECT_EQ(sim.find_job(c)->script_exit_status, 512);
  uint32_t d = submit(sim, script("sleep 10"));  // unnamed, ec2-user: no rule
  EXPECT_EQ(sim.find_job(d)->run_seconds, 10);
  EXPECT_EQ(sim.find_job(d)->script_exit_status, 0);
  // Directives beat rules, field by field.
  uint32_t e = submit(sim, script("#MOCK runtime=4", "slow"));
  EXPECT_EQ(sim.find_job(e)->run_seconds, 4);
  EXPECT_EQ(sim.find_job(e)->script_exit_status, 256);
}

TEST(RulesTest, AScriptWithoutInterpreterStillFails) {
  SimOptions o{.start_time = kT0};
  o.rules = {BehaviorRule{.run_seconds = 60}};
  Simulator sim(default_cluster(), o);
  JobSpec s;
  s.script = "sleep 5";
  uint32_t id = submit(sim, s);
  sim.advance(0);  // the end is an event due now
  EXPECT_EQ(sim.find_job(id)->state, JobState::kFailed);
  EXPECT_EQ(sim.find_job(id)->exit_status, 2048);
}

// Records what the simulator asks of a runner.
struct FakeRunner : JobRunner {
  std::vector<uint32_t> started, killed;
  std::vector<std::pair<uint32_t, int>> signals;
  void on_start(const Job& job) override { started.push_back(job.job_id); }
  void on_signal(uint32_t id, int sig) override { signals.emplace_back(id, sig); }
  void on_kill(uint32_t id) override { killed.push_back(id); }
};

class RunnerTest : public ::testing::Test {
 protected:
  RunnerTest() { sim_.set_job_runner(&runner_); }
  Simulator sim_{default_cluster(), {.start_time = kT0}};
  FakeRunner runner_;
  const Job& job(uint32_t id) { return *sim_.find_job(id); }
};

TEST_F(RunnerTest, JobRunsUntilTheRunnerReportsItsExit) {
  uint32_t a = submit(sim_, script("sleep 1"));
  uint32_t b = submit(sim_, script("true"));
  EXPECT_EQ(runner_.started, (std::vector<uint32_t>{a, b}));
  sim_.advance(3600);  // the script's `sleep 1` no longer decides
  EXPECT_EQ(job(a).state, JobState::kRunning);
  ASSERT_TRUE(sim_.finish_job(a, 0).ok());
  EXPECT_EQ(job(a).state, JobState::kCompleted);
  EXPECT_EQ(job(a).end_time, kT0 + 3600);
  sim_.finish_job(b, 3 << 8);
  EXPECT_EQ(job(b).state, JobState::kFailed);
  EXPECT_EQ(job(b).state_reason, "NonZeroExitCode");
  EXPECT_EQ(job(b).exit_status, 768);
  EXPECT_TRUE(runner_.killed.empty());
  sim_.finish_job(b, 0);  // late or duplicate reports change nothing
  EXPECT_EQ(job(b).state, JobState::kFailed);
  EXPECT_TRUE(sim_.finish_job(999, 0).ok());
}

TEST_F(RunnerTest, SignalsGoToTheRunnerAndTheJobViewMatchesTheSimulatedOne) {
  uint32_t id = submit(sim_, script("sleep 100"));
  ASSERT_TRUE(sim_.signal(id, SIGUSR1, kUser).ok());
  EXPECT_EQ(runner_.signals, (std::vector<std::pair<uint32_t, int>>{{id, SIGUSR1}}));
  EXPECT_EQ(job(id).state, JobState::kRunning);  // until the process dies
  sim_.finish_job(id, SIGUSR1);                  // wait status of a process killed by USR1
  EXPECT_TRUE(runner_.killed.empty());

  Simulator plain(default_cluster(), {.start_time = kT0});
  uint32_t p = submit(plain, script("sleep 100"));
  plain.signal(p, SIGUSR1, kUser);
  for (const Job* j : {&job(id), plain.find_job(p)}) {
    EXPECT_EQ(j->state, JobState::kFailed);
    EXPECT_EQ(j->state_reason, "JobLaunchFailure");
    EXPECT_EQ(j->exit_status, SIGUSR1);
  }
}

TEST_F(RunnerTest, CancelTimeLimitAndResetKillTheProcess) {
  uint32_t c = submit(sim_, script("sleep 100"));
  JobSpec limited = script("sleep 1");
  limited.time_limit = 1;
  uint32_t t = submit(sim_, limited);
  uint32_t r = submit(sim_, script("sleep 100"));
  ASSERT_TRUE(sim_.signal(c, SIGKILL, kUser).ok());
  EXPECT_EQ(job(c).state, JobState::kCancelled);
  EXPECT_EQ(job(c).exit_status, 15);
  sim_.advance(59);
  EXPECT_EQ(job(t).state, JobState::kRunning);  // `sleep 1` does not end it
  sim_.advance(1);
  EXPECT_EQ(job(t).state, JobState::kTimeout);
  EXPECT_EQ(job(t).exit_status, 15);
  EXPECT_EQ(runner_.killed, (std::vector<uint32_t>{c, t}));
  sim_.finish_job(t, SIGTERM);  // the killed process's report is ignored
  EXPECT_EQ(job(t).state, JobState::kTimeout);
  sim_.reset();
  EXPECT_EQ(runner_.killed, (std::vector<uint32_t>{c, t, r}));
}

TEST_F(RunnerTest, ScriptsThatCannotRunStaySimulated) {
  JobSpec s;
  s.script = "sleep 5";  // no #! line: fails at once as on the oracle
  uint32_t id = submit(sim_, s);
  sim_.advance(0);
  EXPECT_EQ(job(id).state, JobState::kFailed);
  EXPECT_EQ(job(id).exit_status, 2048);
  EXPECT_TRUE(runner_.started.empty());
}

TEST_F(RunnerTest, AnOutputFileThatCannotBeOpenedFailsTheLaunch) {
  uint32_t id = submit(sim_, script("sleep 100"));
  ASSERT_TRUE(sim_.fail_launch(id, 4021).ok());
  EXPECT_EQ(job(id).state, JobState::kFailed);
  EXPECT_EQ(job(id).state_reason, "JobLaunchFailure");
  EXPECT_EQ(job(id).exit_status, 4021);
  EXPECT_EQ(job(id).end_time, kT0);
  EXPECT_TRUE(runner_.killed.empty());  // nothing runs: nothing to kill
  sim_.fail_launch(id, 4021);           // a late duplicate changes nothing
  sim_.finish_job(id, 0);
  EXPECT_EQ(job(id).state, JobState::kFailed);
  EXPECT_TRUE(sim_.fail_launch(999, 4021).ok());
}

TEST_F(RunnerTest, AUserTheHostDoesNotKnowIsRequeuedAtEveryStart) {
  Identity unknown{"nosuchuser", 99, 99, /*known=*/false};
  uint32_t id = submit(sim_, script("sleep 1"), unknown);
  // Started and requeued at once: nothing reaches the runner.
  EXPECT_TRUE(runner_.started.empty());
  EXPECT_EQ(job(id).state, JobState::kPending);
  EXPECT_EQ(job(id).state_reason, "BeginTime");
  EXPECT_EQ(job(id).restart_count, 1);
  EXPECT_EQ(job(id).submit_time, kT0);
  EXPECT_EQ(job(id).eligible_time, kT0 + 120);
  EXPECT_EQ(job(id).start_time, kT0 + 120);
  EXPECT_EQ(job(id).end_time, kT0 + 120 + 365 * 86400);
  sim_.advance(119);
  EXPECT_EQ(job(id).restart_count, 1);
  sim_.advance(1);  // eligible again: the next start fails the same way
  EXPECT_EQ(job(id).state, JobState::kPending);
  EXPECT_EQ(job(id).restart_count, 2);
  EXPECT_EQ(job(id).submit_time, kT0 + 120);
  EXPECT_EQ(job(id).eligible_time, kT0 + 240);
  EXPECT_TRUE(runner_.started.empty());
  // Its nodes are free for other jobs meanwhile.
  uint32_t other = submit(sim_, script("sleep 1"));
  EXPECT_EQ(runner_.started, (std::vector<uint32_t>{other}));
  // And it can still be cancelled.
  ASSERT_TRUE(sim_.signal(id, SIGKILL, unknown).ok());
  EXPECT_EQ(job(id).state, JobState::kCancelled);
}

}  // namespace
}  // namespace scheduler_sim
