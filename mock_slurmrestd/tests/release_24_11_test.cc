// The 24.11 profile (v0.0.40, v0.0.41, v0.0.42) against the real 24.11 daemon's recorded answers:
// the mock serves the recorder's cluster, is asked the recorded request, and must answer with
// the same status, content type and body: same keys in the same order, same JSON types, same
// values except those that name times, the host or the connection (listed in kVolatile).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "api_version.h"
#include "app.h"
#include "auth.h"
#include "auth_gate.h"
#include "json_writer.h"
#include "releases.h"
#include "scheduler_sim/slurm_conf.h"

namespace mock_slurmrestd {
namespace {

// The recorder's cluster: the parallelcluster fixture as the launcher renders it for a
// 24.11 chroot (contract_tests/oracle/releases.py), slurmd ports from 17600.
const char kConf[] = R"(ClusterName=parallelcluster
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

// The recorder's daemon listened on 6890 (meta.client.source prints it byte-swapped).
constexpr int kRecordedPort = 6890;

// Leaf keys whose values name a time, this host, a measured duration or the connection's fd:
// compared by type only.
const std::set<std::string> kVolatile = {"boot_time",
                                         "last_busy",
                                         "slurmd_start_time",
                                         "last_update",
                                         "req_time",
                                         "req_time_start",
                                         "job_states_ts",
                                         "cpu_load",
                                         "free_mem",
                                         "operating_system",
                                         "latency",
                                         "hostname",
                                         "gettimeofday_latency",
                                         "source"};
// Lists the mock leaves empty (RPC statistics are not simulated: docs/differences.md).
const std::set<std::string> kUnsimulatedLists = {"rpcs_by_message_type", "rpcs_by_user"};

std::string kind(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "bool";
  if (v.is_number_float()) return "float";
  if (v.is_number()) return "integer";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

void compare(const Json& got, const Json& want, const std::string& path,
             std::vector<std::string>* diffs) {
  const std::string key = path.substr(path.rfind('.') + 1);
  if (kind(got) != kind(want)) {
    diffs->push_back(path + ": " + kind(got) + " != recorded " + kind(want));
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
      diffs->push_back(path + ": keys [" + g + "] != recorded [" + w + "]");
      return;
    }
    for (const auto& k : wk) compare(got[k], want[k], path + "." + k, diffs);
    return;
  }
  if (got.is_array()) {
    if (kUnsimulatedLists.count(key)) {
      if (!got.empty()) diffs->push_back(path + ": expected the unsimulated list empty");
      return;
    }
    if (got.size() != want.size()) {
      diffs->push_back(path + ": " + std::to_string(got.size()) + " items != recorded " +
                       std::to_string(want.size()));
      return;
    }
    for (size_t i = 0; i < got.size(); ++i)
      compare(got[i], want[i], path + "[" + std::to_string(i) + "]", diffs);
    return;
  }
  // A {"set","infinite","number"} object's number is volatile when its key is.
  const std::string owner =
      key == "number"
          ? path.substr(0, path.rfind('.')).substr(path.substr(0, path.rfind('.')).rfind('.') + 1)
          : key;
  if (kVolatile.count(owner)) return;
  if (got != want) diffs->push_back(path + ": " + got.dump() + " != recorded " + want.dump());
}

struct Recording {
  std::string file;
  Json data;
};

Json load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("missing recording " + path);
  return Json::parse(in);
}

std::string oracle(const std::string& rel) { return std::string(MOCK_ORACLE_DATA_DIR) + "/" + rel; }

class Profile {
 public:
  Profile() : app_(scheduler_sim::parse_slurm_conf(kConf, ""), options(), release()) {
    register_routes(app_);
    valid_ = mint_token(app_.jwt_key(), "ec2-user", 3600, wall_now());
  }
  static const SlurmRelease& release() {
    const SlurmRelease* r = find_release("24.11");
    if (!r) throw std::runtime_error("no 24.11 profile");
    return *r;
  }
  static ServerOptions options() {
    ServerOptions o;
    o.slurm_version = "24.11";
    o.clock = ClockMode::kManual;
    o.start_time = 1796592700;
    o.jwt_key = std::string(32, 'k');
    return o;
  }
  // The recorded request, its token placeholders replaced by tokens of this server.
  Response ask(const Json& request) {
    Request req;
    req.method = request["method"];
    split_target(request["path"], &req.path, &req.raw_query);
    req.query = parse_query(req.raw_query);
    for (auto it = request["headers"].begin(); it != request["headers"].end(); ++it) {
      req.headers.emplace(lower(it.key()), token_for(it.value()));
    }
    // The recorded body (a JSON document, or text as sent), as the recorder sent it.
    if (request.contains("body") && !request["body"].is_null()) {
      req.body =
          request["body"].is_string() ? request["body"].get<std::string>() : request["body"].dump();
      req.headers.emplace("content-type", "application/json");
    }
    req.peer = "[localhost]:40000";
    req.local_port = kRecordedPort;
    return handle_request(app_, req);
  }
  App& app() { return app_; }

