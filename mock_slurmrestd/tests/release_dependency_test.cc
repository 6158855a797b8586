// docs/differences.md R19 against the real daemons: either-or dependency lists, "+M" delays,
// afterburstbuffer, mixed separators and kill_on_invalid_dependency, recorded on 22.05, 24.11
// and 26.05 by contract_tests/tools/record_dependencies.py
// (tests/data/oracle/<release>/asked/dependencies.json). The mock, started on the same fixture
// with a manual clock, submits the same story and is read at the same moments relative to the
// jobs' starts and ends: each dependent job's `dependency`, state, reason and dependency flags
// must be as recorded, except where a line below names a documented difference.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "release_replay.h"

namespace mock_slurmrestd {
namespace {

const std::string kFixture = std::string(MOCK_SOURCE_DIR) + "/fixtures/clusters/oracle/slurm.conf";

class Story {
 public:
  explicit Story(const std::string& release)
      : release_(release),
        version_(release == "22.05" ? "v0.0.36" : "v0.0.42"),
        app_(scheduler_sim::load_slurm_conf(kFixture), replay::options(release, 1796630199),
             *find_release(release)) {
    register_routes(app_);
  }

  std::pair<int, Json> call(const std::string& method, const std::string& path,
                            const Json& body = nullptr) {
    Request req;
    req.method = method;
    split_target("/slurm/" + version_ + path, &req.path, &req.raw_query);
    req.query = parse_query(req.raw_query);
    req.headers.emplace("x-slurm-user-name", "ec2-user");
    req.headers.emplace("x-slurm-user-token",
                        mint_token(app_.jwt_key(), "ec2-user", 3600, wall_now()));
    if (!body.is_null()) {
      req.body = body.dump();
      req.headers.emplace("content-type", "application/json");
    }
    req.peer = "127.0.0.1:40000";
    req.local_port = 7390;
    const Response r = handle_request(app_, req);
    return {r.status, Json::parse(r.text())};
  }

  // The recorder's job description (record_dependencies.py, Daemon.job_body).
  Json job_body(const std::string& name, const std::string& script, const Json& extra) const {
    const bool old = release_ == "22.05";
    Json j = {{"name", name}, {"partition", "queue1"}, {"current_working_directory", "/tmp"}};
    j["environment"] = old ? Json{{"PATH", "/bin:/usr/bin"}} : Json::array({"PATH=/bin:/usr/bin"});
    for (auto it = extra.begin(); it != extra.end(); ++it) {
      if (it.key() == "kill") {
        if (old) j["kill_on_invalid_dependency"] = it.value();
        else j["flags"] = Json::array({"KILL_INVALID_DEPENDENCY"});
      } else {
        j[it.key()] = it.value();
      }
    }
    const std::string full = "#!/bin/bash\n" + script;
    if (old) return {{"job", j}, {"script", full}};
    j["script"] = full;
    return {{"job", j}};
  }

  // "{F}" -> F's id on the mock, and back.
  std::string fill(std::string text) const {
    for (const auto& [name, id] : ids_) {
      const std::string key = "{" + name + "}";
      for (size_t at; (at = text.find(key)) != std::string::npos;)
        text.replace(at, key.size(), std::to_string(id));
    }
    return text;
  }
  std::string named(const std::string& text) const {
    static const std::regex kId("([:?,])([0-9]+)");
    std::string out;
    auto begin = std::sregex_iterator(text.begin(), text.end(), kId);
    size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
      out += text.substr(last, it->position() - last) + (*it)[1].str();
      const uint32_t id = static_cast<uint32_t>(std::stoul((*it)[2].str()));
      auto n =
          std::find_if(ids_.begin(), ids_.end(), [&](const auto& e) { return e.second == id; });
      out += n == ids_.end() ? (*it)[2].str() : "{" + n->first + "}";
      last = it->position() + it->length();
    }
    return out + text.substr(last);
  }

  Json job(const std::string& name) {
    auto it =
        std::find_if(ids_.begin(), ids_.end(), [&](const auto& e) { return e.first == name; });
    EXPECT_NE(it, ids_.end()) << name;
    if (it == ids_.end()) return Json::object();
    auto [status, body] = call("GET", "/job/" + std::to_string(it->second));
    EXPECT_EQ(status, 200) << body.dump();
    return body["jobs"][0];
  }
  // What the recorder kept of a job.
  Json seen(const std::string& name) {
    const Json j = job(name);
    Json flags = Json::array();
    for (const auto& f : j.value("flags", Json::array()))
      if (f.get<std::string>().find("DEP") != std::string::npos) flags.push_back(f);
    const Json& st = j["job_state"];
    return {{"dependency", named(j["dependency"])},
            {"state", st.is_array() ? st[0] : st},
            {"state_reason", j["state_reason"]},
            {"dependency_flags", flags}};
  }
  int64_t time_of(const std::string& name, const std::string& key) {
    const Json v = job(name)[key];
    return v.is_object() ? v["number"].get<int64_t>() : v.get<int64_t>();
  }
  void step() { ASSERT_TRUE(app_.lock().advance_clock(1).ok()); }
  void advance_to(int64_t t) {
    const int64_t now = app_.lock().sim().now();
    if (t > now) ASSERT_TRUE(app_.lock().advance_clock(t - now).ok());
  }

