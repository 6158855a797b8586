// Reservations' end, groups, node_count, PURGE_COMP and a job's move by update, against the real
// 26.05.5 and 24.11.5 daemons' answers (tests/data/oracle/<release>/asked/resv_end/,
// resv_end_pending/, resv_2411/; contract_tests/tools/record_resv_more.py): each story replayed
// in order on the recorder's cluster, the clock moved to the recorded time where the recorder
// waited for a reservation to go. 24.11's reservations were made by scontrol (its v0.0.42 has
// no reservation writes): they are made here through the simulator from the recorded commands.
// Refusals and writes compared as text (meta.client.source aside), job reads by the fields a
// reservation decides, reservation reads by what the simulator keeps.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "release_replay.h"

namespace mock_slurmrestd {
namespace {

const std::string kAsked = std::string(MOCK_ORACLE_DATA_DIR) + "/";
const scheduler_sim::Identity kRoot{"root", 0, 0};

Json job_facts(const Json& body) {
  Json out = Json::array();
  for (const Json& j : body["jobs"])
    out.push_back({j["job_id"], j["job_state"], j["state_reason"], j["state_description"],
                   j["nodes"], j["resv_name"], j["hold"]});
  return out;
}

Json resv_facts(const Json& body) {
  Json out = Json::array();
  for (const Json& r : body["reservations"])
    out.push_back({r["name"], r["node_list"], r["node_count"], r["partition"], r["users"],
                   r["groups"], r["flags"], r["purge_completed"]});
  return out;
}

// scontrol create reservation KEY=VALUE...: the reservation it made, made here.
void scontrol_create(App& app, const Json& argv) {
  scheduler_sim::ReservationRequest req;
  auto locked = app.lock();
  for (const Json& a : argv) {
    const std::string s = a.get<std::string>();
    const size_t eq = s.find('=');
    if (eq == std::string::npos) continue;
    const std::string k = s.substr(0, eq), v = s.substr(eq + 1);
    if (k == "ReservationName") req.name = v;
    else if (k == "Nodes") req.node_list = v;
    else if (k == "Users") req.users = v;
    else if (k == "Duration") req.duration_minutes = std::stoll(v);
    else if (k == "Flags") req.flags = v;
    else if (k == "StartTime" && v == "now") req.start_time = locked.sim().now();
    else ADD_FAILURE() << "unexpected scontrol argument " << s;
  }
  ASSERT_TRUE(locked.set_reservation(req, kRoot).ok()) << req.name;
}

// The scontrol commands a recording's note carries (a JSON list after "t0=N " or alone).
void make_noted_reservations(App& app, const Json& rec) {
  if (!rec.contains("note")) return;
  std::string note = rec["note"].get<std::string>();
  if (note.starts_with("t0=")) {
    const size_t sp = note.find(' ');
    if (sp == std::string::npos) return;
    note = note.substr(sp + 1);
  }
  Json all = Json::parse(note);
  if (all.is_object()) all = Json::array({all});
  for (const Json& made : all) {
    ASSERT_EQ(made["rc"], 0) << made["out"];
    scontrol_create(app, made["argv"]);
  }
}

// Replays the story recorded in kAsked + `dir` on a fresh cluster; its number of exchanges.
size_t replay_story(const std::string& release, const std::string& dir) {
  const std::string kDir = kAsked + release + "/asked/" + dir;
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(kDir))
    names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  if (names.empty()) return 0;
  const Json first = replay::load(kDir + "/" + names[0] + ".json");
  const int64_t t0 = std::stoll(first["note"].get<std::string>().substr(3));
  App app(scheduler_sim::load_slurm_conf(std::string(MOCK_SOURCE_DIR) +
                                         "/fixtures/clusters/parallelcluster/slurm.conf"),
          replay::options(release, t0), *find_release(release));
  register_routes(app);
  for (const std::string& name : names) {
    const Json rec = replay::load(kDir + "/" + name + ".json");
    if (rec.contains("wait_before") && rec["wait_before"].contains("at")) {
      const int64_t at = rec["wait_before"]["at"].get<int64_t>();
      const int64_t now = app.lock().sim().now();
      if (at > now) EXPECT_TRUE(app.lock().advance_clock(at - now).ok()) << name;
    }
    if (release == "24.11") make_noted_reservations(app, rec);
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
    req.local_port = 7480;
    const Response r = handle_request(app, req);
    const Json& want = rec["answer"];
    EXPECT_EQ(r.status, want["status"].get<int>()) << name;
    if (r.status != 200 || q["method"] != "GET") {
      for (const auto& d : replay::exact_differences(r, want)) ADD_FAILURE() << name << ": " << d;
    } else if (want["body"].contains("jobs")) {
      EXPECT_EQ(job_facts(Json::parse(r.text())), job_facts(want["body"])) << name;
    } else if (want["body"].contains("reservations")) {
      EXPECT_EQ(resv_facts(Json::parse(r.text())), resv_facts(want["body"])) << name;
    }
  }
  return names.size();
}

// At its end a reservation goes and its running jobs time out; groups; nodes picked by
// node_count; a job moved by update; PURGE_COMP.
TEST(ReleaseResvEnd, Story2605AnswersAsRecorded) {
  EXPECT_EQ(replay_story("26.05", "resv_end"), 34u);
}

// A job waiting in a reservation at its end is held (RESV_DEL_HOLD, ReservationDeleted).
TEST(ReleaseResvEnd, WaitingJobAtTheEnd2605) {
  EXPECT_EQ(replay_story("26.05", "resv_end_pending"), 7u);
}
TEST(ReleaseResvEnd, WaitingJobAtTheEnd2411) {
  EXPECT_EQ(replay_story("24.11", "resv_end_pending"), 7u);
}

// 24.11 (v0.0.42): no reservation writes; scontrol's reservations schedule as on 26.05.
TEST(ReleaseResvEnd, Story2411AnswersAsRecorded) {
  EXPECT_EQ(replay_story("24.11", "resv_2411"), 21u);
}

}  // namespace
}  // namespace mock_slurmrestd
