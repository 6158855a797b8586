// Allocations that wait (POST /job/allocate of a job whose required node is drained), replayed
// on the mock from what the real 24.11 and 26.05 daemons answered
// (tests/data/oracle/<release>/asked/allocate_block/, contract_tests/tools/
// record_allocate_block.py; docs/oracle-notes/releases-24.11-26.05.md, "Allocations that
// wait"): each blocked request runs on a thread of its own while the story goes on, and its
// answer, when the job starts or is cancelled, is compared with the daemon's.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "release_replay.h"

namespace mock_slurmrestd {
namespace {

using replay::load;
using replay::oracle;

// Bounds a wait for an answer that must come; never slept.
constexpr std::chrono::seconds kPatience{20};

class AllocateBlock : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string dir = oracle(GetParam() + "/asked/allocate_block");
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      Json r = load(e.path().string());
      const std::string c = r["case"];
      recs_[c] = std::move(r);
    }
  }
  const Json& rec(const std::string& c) {
    EXPECT_TRUE(recs_.count(c)) << c;
    return recs_[c];
  }
  // A recorded write, its answer compared byte for byte.
  void write(const std::string& c) {
    for (const auto& d : replay::exact_differences(p_.ask(rec(c)["request"]), rec(c)["answer"]))
      ADD_FAILURE() << c << ": " << d;
  }
  // A recorded job read: keys, order and values, times and ids by type; `allowed` keys are
  // differences docs/differences.md lists.
  void read(const std::string& c, const std::set<std::string>& allowed = {}) {
    replay::Comparison cmp;
    cmp.allow = [&allowed](uint32_t, const std::string& key) { return allowed.count(key) > 0; };
    cmp.volatile_keys = {
        "accrue_time",           "eligible_time", "end_time",    "start_time",   "submit_time",
        "last_sched_evaluation", "user_id",       "group_id",    "group_name",   "source",
        "preempt_time",          "suspend_time",  "resize_time", "pre_sus_time", "last_update",
        "last_backfill",         "sluid"};
    cmp.answer(p_.ask(rec(c)["request"]), rec(c)["answer"], rec(c)["answer"]["body"]);
    for (const auto& d : cmp.diffs) ADD_FAILURE() << c << ": " << d;
  }
  // The blocked allocation of `c` asked on a thread; returns once its job `name` exists (the
  // request then waits: it holds the simulator from its submission to its wait).
  std::future<Response> blocked(const std::string& c, const std::string& name) {
    const Json request = rec(c)["request"];
    auto f = std::async(std::launch::async, [this, request] { return p_.ask(request); });
    const auto end = std::chrono::steady_clock::now() + kPatience;
    while (std::chrono::steady_clock::now() < end && !has_job(name)) std::this_thread::yield();
    EXPECT_TRUE(has_job(name)) << name;
    EXPECT_EQ(f.wait_for(std::chrono::seconds(0)), std::future_status::timeout) << name;
    return f;
  }
  // Its answer, compared with the recording.
  void answered(const std::string& c, std::future<Response>& f) {
    if (f.wait_for(kPatience) != std::future_status::ready) {
      ADD_FAILURE() << c << ": no answer";
      p_.app().set_stopping(true);  // end the wait, so that the test ends
    }
    for (const auto& d : replay::exact_differences(f.get(), rec(c)["answer"]))
      ADD_FAILURE() << c << ": " << d;
  }
  bool has_job(const std::string& name) {
    auto locked = p_.app().lock();
    for (const auto* j : locked->jobs())
      if (j->name == name) return true;
    return false;
  }

  replay::Server p_{replay::options(GetParam(), 1796657600)};
  std::map<std::string, Json> recs_;
};