  std::string release_, version_;
  App app_;
  std::vector<std::pair<std::string, uint32_t>> ids_;
};

std::vector<int> error_numbers(const Json& body) {
  std::vector<int> out;
  for (const auto& e : body.value("errors", Json::array()))
    out.push_back(e.contains("error_number") ? e["error_number"].get<int>() : -1);
  return out;
}

void replay(const std::string& release) {
  const Json rec = replay::load(replay::oracle(release + "/asked/dependencies.json"));
  Story s(release);
  for (const auto& b : rec["base"]) {
    auto [status, body] = s.call("POST", "/job/submit", s.job_body(b["name"], b["script"], {}));
    ASSERT_EQ(status, 200) << body.dump();
    s.ids_.emplace_back(b["name"], body["job_id"].get<uint32_t>());
  }
  for (const auto& sub : rec["submits"]) {
    Json extra = sub["extra"];
    extra["dependency"] = s.fill(sub["dependency"]);
    auto [status, body] = s.call("POST", "/job/submit", s.job_body(sub["name"], "true", extra));
    EXPECT_EQ(status, sub["status"]) << sub["name"] << " " << body.dump();
    // 22.05's v0.0.36 errors carry no number (recorded as null).
    if (!sub["errors"].empty() && !sub["errors"][0].is_null()) {
      EXPECT_EQ(error_numbers(body), sub["errors"].get<std::vector<int>>()) << sub["name"];
    }
    if (status == 200) s.ids_.emplace_back(sub["name"], body["job_id"].get<uint32_t>());
  }
  for (const auto& upd : rec["updates"]) {
    auto [st, held] =
        s.call("POST", "/job/submit", s.job_body(upd["name"], "true", {{"hold", true}}));
    ASSERT_EQ(st, 200) << held.dump();
    s.ids_.emplace_back(upd["name"], held["job_id"].get<uint32_t>());
    auto [status, body] = s.call("POST", "/job/" + std::to_string(s.ids_.back().second),
                                 {{"dependency", s.fill(upd["dependency"])}});
    EXPECT_EQ(status, upd["status"]) << upd["name"] << " " << body.dump();
    if (!upd["errors"].empty()) {
      EXPECT_EQ(error_numbers(body), upd["errors"].get<std::vector<int>>()) << upd["name"];
    }
  }

  std::map<std::string, Json> untested;  // each job as first read, before any event
  int compared = 0;
  for (const auto& cp : rec["checkpoints"]) {
    const Json& after = cp["after"];
    const bool first = after["job"].is_null();
    if (!first) {
      // A running job's end_time is its expected end: step the clock until it has ended.
      const bool end = after["event"] == "end";
      for (int i = 0; i < 600 && s.seen(after["job"])["state"] == (end ? "RUNNING" : "PENDING");
           ++i)
        s.step();
      s.advance_to(s.time_of(after["job"], end ? "end_time" : "start_time") +
                   after["seconds"].get<int64_t>());
    }
    for (auto it = cp["jobs"].begin(); it != cp["jobs"].end(); ++it) {
      const std::string& name = it.key();
      const Json& want = it.value();
      const Json got = s.seen(name);
      if (first) untested[name] = got;
      const std::string where = release + " " + after.dump() + " " + name;
      if (first && want["dependency"] == "" && want["state_reason"] != "JobHeldUser") {
        // Nothing to wait on: the real daemon starts it on its next pass, the mock at once
        // (docs/differences.md #4).
        EXPECT_NE(got["state"], "PENDING") << where;
        continue;
      }
      if (!first && want["state_reason"] == "JobHeldUser" && after["seconds"] >= 60) {
        // A held job's dependency is tested on slurmctld's periodic pass (between 35 and 66 s
        // after its submission here), never by the mock: it stays as first shown (R19).
        EXPECT_EQ(got, untested[name]) << where;
        continue;
      }
      static const std::set<std::string> k2205Odd = {
          "afterok_plus", "aftercorr_plus", "afterany_plus", "bb", "bb_plus", "bb_or"};
      if (release == "22.05" && k2205Odd.count(name)) {
        // 22.05 met or failed these while Q ran (in this recording, not in an earlier run);
        // the mock, as 24.11 and 26.05 did, waits for Q's end (22.05 table, #42).
        const bool q_ended = s.seen("Q")["state"] != "RUNNING";
        EXPECT_EQ(got["state"] == "PENDING", !q_ended) << where;
        continue;
      }
      if (after["event"] == "start" && name.find("after_plus") != std::string::npos) {
        // "after:J+M" is met on the real daemon's first pass after the time (2 s late in one
        // run, over 6 s in this one), on the mock to the second (R19): Q's minute has passed
        // at both reads, A's two minutes at the second.
        const bool a_due = after["job"] == "A";
        const std::string left =
            name == "after_plus_two" && !a_due ? "after:{A}+2(unfulfilled)" : "";
        EXPECT_EQ(got["dependency"], left) << where;
        EXPECT_EQ(got["state"] == "PENDING", !left.empty()) << where;
        continue;
      }
      EXPECT_EQ(got, want) << where;
      ++compared;
    }
  }
  EXPECT_GE(compared, 100);
}

TEST(ReleaseDependency, Release2205AsRecorded) { replay("22.05"); }
TEST(ReleaseDependency, Release2411AsRecorded) { replay("24.11"); }
TEST(ReleaseDependency, Release2605AsRecorded) { replay("26.05"); }

}  // namespace
}  // namespace mock_slurmrestd
