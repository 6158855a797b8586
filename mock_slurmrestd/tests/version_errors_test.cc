// v0.0.37 and v0.0.38 error answers against every recording of the real 22.05 daemon: each
// recorded request that writes (POST, DELETE) or is answered with an error is replayed on a
// fresh mock holding the jobs its path names, and must get the same status, content type, data
// keys and error entries (client ports and job ids masked). Cases recorded with no v0.0.37/38
// recording (other ids, other endpoints, slurmctld down) are checked against the measured
// answers in docs/oracle-notes/versions-22.05.md section 5.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "app.h"
#include "auth.h"
#include "auth_gate.h"
#include "releases.h"
#include "scheduler_sim/slurm_conf.h"

namespace mock_slurmrestd {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kStart = 1700000000;

struct Answer {
  int status = 0;
  std::string content_type;
  std::string text;
  Json json() const { return Json::parse(text); }
};

// One mock of the 22.05 profile (all three versions), manual clock.
class Mock {
 public:
  Mock() : app_(scheduler_sim::default_cluster(), options()) {
    register_routes(app_);
    now_ = wall_now();
  }
  static ServerOptions options() {
    ServerOptions o;
    o.clock = ClockMode::kManual;
    o.start_time = kStart;
    o.jwt_key = std::string(32, 'k');
    return o;
  }
  std::string token(const std::string& label) const {
    if (label == "garbage") return "garbage";
    if (label.find("expired") != std::string::npos)
      return mint_token(app_.jwt_key(), "ec2-user", 3600, now_ - 3660);
    if (label.find("another key") != std::string::npos)
      return mint_token(std::string(32, 'x'), "ec2-user", 3600, now_);
    if (label.find("of root") != std::string::npos)
      return mint_token(app_.jwt_key(), "root", 3600, now_);
    return mint_token(app_.jwt_key(), "ec2-user", 3600, now_);
  }
  Answer call(const std::string& method, const std::string& target,
              std::multimap<std::string, std::string> headers, const std::string& body) {
    Request req;
    req.method = method;
    split_target(target, &req.path, &req.raw_query);
    req.query = parse_query(req.raw_query);
    req.headers = std::move(headers);
    req.body = body;
    req.peer = "[localhost]:1";
    Response r = handle_request(app_, req);
    return Answer{r.status, r.content_type, r.text()};
  }
  Answer call(const std::string& method, const std::string& target, const std::string& body = "",
              const std::string& token_label = "valid") {
    std::multimap<std::string, std::string> h = {{"x-slurm-user-name", "ec2-user"},
                                                 {"x-slurm-user-token", token(token_label)}};
    if (method == "POST") h.emplace("content-type", "application/json");
    return call(method, target, std::move(h), body);
  }
  // A job for a recorded placeholder: running, held, an array (1-3), or finished.
  uint32_t job_for(const std::string& placeholder) {
    std::string props = R"("current_working_directory":"/tmp","environment":{"PATH":"/bin"})";
    const bool runs = placeholder == "running" || placeholder.rfind("run_", 0) == 0 ||
                      placeholder.rfind("array_", 0) == 0 || placeholder == "completed" ||
                      placeholder == "failed" || placeholder == "timeout" ||
                      placeholder.rfind("cancelled", 0) == 0;
    if (!runs) props += R"(,"hold":true)";
    if (placeholder.rfind("array_", 0) == 0) props += R"(,"array":"1-3")";
    Answer a =
        call("POST", "/slurm/v0.0.36/job/submit",
             R"({"job":{"name":"replay",)" + props + R"(},"script":"#!/bin/bash\nsleep 9999"})");
    const uint32_t id = a.json()["job_id"].get<uint32_t>();
    if (placeholder == "completed" || placeholder == "failed" || placeholder == "timeout" ||
        placeholder.rfind("cancelled", 0) == 0)
      call("DELETE", "/slurm/v0.0.36/job/" + std::to_string(id));
    return id;
  }
  void controller_down() {
    app_.faults().controller_down = true;
    app_.faults().controller_retry_ms = 0;
  }

 private:
  App app_;
  int64_t now_ = 0;
};

// Error entries with the client's port and the given job ids (text -> name) masked.
Json masked(Json errors, const std::map<std::string, std::string>& ids) {
  static const std::regex port("\\[localhost\\]:[0-9]+");
  for (Json& e : errors) {
    for (const char* key : {"description", "error"}) {
      if (!e.contains(key) || !e[key].is_string()) continue;
      std::string s = std::regex_replace(e[key].get<std::string>(), port, "[localhost]:PORT");
      for (const auto& [id, name] : ids)
        s = std::regex_replace(s, std::regex("(^|[^0-9])" + id + "(?![0-9])"), "$1{" + name + "}");
      e[key] = s;
    }
  }
  return errors;
}

std::vector<std::string> data_keys(const Json& body) {
  std::vector<std::string> keys;
  for (auto it = body.begin(); it != body.end(); ++it) keys.push_back(it.key());
  return keys;
}

struct Outcome {
  int replayed = 0;
  int matched = 0;
  std::vector<std::string> diffs;
};

void replay(const fs::path& file, Outcome* out) {
  std::ifstream in(file);
  const Json rec = Json::parse(in);
  const Json& q = rec["request"];
  const Json& a = rec["answer"];
  const std::string method = q["method"];
  const bool failed =
      a["status"].get<int>() >= 400 || (a.contains("json") && a["json"].is_object() &&
                                        !a["json"].value("errors", Json::array()).empty());
  if (method == "GET" && !failed) return;  // objects: version_dump_test
  if (method == "HEAD") return;            // no body either way
  Mock mock;
  // Jobs the path names: placeholders in the recorded template get jobs of their kind.
  std::string path = q.value("path_template", q["path"].get<std::string>());
  std::map<std::string, std::string> recorded_ids, mock_ids;
  const std::string recorded_path = q["path"];
  static const std::regex placeholder("\\{([^}]+)\\}");
  std::smatch m;
  while (std::regex_search(path, m, placeholder)) {
    const std::string name = m[1];
    const std::string id = std::to_string(mock.job_for(name));
    // The recorded id stands where the placeholder stands in the template.
    const std::string before = path.substr(0, m.position(0));
    std::string rest = recorded_path.substr(before.size());
    rest = rest.substr(0, rest.find_first_not_of("0123456789"));
    if (!rest.empty()) recorded_ids[rest] = name;
    mock_ids[id] = name;
    path = before + id + std::string(m.suffix());
  }
  std::multimap<std::string, std::string> headers;
  for (auto it = q["headers"].begin(); it != q["headers"].end(); ++it) {
    std::string name = it.key();
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    const std::string value = it.value();
    headers.emplace(name, name == "x-slurm-user-token" ? mock.token(value) : value);
  }
  std::string body;
  if (q.contains("body_text")) body = q["body_text"];
  else if (q.contains("body")) body = q["body"].dump();
  const Answer got = mock.call(method, path, headers, body);
  ++out->replayed;
  const size_t diffs_before = out->diffs.size();
  struct Tally {
    Outcome* out;
    size_t before;
    ~Tally() { out->matched += out->diffs.size() == before; }
  } tally{out, diffs_before};
  const std::string where = file.parent_path().filename().string() + "/" + file.stem().string();
  auto diff = [&](const std::string& what, const std::string& g, const std::string& w) {
    if (g != w) out->diffs.push_back(where + " " + what + ": " + g + " != recorded " + w);
  };
  diff("status", std::to_string(got.status), std::to_string(a["status"].get<int>()));
  const std::string want_type = a.value("content_type", Json("")).is_string()
                                    ? a.value("content_type", std::string())
                                    : std::string();
  diff("content type", got.content_type, want_type);
  if (!a.contains("json") || !a["json"].is_object()) {
    if (a.contains("body") && a["body"].is_string()) diff("body", got.text, a["body"]);
    return;
  }
  Json g;
  try {
    g = got.json();
  } catch (const std::exception&) {
    out->diffs.push_back(where + ": not JSON: " + got.text.substr(0, 200));
    return;
  }
  const Json& w = a["json"];
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& k : v) s += k + " ";
    return s;
  };
  diff("keys", join(data_keys(g)), join(data_keys(w)));
  diff("errors", masked(g.value("errors", Json::array()), mock_ids).dump(),
       masked(w.value("errors", Json::array()), recorded_ids).dump());
  diff("meta", g.value("meta", Json()).dump(), w.value("meta", Json()).dump());
}