 private:
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

// Compares the mock's answer to one recording; returns the differences.
std::vector<std::string> differences(Profile& p, const Json& rec) {
  std::vector<std::string> diffs;
  Response r = p.ask(rec["request"]);
  const Json& want = rec["answer"];
  if (r.status != want["status"].get<int>())
    diffs.push_back("status " + std::to_string(r.status) + " != recorded " + want["status"].dump());
  const std::string want_type = want["content_type"].is_string() ? want["content_type"] : "";
  if (r.content_type != want_type)
    diffs.push_back("content type " + r.content_type + " != recorded " + want_type);
  if (want["body"].is_string()) {
    if (r.text() != want["body"].get<std::string>())
      diffs.push_back("body '" + r.text() + "' != recorded " + want["body"].dump());
  } else {
    Json got;
    try {
      got = Json::parse(r.text());
    } catch (const std::exception&) {
      diffs.push_back("body is not JSON: " + r.text().substr(0, 200));
      return diffs;
    }
    compare(got, want["body"], "body", &diffs);
  }
  return diffs;
}

// The recorded cases the profile serves (the story's first GETs, before any job exists),
// routing and authentication on /ping, and /slurmdb with only openapi/slurmctld loaded.
const std::vector<std::string> kServedCases = {
    "001_ping", "002_diag", "003_nodes", "004_node", "005_node_unknown", "006_partitions",
    "007_partition", "008_partition_unknown", "078_unknown_path", "079_unknown_root_path",
    "080_unknown_version", "081_wrong_method_put_jobs", "082_wrong_method_delete_ping",
    "083_wrong_method_post_partitions", "084_trailing_slash_ping", "085_auth_no_headers",
    "086_auth_user_without_token", "087_auth_token_without_user", "088_auth_bad_signature",
    "089_auth_expired_token", "090_auth_garbage_token", "091_auth_other_users_token",
    "092_auth_unknown_user", "093_auth_bearer_header", "097_auth_no_headers_jobs",
    "099_slurmdb_ping", "100_slurmdb_diag", "101_slurmdb_jobs", "102_slurmdb_accounts",
    "103_slurmdb_config",
    // Node writes that do not depend on the jobs the story made before them.
    "065_node_update_comment", "066_node_update_unknown_field", "067_node_update_unknown_node",
    "068_node_delete_unknown", "070_admin_node_update_comment",
    "072_admin_node_update_unknown_field", "073_admin_node_update_bad_state",
    "074_admin_node_update_unknown_node", "075_admin_node_delete_unknown",
    "076_admin_node_delete_static", "105_nodes_update", "106_admin_nodes_update"};

class Release2411 : public ::testing::TestWithParam<std::string> {};

TEST_P(Release2411, StoryAnswersAsRecorded) {
  const std::string version = GetParam();
  for (const std::string& c : kServedCases) {
    Profile p;  // a fresh cluster per case, as the recorder's story starts
    const Json rec = load(oracle("24.11/" + version + "/" + c + ".json"));
    for (const auto& d : differences(p, rec)) ADD_FAILURE() << version << " " << c << ": " << d;
  }
}

// Asked of the real daemon by hand (tests/data/oracle/24.11/asked/): a refused token on
// every served route.
TEST_P(Release2411, RefusedTokenAnswersAsAsked) {
  const std::string version = GetParam();
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(oracle("24.11/asked/" + version))) {
    Profile p;
    const Json rec = load(entry.path().string());
    for (const auto& d : differences(p, rec))
      ADD_FAILURE() << version << " " << entry.path().filename().string() << ": " << d;
    ++n;
  }
  EXPECT_EQ(n, 8);
}

// Asked of the real daemon with its slurmctld stopped (tests/data/oracle/24.11/asked/down/):
// the mock's /mock/v1/faults controller_down, without the 9 s the daemon spends per call.
TEST_P(Release2411, ControllerDownAnswersAsAsked) {
  const std::string version = GetParam();
  int n = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(oracle("24.11/asked/down/" + version))) {
    Profile p;
    p.app().faults().controller_down = true;
    p.app().faults().controller_retry_ms = 0;
    const Json rec = load(entry.path().string());
    for (const auto& d : differences(p, rec))
      ADD_FAILURE() << version << " " << entry.path().filename().string() << ": " << d;
    ++n;
  }
  EXPECT_EQ(n, 6);
}

INSTANTIATE_TEST_SUITE_P(Versions, Release2411, ::testing::Values("v0.0.40", "v0.0.41", "v0.0.42"));

TEST(Release2411Profile, LoadsItsDataParsersInTheDaemonsOrder) {
  const SlurmRelease& r = Profile::release();
  EXPECT_EQ(r.release, "24.11.5");
  EXPECT_EQ(openapi_plugins(r), std::vector<std::string>{"openapi/slurmctld"});
  EXPECT_EQ(data_parser_plugins(r),
            (std::vector<std::string>{"data_parser/v0.0.42", "data_parser/v0.0.40",
                                      "data_parser/v0.0.41"}));
}

