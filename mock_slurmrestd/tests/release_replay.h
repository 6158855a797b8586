// Replaying the release recorder's story (contract_tests/tools/record_releases.py) on the mock:
// the recorder's cluster, a server of the recorded release answering the recorded requests,
// the answer compared with the recording, and the story's writes applied to the simulator as
// the real cluster lived them. Shared by the release_* tests.
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <csignal>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "api_version.h"
#include "app.h"
#include "auth.h"
#include "auth_gate.h"
#include "releases.h"
#include "scheduler_sim/slurm_conf.h"

namespace mock_slurmrestd::replay {

// The recorder's cluster: the parallelcluster fixture as the launcher renders it for a release
// chroot (contract_tests/oracle/releases.py), slurmd ports from 17600.
inline constexpr char kConf[] = R"(ClusterName=parallelcluster
SlurmUser=slurm
MinJobAge=600
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
NodeName=queue1-dy-t3micro-[1-10] NodeAddr=127.0.0.1 NodeHostname=localhost Port=[17600-17609] CPUs=2 RealMemory=900 State=UNKNOWN Feature=dynamic,t3.micro,t3micro
NodeName=queue2-dy-c5large-[1-10] NodeAddr=127.0.0.1 NodeHostname=localhost Port=[17610-17619] CPUs=2 RealMemory=900 State=UNKNOWN Feature=dynamic,c5.large,c5large
PartitionName=queue1 Nodes=queue1-dy-t3micro-[1-10] MaxTime=INFINITE State=UP Default=YES
PartitionName=queue2 Nodes=queue2-dy-c5large-[1-10] MaxTime=INFINITE State=UP
)";
// The recorder's daemon listened on 6890 (meta.client.source names it).
inline constexpr int kRecordedPort = 6890;
// The recorder's job user: ec2-user was uid/gid 1000 in the chroots.
inline const scheduler_sim::Identity kRecordedUser{"ec2-user", 1000, 1000};

inline std::string oracle(const std::string& rel) {
  return std::string(MOCK_ORACLE_DATA_DIR) + "/" + rel;
}

inline Json load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("missing recording " + path);
  return Json::parse(in);
}