Outcome replay_version(const std::string& version) {
  Outcome out;
  const fs::path dir = fs::path(MOCK_ORACLE_DATA_DIR) / "22.05" / version;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) replay(f, &out);
  return out;
}

std::string lines(const std::vector<std::string>& v) {
  std::string s;
  for (size_t i = 0; i < v.size() && i < 60; ++i) s += v[i] + "\n";
  return s;
}

TEST(VersionErrors, V0_0_37ErrorAnswersMatchEveryRecording) {
  Outcome o = replay_version("v0.0.37");
  std::cout << "v0.0.37: " << o.matched << "/" << o.replayed
            << " replayed requests answered as recorded\n";
  EXPECT_GT(o.replayed, 60);
  EXPECT_TRUE(o.diffs.empty()) << lines(o.diffs);
}

TEST(VersionErrors, V0_0_38ErrorAnswersMatchEveryRecording) {
  Outcome o = replay_version("v0.0.38");
  std::cout << "v0.0.38: " << o.matched << "/" << o.replayed
            << " replayed requests answered as recorded\n";
  EXPECT_GT(o.replayed, 60);
  EXPECT_TRUE(o.diffs.empty()) << lines(o.diffs);
}

// Answers measured on the real 22.05.8 daemon beyond the recordings (docs/oracle-notes/
// versions-22.05.md, "Measured beyond the recordings"), on a cluster holding job 1 (running),
// job 2 (held) and array 3 (tasks 1-3 running as jobs 4, 5 and 3). `answer` is the body
// without `meta`, client ports masked; a text answer is `"text:..."`.
const char kUnfound[] =
    R"({"description":"Unable to find JobId=%s","error_number":9002,"error":"Jobs description entry not found, empty or not dictionary or list","source":"_handle_job_get"})";