TEST(Release2411Profile, NarrowsLikeSlurmrestd) {
  const SlurmRelease& r = Profile::release();
  auto names = [](const std::vector<const ApiVersion*>& vs) {
    std::vector<std::string> out;
    for (const ApiVersion* v : vs) out.push_back(v->name);
    return out;
  };
  EXPECT_EQ(names(select_versions(r, {"openapi/slurmctld"})),
            (std::vector<std::string>{"v0.0.42", "v0.0.40", "v0.0.41"}));
  EXPECT_EQ(names(select_versions(r, {"slurmctld"}, {"v0.0.41", "data_parser/v0.0.40"})),
            (std::vector<std::string>{"v0.0.41", "v0.0.40"}));
  EXPECT_EQ(names(select_versions(r, {}, {"v0.0.42"})), std::vector<std::string>{"v0.0.42"});
  try {
    select_versions(r, {}, {"nope"});
    ADD_FAILURE() << "an unknown data_parser was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "Unable to find plugin: data_parser/nope");
  }
  try {
    select_versions(r, {"openapi/v0.0.42"});
    ADD_FAILURE() << "a 22.05-style plugin name was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "Unable to find plugin: openapi/v0.0.42");
  }
  EXPECT_THROW(select_versions(*find_release("22.05"), {}, {"v0.0.40"}), std::invalid_argument);
}

TEST(Release2411Profile, NarrowedServerServesOnlyItsVersion) {
  ServerOptions o = Profile::options();
  o.data_parsers = {"v0.0.41"};
  App app(scheduler_sim::parse_slurm_conf(kConf, ""), o, Profile::release());
  register_routes(app);
  // The request journal takes a request's parts: one Request per call.
  auto get = [&app](const std::string& path) {
    Request req;
    req.method = "GET";
    req.path = path;
    req.headers.emplace("x-slurm-user-token",
                        mint_token(app.jwt_key(), "ec2-user", 60, wall_now()));
    return handle_request(app, req);
  };
  EXPECT_EQ(get("/slurm/v0.0.42/ping").status, 404);
  Response r = get("/slurm/v0.0.41/ping");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Json::parse(r.text())["meta"]["plugin"]["data_parser"], "data_parser/v0.0.41");
}

// A node's flags follow the node_states enum's order (openapi_v3.json), after the base state.
TEST(Release2411Profile, NodeStateFlagsInTheEnumsOrder) {
  Profile p;
  {
    auto locked = p.app().lock();
    ASSERT_TRUE(locked.set_node_state("queue1-dy-t3micro-2", "drain", "maintenance").ok());
  }
  Request req;
  req.method = "GET";
  req.path = "/slurm/v0.0.42/node/queue1-dy-t3micro-2";
  req.headers.emplace("x-slurm-user-token",
                      mint_token(p.app().jwt_key(), "ec2-user", 60, wall_now()));
  Json body = Json::parse(handle_request(p.app(), req).text());
  const Json& node = body["nodes"][0];
  EXPECT_EQ(node["state"], Json::array({"IDLE", "DRAIN"}));
  EXPECT_EQ(node["reason"], "maintenance");
  EXPECT_TRUE(node["reason_changed_at"]["set"].get<bool>());
}

// The bytes: 24.11 prints empty arrays and objects on one line. The writer must reproduce the
// real daemon's text, and the mock must answer in that layout (its volatile values aside).
TEST(Release2411Profile, JsonLayoutIsTheDaemons) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"v0.0.42_ping_controller_down.json", "/slurm/v0.0.42/ping"},
      {"v0.0.40_partition_controller_down.json", "/slurm/v0.0.40/partition/queue1"}};
  for (const auto& [file, path] : cases) {
    std::ifstream in(oracle("24.11/asked/raw/" + file), std::ios::binary);
    ASSERT_TRUE(in) << file;
    const std::string real((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Json want = Json::parse(real);
    EXPECT_EQ(to_slurm_json(want, EmptyContainers::kOneLine), real) << file;

    Profile p;
    p.app().faults().controller_down = true;
    p.app().faults().controller_retry_ms = 0;
    Json request = Json::object();
    request["method"] = "GET";
    request["path"] = path;
    request["headers"]["X-SLURM-USER-TOKEN"] = "<valid token>";
    Response r = p.ask(request);
    const Json got = Json::parse(r.text());
    want["meta"]["client"]["source"] = got["meta"]["client"]["source"];
    if (want.contains("pings")) {
      want["pings"][0]["hostname"] = got["pings"][0]["hostname"];
      want["pings"][0]["latency"] = got["pings"][0]["latency"];
    }
    EXPECT_EQ(r.text(), to_slurm_json(want, EmptyContainers::kOneLine)) << file;
  }
}

}  // namespace
}  // namespace mock_slurmrestd
