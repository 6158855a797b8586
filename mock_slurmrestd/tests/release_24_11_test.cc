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

#include "json_writer.h"
#include "release_replay.h"

namespace mock_slurmrestd {
namespace {

using replay::kConf;
using replay::load;
using replay::oracle;

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

// A server of the 24.11 profile with the recorder's cluster.
class Profile : public replay::Server {
 public:
  explicit Profile(ServerOptions o = options()) : Server(o) {}
  static const SlurmRelease& release() {
    const SlurmRelease* r = find_release("24.11");
    if (!r) throw std::runtime_error("no 24.11 profile");
    return *r;
  }
  static ServerOptions options() { return replay::options("24.11", 1796592700); }
};

// Compares the mock's answer to one recording; returns the differences.
std::vector<std::string> differences(Profile& p, const Json& rec) {
  replay::Comparison c;
  c.volatile_keys = kVolatile;
  c.unsimulated_lists = kUnsimulatedLists;
  c.volatile_number_only = true;
  c.answer(p.ask(rec["request"]), rec["answer"], rec["answer"]["body"]);
  return c.diffs;
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
  // -s list, as the daemon prints it (openapi/slurmdbd loads with accounting only).
  EXPECT_EQ(openapi_plugins(r),
            (std::vector<std::string>{"openapi/slurmctld", "openapi/slurmdbd"}));
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