std::string unfound(const std::string& id) {
  std::string s = kUnfound;
  return R"({"errors":[)" + s.replace(s.find("%s"), 2, id) + "]}";
}

std::string kill_error(const std::string& id, int number, const std::string& why) {
  return R"({"errors":[{"description":"unable to kill JobId=)" + id + " with signal 9: " + why +
         R"(","error_number":)" + std::to_string(number) + R"(,"error":")" + why +
         R"(","source":"slurm_kill_job"}]})";
}

const std::string kUnspecified = R"({"error":"Unspecified error","errno":-1})";
const std::string kGetUnspecified =
    R"({"errors":[{"description":"Unable to find JobId=1","error_number":-1,"error":"Unspecified error","source":"slurm_load_job"}],"jobs":[]})";
const std::string kUpdateRefused =
    R"({"errors":[{"description":"job update from [localhost]:PORT failed","error_number":1000,"error":"Unexpected message received","source":"_parse_job_list"}]})";
const std::string kBadSignal =
    R"({"errors":[{"description":"invalid signal: 0","error_number":9000,"error":"Query empty or not RFC7320 compliant","source":"HTTP request: signal"}]})";
const std::string kUnknownFoo37 =
    R"({"errors":[{"description":"Unknown key \"foo\"","source":"hsearch_r"},{"description":"job parsing failed for [localhost]:PORT","error_number":9001,"error":"Failure during parsing","source":"_parse_job_list"}]})";
const std::string kNotFound =
    "text:Unable find requested URL. Please view /openapi/v3 for API reference.";
