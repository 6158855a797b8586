// Reservations shaping scheduling, against the real 26.05.5 daemon's answers
// (tests/data/oracle/26.05/asked/resv_sched/, contract_tests/tools/record_resv_sched_2605.py):
// the story replayed in order on the recorder's cluster at the recorded time; refusals and
// reservation writes compared as text (meta.client.source aside), job reads by the fields a
// reservation decides (state, reason, description, nodes, resv_name).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "release_replay.h"

namespace mock_slurmrestd {
namespace {

const std::string kAsked = std::string(MOCK_ORACLE_DATA_DIR) + "/26.05/asked/";

Json facts(const Json& body) {
  Json out = Json::array();
  for (const Json& j : body["jobs"])
    out.push_back({j["job_id"], j["job_state"], j["state_reason"], j["state_description"],
                   j["nodes"], j["resv_name"]});
  return out;
}

// Replays the story recorded in kAsked + `story` on a fresh cluster; its number of exchanges.
size_t replay_story(const std::string& story) {
  const std::string kDir = kAsked + story;
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(kDir))
    names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  if (names.empty()) return 0;
  const Json first = replay::load(kDir + "/" + names[0] + ".json");
  const int64_t t0 = std::stoll(first["note"].get<std::string>().substr(3));
  App app(scheduler_sim::load_slurm_conf(std::string(MOCK_SOURCE_DIR) +
                                         "/fixtures/clusters/parallelcluster/slurm.conf"),
          replay::options("26.05", t0), *find_release("26.05"));
  register_routes(app);
  for (const std::string& name : names) {
    const Json rec = replay::load(kDir + "/" + name + ".json");
    const Json& q = rec["request"];
    Request req;
    req.method = q["method"];
    split_target(q["path"], &req.path, &req.raw_query);
    const std::string user = q["headers"]["X-SLURM-USER-NAME"];
    req.headers.emplace("x-slurm-user-name", user);
    req.headers.emplace("x-slurm-user-token", mint_token(app.jwt_key(), user, 3600, wall_now()));
    if (!q["body"].is_null()) {
      req.body = q["body"].dump();
      req.headers.emplace("content-type", "application/json");
    }
    req.peer = "127.0.0.1:40000";
    req.local_port = 7190;
    // nobody is not a user of the recorder's chroot (6010, before slurmctld): not replayed.
    if (user == "nobody") continue;
    const Response r = handle_request(app, req);
    const Json& want = rec["answer"];
    if (q["method"] == "GET" && want["body"].contains("jobs")) {
      // 015: root's job 7 was read before slurmctld's next pass started it; the mock starts a
      // job at its submission (docs/differences.md #4).
      if (name.starts_with("015")) continue;
      EXPECT_EQ(r.status, 200) << name;
      const Json got = facts(Json::parse(r.text())), recorded = facts(want["body"]);
      EXPECT_EQ(got, recorded) << name;
    } else if (q["method"] == "GET") {
      EXPECT_EQ(r.status, want["status"].get<int>()) << name;
    } else {
      for (const auto& d : replay::exact_differences(r, want)) ADD_FAILURE() << name << ": " << d;
    }
  }
  return names.size();
}

TEST(Release2605ResvSched, StoryAnswersAsRecorded) { EXPECT_EQ(replay_story("resv_sched"), 24u); }

// Jobs of another user before a reservation of their queue starts.
TEST(Release2605ResvSched, JobsBeforeAReservationAnswerAsRecorded) {
  EXPECT_EQ(replay_story("resv_sched_later"), 5u);
}

}  // namespace
}  // namespace mock_slurmrestd