TEST_P(AllocateBlock, StoryAsRecorded) {
  write("immediate");
  write("drain_10");
  auto long_waiter = blocked("long_answered", "long");
  // 1. Waits for its drained node; answers its id once the node is back.
  write("drain_1");
  auto waits = blocked("waits_answered", "waits");
  read("pending");
  write("resume_1");
  answered("waits_answered", waits);
  // The daemon's allocation failed moments after it started (every one that had waited; R22):
  // read FAILED right after the answer on 26.05, RUNNING on 24.11. The mock's keeps running.
  const bool failed = rec("started")["answer"]["body"]["jobs"][0]["job_state"][0] == "FAILED";
  read("started", failed ? std::set<std::string>{"job_state", "exit_code", "state_reason", "flags"}
                         : std::set<std::string>{});
  p_.ask(rec("cancel_started")["request"]);  // the daemon's job had failed by then (notes)
  // 2. Cancelled while waiting: 2021.
  write("drain_1_again");
  auto cancelled = blocked("cancelled_answered", "cancelled");
  write("cancel_waiting");
  answered("cancelled_answered", cancelled);
  read("cancelled_job");
  // 3. Held: waits while its node is back, answers once released.
  auto held = blocked("held_answered", "held");
  write("hold");
  write("resume_1_held");
  p_.advance(5);
  EXPECT_EQ(held.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  // R22: a job held while it waits shows DEPENDENT and keeps its reason's description.
  read("held_job", {"flags", "state_description"});
  write("release");
  answered("held_answered", held);
  p_.ask(rec("cancel_held")["request"]);
  // 4. Updated onto an idle node: the daemon started it there; the simulator does not apply
  // `required_nodes` to a pending job (R22), so it keeps waiting, until cancelled.
  write("drain_1_third");
  auto moved = blocked("moved_answered", "moved");
  write("update_nodes");
  EXPECT_EQ(moved.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  p_.ask(rec("cancel_moved")["request"]);
  if (moved.wait_for(kPatience) != std::future_status::ready) p_.app().set_stopping(true);
  for (const auto& d : replay::exact_differences(moved.get(), rec("cancelled_answered")["answer"]))
    ADD_FAILURE() << "moved: " << d;
  // 5. A new time limit while waiting: still waiting; then cancelled.
  auto limit = blocked("limit_answered", "limit");
  write("update_limit");
  read("limit_job");
  write("cancel_limit");
  answered("limit_answered", limit);
  // 6. The client gone (a raw connection closed while waiting; not recorded as an exchange):
  // the job stays pending. Once its node is back the daemon's job FAILED (exit 1) as the
  // allocation found no one to take it; the mock's starts and keeps running
  // (docs/differences.md R22).
  Json gone_request = rec("limit_answered")["request"];
  gone_request["body"]["job"]["name"] = "gone";
  gone_request["body"]["job"]["time_limit"]["number"] = 1;
  auto gone = std::async(std::launch::async, [this, gone_request] { return p_.ask(gone_request); });
  {
    const auto end = std::chrono::steady_clock::now() + kPatience;
    while (std::chrono::steady_clock::now() < end && !has_job("gone")) std::this_thread::yield();
  }
  read("gone_job");
  write("resume_1_gone");
  ASSERT_EQ(gone.wait_for(kPatience), std::future_status::ready);
  EXPECT_EQ(gone.get().status, 200);
  p_.ask(rec("cancel_gone")["request"]);
  // 7. 26.05: its partition down while waiting, then up.
  if (GetParam() == "26.05") {
    write("drain_1_fourth");
    auto pdown = blocked("pdown_answered", "pdown");
    write("partition_down");
    write("resume_1_pdown");
    read("pdown_job");
    write("partition_up");
    answered("pdown_answered", pdown);
    p_.ask(rec("cancel_pdown")["request"]);  // 2021 on the daemon: its job had failed (R22)
  }
  // The first waiter, after all that: still waiting, answers once cancelled.
  read("long_job");
  write("cancel_long");
  answered("long_answered", long_waiter);
}

INSTANTIATE_TEST_SUITE_P(Releases, AllocateBlock, ::testing::Values("24.11", "26.05"),
                         [](const auto& info) {
                           return info.param == "24.11" ? "r24_11" : "r26_05";
                         });

}  // namespace
}  // namespace mock_slurmrestd