const std::string kNoMethod =
    "text:Requested REST method is not defined at URL. Please view /openapi/v3 for API reference.";
const std::string kConnect = "Unable to contact slurm controller (connect failure)";
const char kJob[] =
    R"({"job":{"name":"d","environment":{"PATH":"/bin:/usr/bin"},"current_working_directory":"/tmp"},"script":"#!/bin/bash\nsleep 30"})";

struct Case {
  std::string versions, how, method, target, body;
  int status;
  std::string answer;
};

std::vector<Case> measured_cases() {
  const std::string update_2017 =
      R"({"errors":[{"description":"job update from [localhost]:PORT failed","error_number":2017,"error":"Invalid job id specified","source":"_parse_job_list"}]})";
  return {
      // A refused token, endpoint by endpoint.
      {"37", "garbage", "GET", "/diag", "", 500,
       "{\"errors\":[" + kUnspecified + "],\"statistics\":{}}"},
      {"38", "garbage", "GET", "/diag", "", 500,
       R"({"errors":[{"description":"request failed","error_number":-1,"error":"Unspecified error","source":"slurm_get_statistics"}],"statistics":{"rpcs_by_message_type":[],"rpcs_by_user":[]}})"},
      {"37,38", "garbage", "GET", "/job/1", "", 500, kGetUnspecified},
      {"37,38", "garbage", "GET", "/job/abc", "", 400, unfound("abc")},
      {"37,38", "garbage", "GET", "/job/0", "", 400, unfound("0")},
      {"37,38", "garbage", "GET", "/job/3_1", "", 400, unfound("3_1")},
      {"37,38", "garbage", "GET", "/node/queue1-dy-t3micro-1", "", 500,
       "{\"errors\":[" + kUnspecified + "],\"nodes\":[]}"},
      {"37,38", "garbage", "GET", "/partitions", "", 500,
       "{\"errors\":[" + kUnspecified + "],\"partitions\":[]}"},
      {"37,38", "garbage", "GET", "/partition/queue1", "", 500,
       "{\"errors\":[" + kUnspecified + "],\"partitions\":[]}"},
      {"37,38", "garbage", "GET", "/reservations", "", 500,
       "{\"errors\":[" + kUnspecified + "],\"reservations\":[]}"},
      {"37,38", "garbage", "GET", "/reservation/foo", "", 500,
       R"({"errors":[{"error":"Requested reservation is invalid","errno":2053}],"reservations":[]})"},
      {"38", "garbage", "GET", "/licenses", "", 500,
       R"({"errors":[{"description":"slurmctld unable to load licenses","error_number":-1,"error":"Unspecified error","source":"slurm_load_licenses"}]})"},
      {"37", "garbage", "GET", "/licenses", "", 404, kNotFound},
      {"37,38", "garbage", "DELETE", "/job/abc", "", 500,
       kill_error("abc", 5005, "Zero Bytes were transmitted or received")},
      {"37,38", "garbage", "DELETE", "/job/2?signal=FOO", "", 400, kBadSignal},
      {"37,38", "garbage", "POST", "/job/abc", R"({"time_limit":5})", 500, kUpdateRefused},
      {"37", "garbage", "POST", "/job/2", R"({"foo":1})", 200, kUnknownFoo37},
      // Job ids as text.
      {"37,38", "valid", "GET", "/job/-1", "", 500,
       R"({"errors":[{"description":"Unable to find JobId=-1","error_number":2017,"error":"Invalid job id specified","source":"slurm_load_job"}],"jobs":[]})"},
      {"37,38", "valid", "GET", "/job/9223372036854775808", "", 500,
       R"({"errors":[{"description":"Unable to find JobId=9223372036854775807","error_number":2017,"error":"Invalid job id specified","source":"slurm_load_job"}],"jobs":[]})"},
      {"37,38", "valid", "GET", "/job/1abc", "", 400, unfound("1abc")},
      {"37,38", "valid", "GET", "/job/0x10", "", 400, unfound("0x10")},
      {"37,38", "valid", "GET", "/job/3_x", "", 400, unfound("3_x")},
      {"37,38", "valid", "GET", "/job/3_0", "", 400, unfound("3_0")},
      {"37,38", "valid", "GET", "/job/4294967296", "", 400, unfound("4294967296")},
      {"37,38", "valid", "GET", "/job/1%20", "", 400, unfound("1 ")},
      {"37,38", "valid", "GET", "/job/yes", "", 400, unfound("true")},
      {"37,38", "valid", "GET", "/job/Off", "", 400, unfound("false")},
      {"37,38", "valid", "GET", "/job/0.4", "", 400, unfound("0")},
      {"37,38", "valid", "GET", "/job/1.0e300", "", 400, unfound("-9223372036854775808")},
      {"37,38", "valid", "GET", "/job/1e0", "", 400, unfound("1e0")},
      {"37,38", "valid", "GET", "/job/", "", 405, kNoMethod},
      {"37,38", "valid", "DELETE", "/job/", "", 405, kNoMethod},
      {"37,38", "valid", "POST", "/job/", R"({"time_limit":5})", 500,
       R"({"errors":[{"error_code":2009,"error":"Job script not specified"}]})"},
      {"37,38", "valid", "DELETE", "/job/abc", "", 500,
       kill_error("abc", 2017, "Invalid job id specified")},
      {"37,38", "valid", "DELETE", "/job/0", "", 500,
       kill_error("0", 2017, "Invalid job id specified")},
      {"37,38", "valid", "DELETE", "/job/-1", "", 500,
       kill_error("-1", 2017, "Invalid job id specified")},
      {"37,38", "valid", "DELETE", "/job/3_9", "", 500,
       kill_error("3_9", 2017, "Invalid job id specified")},
      {"37,38", "valid", "POST", "/job/abc", R"({"time_limit":5})", 500, update_2017},
      {"37,38", "valid", "POST", "/job/0", R"({"time_limit":5})", 500, update_2017},
      {"37,38", "valid", "POST", "/job/-1", R"({"time_limit":5})", 500, update_2017},
      {"37,38", "valid", "POST", "/job/3_9", R"({"time_limit":5})", 200,
       R"({"errors":[{"description":"job array update from [localhost]:PORT failed","error_number":2017,"error":"Invalid job id specified","source":"_parse_job_list"}]})"},
      {"37,38", "valid", "POST", "/job/3_1", R"({"time_limit":9})", 200,
       R"({"errors":[{"description":"job array update from [localhost]:PORT failed","source":"_parse_job_list"}]})"},
      {"37", "valid", "POST", "/job/999999", R"({"foo":5})", 200, kUnknownFoo37},
      {"37,38", "valid", "POST", "/job/2", R"("x")", 400, "text:Unable to parse query."},
      {"37,38", "valid", "POST", "/job/2", R"([{"time_limit":5}])", 200,
       R"({"errors":[{"description":"unexpected het job request from [localhost]:PORT","source":"_parse_job_list"}]})"},
      {"37,38", "valid", "POST", "/job/2.4", R"({"time_limit":7})", 200, R"({"errors":[]})"},
      {"37,38", "valid", "DELETE", "/job/%202", "", 200, R"({"errors":[]})"},
      // Submissions.
      {"37,38", "valid", "POST", "/job/submit",
       R"({"job":{"gpus":"1","environment":{"PATH":"/bin"}},"script":"#!/bin/bash\ntrue"})", 400,
       R"({"errors":[{"error_code":9001,"error":"Failure during parsing"}]})"},
      {"37,38", "valid", "POST", "/job/submit",
       R"({"job":{"contiguous":true,"environment":{"PATH":"/bin"}},"script":"#!/bin/bash\ntrue"})",
       400,
       R"({"errors":[{"description":"Disabled key: \"contiguous\"","error_number":1,"error":"Operation not permitted","source":"openapi specification"},{"error_code":9001,"error":"Failure during parsing"}]})"},
      {"37", "valid", "POST", "/job/submit",
       R"({"job":{"begin_time":"garbage","environment":{"PATH":"/bin"}},"script":"#!/bin/bash\ntrue"})",
       400,
       R"({"errors":[{"error":"Unable to parse time","error_code":2054},{"description":"Unknown key \"begin_time\"","error_number":-1,"error":"Unspecified error","source":"slurm_process_option_data"},{"error_code":9001,"error":"Failure during parsing"}]})"},
      {"38", "valid", "POST", "/job/submit",
       R"({"job":{"Priority":0,"environment":{"PATH":"/bin"}},"script":"#!/bin/bash\ntrue"})", 400,
       R"({"errors":[{"error":"Priority must be >0","error_code":-1},{"description":"Unable to process key \"priority\"","error_number":-1,"error":"Unspecified error","source":"slurm_process_option_data"},{"error_code":9001,"error":"Failure during parsing"}]})"},
      {"37", "valid", "POST", "/job/submit",
       R"({"job":{"time_minimum":5,"environment":{"PATH":"/bin"}},"script":"#!/bin/bash\ntrue"})",
       400,
       R"({"errors":[{"description":"Unknown key \"time_minimum\"","source":"hsearch_r"},{"error_code":9001,"error":"Failure during parsing"}]})"},
      // slurmctld down.
      {"37,38", "down", "GET", "/ping", "", 500,
       R"({"errors":[{"description":"slurmctld config is unable to load","error_number":-1,"error":"Unspecified error","source":"slurm_load_ctl_conf"}]})"},
      {"37", "down", "GET", "/diag", "", 500,
       "{\"errors\":[" + kUnspecified + "],\"statistics\":{}}"},
      {"37,38", "down", "GET", "/jobs", "", 500,
       R"({"errors":[{"description":"Failed while looking for jobs","error_number":-1,"error":"Unspecified error","source":"slurm_load_jobs"}],"jobs":[]})"},
      {"37,38", "down", "GET", "/job/1", "", 500, kGetUnspecified},
      {"37,38", "down", "GET", "/job/abc", "", 400, unfound("abc")},
      {"37,38", "down", "GET", "/job/3_1", "", 400, unfound("3_1")},
      {"37,38", "down", "GET", "/nodes", "", 500,
       "{\"errors\":[" + kUnspecified + "],\"nodes\":[]}"},
      {"37,38", "down", "GET", "/reservation/foo", "", 500,
       R"({"errors":[{"error":"Requested reservation is invalid","errno":2053}],"reservations":[]})"},
      {"38", "down", "GET", "/licenses", "", 500,
       R"({"errors":[{"description":"slurmctld unable to load licenses","error_number":-1,"error":"Unspecified error","source":"slurm_load_licenses"}]})"},
      {"37,38", "down", "DELETE", "/job/1", "", 500, kill_error("1", 1800, kConnect)},
      {"37,38", "down", "DELETE", "/job/1?signal=FOO", "", 400, kBadSignal},
      {"37,38", "down", "POST", "/job/1", R"({"time_limit":5})", 500, kUpdateRefused},
      {"37", "down", "POST", "/job/1", R"({"foo":5})", 200, kUnknownFoo37},
      {"37,38", "down", "POST", "/job/submit", kJob, 500,
       R"j({"errors":[{"error_code":1800,"error":"Unable to contact slurm controller (connect failure)"}]})j"},
      {"37,38", "down", "POST", "/job/submit", R"({"job":{"foo":1},"script":"x"})", 400,
       R"({"errors":[{"description":"Unknown key \"foo\"","source":"hsearch_r"},{"error_code":9001,"error":"Failure during parsing"}]})"},
  };
}