inline std::string kind(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "bool";
  if (v.is_number_float()) return "float";
  if (v.is_number()) return "integer";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

// A server of `release` on a manual clock started at `start_time`, with the recorder's cluster.
inline ServerOptions options(const std::string& release, int64_t start_time) {
  ServerOptions o;
  o.slurm_version = release;
  o.clock = ClockMode::kManual;
  o.start_time = start_time;
  o.jwt_key = std::string(32, 'k');
  return o;
}

class Server {
 public:
  explicit Server(const ServerOptions& o)
      : app_(scheduler_sim::parse_slurm_conf(kConf, ""), o, release_of(o.slurm_version)) {
    register_routes(app_);
    valid_ = mint_token(app_.jwt_key(), "ec2-user", 3600, wall_now());
  }
  // The recorded request, its token placeholders replaced by tokens of this server.
  Response ask(const Json& request) {
    Request req;
    req.method = request["method"];
    split_target(request["path"], &req.path, &req.raw_query);
    req.query = parse_query(req.raw_query);
    for (auto it = request["headers"].begin(); it != request["headers"].end(); ++it)
      req.headers.emplace(lower(it.key()), token_for(it.value()));
    if (request.contains("body")) {
      const Json& body = request["body"];
      if (body.is_string()) req.body = body.get<std::string>();
      else if (!body.is_null()) req.body = body.dump();
      if (!body.is_null()) req.headers.emplace("content-type", "application/json");
    }
    req.peer = "[localhost]:40000";
    req.local_port = kRecordedPort;
    return handle_request(app_, req);
  }
  App& app() { return app_; }
  void advance(int64_t seconds) { ASSERT_TRUE(app_.lock().advance_clock(seconds).ok()); }
  const scheduler_sim::Job* job(uint32_t id) { return app_.lock().sim().find_job(id); }

 private:
  static const SlurmRelease& release_of(const std::string& name) {
    const SlurmRelease* r = find_release(name);
    if (!r) throw std::runtime_error("no " + name + " profile");
    return *r;
  }
  static std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  std::string token_for(const std::string& value) {
    const int64_t now = wall_now();
    if (value == "<valid token>") return valid_;
    if (value == "Bearer <valid token>") return "Bearer " + valid_;
    if (value == "<bad signature>") return valid_.substr(0, valid_.size() - 2) + "xx";
    if (value == "<expired token>") return mint_token(app_.jwt_key(), "ec2-user", 10, now - 3600);
    if (value == "<root's token>") return mint_token(app_.jwt_key(), "root", 3600, now);
    if (value == "<token of nosuchuser>")
      return mint_token(app_.jwt_key(), "nosuchuser", 3600, now);
    if (!value.empty() && value[0] == '<') throw std::runtime_error("unknown placeholder " + value);
    return value;
  }
  App app_;
  std::string valid_;
};

// The structural comparison of an answer's body with the recording: same keys in the same
// order, same JSON types, same values except the volatile leaves (compared by type) and what
// `allow` lets differ (a difference docs/differences.md lists: the job's id, the key).
struct Comparison {
  std::set<std::string> volatile_keys;
  // Lists the mock leaves empty (statistics it does not simulate).
  std::set<std::string> unsimulated_lists;
  std::function<bool(uint32_t job_id, const std::string& key)> allow;
  // Only a volatile key's "number" is compared by type; false: its "set" and "infinite" too.
  bool volatile_number_only = false;
  std::vector<std::string> diffs;

  void compare(const Json& got, const Json& want, const std::string& path, uint32_t job_id = 0) {
    const std::string key = path.substr(path.rfind('.') + 1);
    if (job_id != 0 && allow && allow(job_id, key)) return;
    if (kind(got) != kind(want)) {
      diffs.push_back(path + ": " + kind(got) + " != recorded " + kind(want) + " " +
                      got.dump().substr(0, 200) + " / " + want.dump().substr(0, 200));
      return;
    }
    if (got.is_object()) {
      std::vector<std::string> gk, wk;
      for (auto it = got.begin(); it != got.end(); ++it) gk.push_back(it.key());
      for (auto it = want.begin(); it != want.end(); ++it) wk.push_back(it.key());
      if (gk != wk) {
        std::string g, w;
        for (auto& k : gk) g += k + " ";
        for (auto& k : wk) w += k + " ";
        diffs.push_back(path + ": keys [" + g + "] != recorded [" + w + "]");
        return;
      }
      // A job_info object, or a /jobs/state item ("job_id": "9"): what follows is that job's.
      uint32_t inner = job_id;
      if (want.contains("job_id") && want["job_id"].is_number() && want.contains("job_state"))
        inner = want["job_id"].get<uint32_t>();
      if (want.contains("job_id") && want["job_id"].is_string() && want.contains("state")) {
        const std::string id = want["job_id"];
        if (!id.empty() && id.find_first_not_of("0123456789") == std::string::npos)
          inner = static_cast<uint32_t>(std::stoul(id));
      }
      for (const auto& k : wk) compare(got[k], want[k], path + "." + k, inner);
      return;
    }
    if (got.is_array()) {
      if (unsimulated_lists.count(key)) {
        if (!got.empty()) diffs.push_back(path + ": expected the unsimulated list empty");
        return;
      }
      if (got.size() != want.size()) {
        diffs.push_back(path + ": " + std::to_string(got.size()) + " items != recorded " +
                        std::to_string(want.size()) + " " + got.dump().substr(0, 300));
        return;
      }
      for (size_t i = 0; i < got.size(); ++i)
        compare(got[i], want[i], path + "[" + std::to_string(i) + "]", job_id);
      return;
    }
    // A {"set","infinite","number"} object's number is volatile when its key is.
    std::string owner = key;
    if (key == "number" || (!volatile_number_only && (key == "set" || key == "infinite"))) {
      const std::string up = path.substr(0, path.rfind('.'));
      owner = up.substr(up.rfind('.') + 1);
    }
    if (volatile_keys.count(owner)) return;
    if (got != want) diffs.push_back(path + ": " + got.dump() + " != recorded " + want.dump());
  }

  // The answer to the recorded request against the recorded answer: status, content type and
  // body (`want_body`: the recorded one, or a copy the caller narrowed).
  void answer(const Response& r, const Json& recorded, const Json& want_body) {
    if (r.status != recorded["status"].get<int>())
      diffs.push_back("status " + std::to_string(r.status) + " != recorded " +
                      recorded["status"].dump());
    const std::string want_type =
        recorded["content_type"].is_string() ? recorded["content_type"] : "";
    if (r.content_type != want_type)
      diffs.push_back("content type " + r.content_type + " != recorded " + want_type);
    if (want_body.is_string()) {
      if (r.text() != want_body.get<std::string>())
        diffs.push_back("body '" + r.text() + "' != recorded " + want_body.dump());
      return;
    }
    Json got;
    try {
      got = Json::parse(r.text());
    } catch (const std::exception&) {
      diffs.push_back("body is not JSON: " + r.text().substr(0, 200));
      return;
    }
    compare(got, want_body, "body");
  }
};

// A write's answer against the recording: status, content type, and the body's text exactly,
// with meta.client.source (the connection's fd and port) taken from the recording.
inline std::vector<std::string> exact_differences(const Response& r, const Json& want) {
  std::vector<std::string> diffs;
  if (r.status != want["status"].get<int>())
    diffs.push_back("status " + std::to_string(r.status) + " != recorded " + want["status"].dump());
  const std::string type = want["content_type"].is_string() ? want["content_type"] : "";
  if (r.content_type != type) diffs.push_back("content type " + r.content_type + " != " + type);
  if (want["body"].is_string()) {
    if (r.text() != want["body"].get<std::string>())
      diffs.push_back("body '" + r.text() + "' != recorded " + want["body"].dump());
    return diffs;
  }
  Json got;
  try {
    got = Json::parse(r.text());
  } catch (const std::exception&) {
    diffs.push_back("body is not JSON: " + r.text().substr(0, 200));
    return diffs;
  }
  if (got.contains("meta") && want["body"].contains("meta"))
    got["meta"]["client"]["source"] = want["body"]["meta"]["client"]["source"];
  if (got.dump() != want["body"].dump())
    diffs.push_back("body\n  got      " + got.dump() + "\n  recorded " + want["body"].dump());
  return diffs;
}

// --- the story's writes, applied to the simulator ---

// The job description of a recorded submission body, as the real daemon took it.
inline scheduler_sim::JobSpec spec_of(const Json& job, const Json& body) {
  scheduler_sim::JobSpec s;
  auto str = [&job](const char* k) -> std::optional<std::string> {
    if (job.contains(k) && job[k].is_string()) return job[k].get<std::string>();
    return std::nullopt;
  };
  s.name = str("name");
  s.partition = str("partition");
  s.current_working_directory = str("current_working_directory");
  s.standard_input = str("standard_input");
  s.standard_output = str("standard_output");
  s.standard_error = str("standard_error");
  if (auto script = str("script")) s.script = *script;
  else if (body.contains("script")) s.script = body["script"];
  if (job.contains("hold")) s.hold = job["hold"].get<bool>();
  // The blog job's "ntasks" is ignored with a warning, its integer "nodes" read as "1".
  if (job.contains("nodes") && job["nodes"].is_number()) s.nodes = job["nodes"].dump();
  if (job.contains("environment") && job["environment"].is_array()) {
    for (const auto& e : job["environment"]) {
      const std::string v = e;
      s.environment[v.substr(0, v.find('='))] = v.substr(v.find('=') + 1);
    }
  } else if (job.contains("environment") && job["environment"].is_object()) {
    for (auto it = job["environment"].begin(); it != job["environment"].end(); ++it)
      s.environment[it.key()] = it.value();
  }
  return s;
}

// Applies a recorded request that changed the real cluster (case `name`, without its number)
// through the simulator's API.
inline void apply(Server& p, const std::string& version, const std::string& name, const Json& rec) {
  auto locked = p.app().lock();
  auto& sim = locked.sim();
  const Json& req = rec["request"];
  const Json& answer = rec["answer"]["body"];
  const bool accepted =
      answer.is_object() && answer.contains("job_id") && answer["job_id"].is_number();
  if (name == "allocate" && accepted) {
    // An allocation: no batch step, its one-minute limit (v0.0.41 on; v0.0.40 has no route).
    scheduler_sim::JobSpec s = spec_of(req["body"]["job"], req["body"]);
    s.batch = false;
    s.time_limit = req["body"]["job"]["time_limit"]["number"].get<int64_t>();
    scheduler_sim::SubmitResult r;
    ASSERT_TRUE(sim.submit(s, kRecordedUser, &r).ok());
    ASSERT_EQ(r.job_id, answer["job_id"].get<uint32_t>()) << name;
  } else if (name.find("submit_") == 0 && accepted) {
    const Json& body = req["body"];
    scheduler_sim::SubmitResult r;
    scheduler_sim::Status st;
    if (body.contains("jobs")) {
      std::vector<scheduler_sim::JobSpec> parts;
      for (const auto& j : body["jobs"]) parts.push_back(spec_of(j, body));
      st = sim.submit_het(parts, kRecordedUser, &r);
    } else {
      st = sim.submit(spec_of(body["job"], body), kRecordedUser, &r);
    }
    ASSERT_TRUE(st.ok()) << name << ": " << st.message();
    ASSERT_EQ(r.job_id, answer["job_id"].get<uint32_t>()) << name;
  } else if (name == "submit_no_environment") {
    // slurmctld made a record of it before refusing it: the id (4) is used up, as the
    // simulator does for a refusal after the record (an unknown reservation).
    scheduler_sim::JobSpec s;
    s.script = "#!/bin/bash\ntrue";
    s.reservation = "used-up-id";
    scheduler_sim::SubmitResult r;
    ASSERT_FALSE(sim.submit(s, kRecordedUser, &r).ok());
  } else if (name == "update_comment") {
    scheduler_sim::JobUpdate u;
    u.fields.comment = req["body"]["comment"].get<std::string>();
    ASSERT_TRUE(sim.update(7, u, kRecordedUser).ok());
  } else if (name == "update_time_limit") {
    scheduler_sim::JobUpdate u;
    u.fields.time_limit = req["body"]["time_limit"]["number"].get<int64_t>();
    ASSERT_TRUE(sim.update(7, u, kRecordedUser).ok());
  } else if (name == "signal_running") {
    // The daemon delivers SIGUSR1 and the job runs on until bash dies of it, a moment later:
    // the simulator ends it at once (R13), so it is sent once the next read has seen it running.
  } else if (name == "job_after_signal") {
    ASSERT_TRUE(sim.signal(10, SIGUSR1, kRecordedUser).ok());
  } else if (name == "cancel_running" || name == "cancel_pending_held" ||
             name == "cancel_running_last") {
    const std::string path = req["path"];
    const uint32_t id = std::stoul(path.substr(path.rfind('/') + 1));
    ASSERT_TRUE(sim.signal(id, SIGKILL, kRecordedUser).ok()) << name;
  } else if (name == "cancel_bad_signal" && version != "v0.0.40") {
    // v0.0.41 on: an unknown signal name cancels the job (recorded).
    ASSERT_TRUE(sim.signal(8, SIGKILL, kRecordedUser).ok());
  }
}

// The story's job reads: cases whose request is a GET of /jobs, /job/{id} or /jobs/state.
inline bool job_read(const Json& request) {
  if (request["method"] != "GET") return false;
  const std::string path = request["path"];
  if (path.find("/slurm/v0.0.4") != 0) return false;
  if (path.find("/requeue") != std::string::npos) return false;  // v0.0.45's GET that writes
  return path.find("/jobs") != std::string::npos || path.find("/job/") != std::string::npos;
}

}  // namespace mock_slurmrestd::replay