// The body without meta, ports masked; a text answer as "text:...".
std::string shown(const Answer& a) {
  if (a.content_type != "application/json") return "text:" + a.text;
  Json j = a.json();
  j.erase("meta");
  static const std::regex port("\\[localhost\\]:[0-9]+");
  return std::regex_replace(j.dump(), port, "[localhost]:PORT");
}

TEST(VersionErrors, AnswersMeasuredBeyondTheRecordings) {
  int checked = 0;
  for (const Case& c : measured_cases()) {
    for (const char* v : {"37", "38"}) {
      if (c.versions.find(v) == std::string::npos) continue;
      Mock mock;
      ASSERT_EQ(mock.job_for("running"), 1u);
      ASSERT_EQ(mock.job_for("held"), 2u);
      ASSERT_EQ(mock.job_for("array_"), 3u);
      if (c.how == "down") mock.controller_down();
      const std::string target = std::string("/slurm/v0.0.") + v + c.target;
      const Answer a =
          mock.call(c.method, target, c.body, c.how == "garbage" ? "garbage" : "valid");
      EXPECT_EQ(a.status, c.status) << c.how << " " << c.method << " " << target;
      Json want = c.answer.rfind("text:", 0) == 0 ? Json(c.answer) : Json::parse(c.answer);
      EXPECT_EQ(shown(a), want.is_string() ? want.get<std::string>() : want.dump())
          << c.how << " " << c.method << " " << target << " " << c.body;
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

// Ids the path parser and the job id translation turn into jobs (measured).
TEST(VersionErrors, JobIdTextsNameTheJobsTheDaemonFinds) {
  const std::vector<std::pair<std::string, uint32_t>> cases = {
      {"2.5", 2},         {"1.5", 2},    {"1.4", 1},     {"0.6", 1},
      {"01", 1},          {"%2B1", 1},   {"%20%201", 1}, {"4294967297", 1},
      {"-4294967295", 1}, {"3%2B1", 4},  {"1%2B1", 2},   {"3_1", 4},
      {"3_65537", 4},     {"3_%2B1", 4}, {"2.5e0", 2},   {"1.", 1}};
  for (const char* v : {"v0.0.37", "v0.0.38"}) {
    Mock mock;
    mock.job_for("running");
    mock.job_for("held");
    mock.job_for("array_");
    for (const auto& [text, id] : cases) {
      const Answer a = mock.call("GET", std::string("/slurm/") + v + "/job/" + text);
      ASSERT_EQ(a.status, 200) << v << " " << text << " " << a.text;
      EXPECT_EQ(a.json()["jobs"][0]["job_id"], id) << v << " " << text;
    }
  }
}

// v0.0.38's new keys reach the job (recorded: v0.0.38/submit_v38_fields, job_v38_fields; the
// container value measured), and a job read over another version shows what it was given.
TEST(VersionErrors, V0_0_38KeysReachTheJob) {
  Mock mock;
  const Answer a = mock.call(
      "POST", "/slurm/v0.0.38/job/submit",
      R"({"job":{"name":"new38","environment":{"PATH":"/bin:/usr/bin"},"current_working_directory":"/tmp",)"
      R"("hold":true,"oversubscribe":true,"prefer":"t3micro","container":"/c"},"script":"#!/bin/bash\nsleep 300"})");
  ASSERT_EQ(a.status, 200) << a.text;
  const Json job = mock.call("GET", "/slurm/v0.0.38/job/1").json()["jobs"][0];
  EXPECT_EQ(job["prefer"], "t3micro");
  EXPECT_EQ(job["container"], "/c");
  EXPECT_EQ(job["shared"], "shared");
  EXPECT_FALSE(mock.call("GET", "/slurm/v0.0.37/job/1").json()["jobs"][0].contains("prefer"));
  // Submitted over v0.0.36 (which refuses the keys), read over v0.0.38: empty.
  mock.job_for("held");
  const Json plain = mock.call("GET", "/slurm/v0.0.38/job/2").json()["jobs"][0];
  EXPECT_EQ(plain["prefer"], "");
  EXPECT_EQ(plain["container"], "");
}

}  // namespace
}  // namespace mock_slurmrestd
