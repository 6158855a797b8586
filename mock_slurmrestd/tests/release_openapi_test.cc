// The /openapi/v3 of the 24.11 and 26.05 profiles against the real daemons' recorded documents:
// every fact and key order at every depth (the prose is ours), the daemon's bytes with the
// prose masked, each -d narrowing asked of the real daemon, and each listed operation served.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "api_version.h"
#include "app.h"
#include "auth.h"
#include "auth_gate.h"
#include "json_writer.h"
#include "openapi_compare.h"
#include "openapi_merge.h"
#include "oracle_data.h"
#include "releases.h"
#include "router.h"
#include "scheduler_sim/slurm_conf.h"

namespace mock_slurmrestd {
namespace {

using testing::openapi_differences;
using testing::without_prose;

const char kConf[] = R"(ClusterName=tiny
NodeName=tiny-[1-2] CPUs=2 RealMemory=900 State=UNKNOWN
PartitionName=debug Nodes=tiny-[1-2] MaxTime=INFINITE State=UP Default=YES
)";

const SlurmRelease& release(const std::string& name) {
  const SlurmRelease* r = find_release(name);
  if (!r) throw std::runtime_error("no release " + name);
  return *r;
}

// The recorded document (GET /openapi/v3 of the release's daemon with every data_parser).
Json recorded(const std::string& name) {
  return Json::parse(testing::read_oracle_file(name + "/openapi_v3.json"))["answer"]["body"];
}
// What the real daemon answered with `-d LIST`: paths, schemas and info, and the bytes' size
// and sha256 (first: the default list, the same document as recorded()).
Json asked_narrowed(const std::string& name) {
  return Json::parse(testing::read_oracle_file(name + "/openapi_v3_data_parsers.json"))["asked"];
}

std::vector<std::string> keys(const Json& obj) {
  std::vector<std::string> out;
  for (auto it = obj.begin(); it != obj.end(); ++it) out.push_back(it.key());
  return out;
}

std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  std::string out;
  char hex[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(hex, sizeof hex, "%02x", md[i]);
    out += hex;
  }
  return out;
}

Json served(const std::string& name, const std::vector<std::string>& data_parsers = {}) {
  const SlurmRelease& r = release(name);
  return served_openapi(r, select_versions(r, {}, data_parsers));
}

class ReleaseOpenapi : public ::testing::TestWithParam<const char*> {};

// Every fact of the real document, in its order at every depth: the same paths, operations,
// operation ids, parameters, request bodies, responses, schemas with their properties, types,
// formats, enums, $refs and flags, the same tags, info, servers and security; prose aside.
TEST_P(ReleaseOpenapi, IsTheRecordedDocumentFactForFact) {
  const Json want = recorded(GetParam());
  const Json got = served(GetParam());
  EXPECT_EQ(openapi_differences(want, got), "");
  EXPECT_EQ(keys(got["paths"]), keys(want["paths"]));
  EXPECT_EQ(keys(got["components"]["schemas"]), keys(want["components"]["schemas"]));
}

TEST(ReleaseOpenapi, CountsAreTheDaemons) {
  const Json a = served("24.11");
  EXPECT_EQ(a["paths"].size(), 47u);
  EXPECT_EQ(a["components"]["schemas"].size(), 209u);
  const Json b = served("26.05");
  EXPECT_EQ(b["paths"].size(), 74u);
  EXPECT_EQ(b["components"]["schemas"].size(), 395u);
  EXPECT_EQ(b["info"]["x-slurm"]["data_parsers"][0],
            (Json{{"plugin", "v0.0.43"}, {"flags", Json::array({"NONE"})}}));
}

// The bytes: the recorded document in the release's JSON layout is the daemon's answer (its
// size and sha256 were taken from the raw bytes), and ours is the same text, prose masked.
TEST_P(ReleaseOpenapi, ServedJsonIsTheDaemonsBytesApartFromProse) {
  const Json want = recorded(GetParam());
  const Json asked = asked_narrowed(GetParam())[0];
  const std::string real_text = to_slurm_json(want, EmptyContainers::kOneLine);
  ASSERT_EQ(real_text.size(), asked["length"].get<size_t>());
  ASSERT_EQ(sha256_hex(real_text), asked["sha256"]);
  const Json got = served(GetParam());
  EXPECT_TRUE(to_slurm_json(without_prose(got), EmptyContainers::kOneLine) ==
              to_slurm_json(without_prose(want), EmptyContainers::kOneLine));
}

// The YAML answer (Accept: application/x-yaml) likewise.
TEST_P(ReleaseOpenapi, ServedYamlIsTheDaemonsBytesApartFromProse) {
  const Json want = recorded(GetParam());
  const Json asked = asked_narrowed(GetParam())[0];
  const std::string real_yaml = render_openapi_yaml(want);
  EXPECT_EQ(real_yaml.size(), asked["yaml_length"].get<size_t>());
  EXPECT_EQ(sha256_hex(real_yaml), asked["yaml_sha256"]);
  EXPECT_TRUE(render_openapi_yaml(without_prose(served(GetParam()))) ==
              render_openapi_yaml(without_prose(want)));
}

// The real daemon's -d LIST: the loaded data_parsers' paths route by route in -d's order, the
// schemas they reach, the release's info (26.05's x-slurm names what is loaded).
TEST_P(ReleaseOpenapi, EachDataParserNarrowingIsTheDaemons) {
  const Json full = recorded(GetParam());
  const Json asked = asked_narrowed(GetParam());
  ASSERT_GE(asked.size(), 4u);
  for (const Json& a : asked) {
    const std::string list = a["data_parsers"];
    SCOPED_TRACE(list);
    const Json got = served(GetParam(), split_plugin_list(list));
    std::vector<std::string> want_paths = a["paths"], want_schemas = a["schemas"];
    EXPECT_EQ(keys(got["paths"]), want_paths);
    EXPECT_EQ(keys(got["components"]["schemas"]), want_schemas);
    EXPECT_EQ(without_prose(got["info"]), without_prose(a["info"]));
    for (const std::string& p : want_paths)
      EXPECT_EQ(without_prose(got["paths"][p]), without_prose(full["paths"][p])) << p;
    for (const std::string& s : want_schemas)
      EXPECT_EQ(without_prose(got["components"]["schemas"][s]),
                without_prose(full["components"]["schemas"][s]))
          << s;
  }
}

// The texts of `ours` that are the daemon's (`real`'s) where they should be our own.
std::vector<std::string> copied_prose(const Json& real, const Json& ours) {
  std::vector<std::string> copied;
  auto walk = [&copied](auto& self, const Json& real, const Json& ours, const std::string& where,
                        const std::string& name) -> void {
    if (real.is_object() && ours.is_object()) {
      for (auto it = real.begin(); it != real.end(); ++it) {
        if (!ours.contains(it.key())) continue;
        const Json& mine = ours.at(it.key());
        if (testing::is_prose(it.key()) && it.value().is_string()) {
          std::string spaced = name;
          std::replace(spaced.begin(), spaced.end(), '_', ' ');
          if (it.value() != "" && mine == it.value() && mine != spaced)
            copied.push_back(where + "/" + it.key() + ": " + mine.dump());
          continue;
        }
        self(self, it.value(), mine, where + "/" + it.key(), it.key());
      }
    } else if (real.is_array() && ours.is_array()) {
      for (size_t i = 0; i < real.size() && i < ours.size(); ++i)
        self(self, real[i], ours[i], where + "[" + std::to_string(i) + "]", "");
    }
  };
  walk(walk, real, ours, "", "");
  return copied;
}

// Only names, types and structure are facts: a text of ours may equal the daemon's only where
// it is the property's name spelled with spaces.
TEST_P(ReleaseOpenapi, ProseIsOurOwn) {
  const auto copied = copied_prose(recorded(GetParam()), served(GetParam()));
  std::string all;
  for (const auto& c : copied) all += c + "\n";
  EXPECT_TRUE(copied.empty()) << copied.size() << " texts are the daemon's:\n" << all;
}

// With accounting in slurmdbd, openapi/slurmdbd's paths follow openapi/slurmctld's, route by
// route, with the schemas they reach (recorded: <release>-acct/openapi_v3.json).
Json recorded_with_accounting(const std::string& name) {
  return Json::parse(testing::read_oracle_file(name + "-acct/openapi_v3.json"));
}
Json served_with_accounting(const std::string& name) {
  const SlurmRelease& r = release(name);
  return served_openapi(r, select_versions(r, {}, {}, true));
}

TEST_P(ReleaseOpenapi, WithAccountingIsTheRecordedDocumentFactForFact) {
  const Json want = recorded_with_accounting(GetParam());
  const Json got = served_with_accounting(GetParam());
  EXPECT_EQ(openapi_differences(want, got), "");
  EXPECT_EQ(keys(got["paths"]), keys(want["paths"]));
  EXPECT_EQ(keys(got["components"]["schemas"]), keys(want["components"]["schemas"]));
  EXPECT_EQ(got["info"]["version"], want["info"]["version"]);
  EXPECT_TRUE(to_slurm_json(without_prose(got), EmptyContainers::kOneLine) ==
              to_slurm_json(without_prose(want), EmptyContainers::kOneLine));
  const auto copied = copied_prose(want, got);
  EXPECT_TRUE(copied.empty()) << copied.size() << " texts are the daemon's";
}

// 22.05: openapi/dbv0.0.36-38's documents merged whole after the slurmctld plugins', as its
// daemon merges every plugin's (recorded: 22.05-acct/openapi_v3.json); the slurmdb prose ours.
TEST(ReleaseOpenapi, WithAccounting2205IsTheRecordedDocumentFactForFact) {
  const Json want = recorded_with_accounting("22.05");
  const Json got = served_with_accounting("22.05");
  EXPECT_EQ(openapi_differences(want, got), "");
  EXPECT_EQ(keys(got["paths"]), keys(want["paths"]));
  EXPECT_EQ(keys(got["components"]["schemas"]), keys(want["components"]["schemas"]));
  EXPECT_EQ(got["paths"].size(), 87u);
  EXPECT_EQ(got["components"]["schemas"].size(), 172u);
  size_t copied = 0;
  for (auto it = want["paths"].begin(); it != want["paths"].end(); ++it)
    if (it.key().rfind("/slurmdb/", 0) == 0)
      copied += copied_prose(it.value(), got["paths"][it.key()]).size();
  for (auto it = want["components"]["schemas"].begin(); it != want["components"]["schemas"].end();
       ++it)
    if (it.key().rfind("dbv", 0) == 0)
      copied += copied_prose(it.value(), got["components"]["schemas"][it.key()]).size();
  EXPECT_EQ(copied, 0u);
}

TEST(ReleaseOpenapi, WithAccountingCountsAreTheDaemons) {
  const Json a = served_with_accounting("24.11");
  EXPECT_EQ(a["paths"].size(), 111u);
  EXPECT_EQ(a["components"]["schemas"].size(), 384u);
  EXPECT_EQ(a["info"]["version"], "Slurm-24.11.5&openapi/slurmctld&openapi/slurmdbd");
  const Json b = served_with_accounting("26.05");
  EXPECT_EQ(b["paths"].size(), 163u);
  EXPECT_EQ(b["components"]["schemas"].size(), 685u);
  EXPECT_EQ(b["info"]["x-slurm"]["openapi"],
            Json::array({"openapi/slurmctld", "openapi/slurmdbd"}));
}

INSTANTIATE_TEST_SUITE_P(Releases, ReleaseOpenapi, ::testing::Values("24.11", "26.05"),
                         [](const auto& info) {
                           std::string n = info.param;
                           n.erase(n.find('.'), 1);
                           return "R" + n;
                         });

// A server of the release, asked over its router (`accounting`: in slurmdbd).
class Served {
 public:
  explicit Served(const std::string& name, std::vector<std::string> data_parsers = {},
                  bool accounting = false)
      : app_(scheduler_sim::parse_slurm_conf(
                 std::string(kConf) +
                     (accounting ? "AccountingStorageType=accounting_storage/slurmdbd\n" : ""),
                 ""),
             options(name, std::move(data_parsers)), release(name)) {
    register_routes(app_);
    token_ = mint_token(app_.jwt_key(), "ec2-user", 3600, wall_now());
  }
  Response get(const std::string& path, const std::string& accept = "", bool with_token = true) {
    Request req;
    req.method = "GET";
    req.path = path;
    if (with_token) {
      req.headers.emplace("x-slurm-user-name", "ec2-user");
      req.headers.emplace("x-slurm-user-token", token_);
    }
    if (!accept.empty()) req.headers.emplace("accept", accept);
    req.peer = "[localhost]:40000";
    return handle_request(app_, req);
  }
  App& app() { return app_; }

 private:
  static ServerOptions options(const std::string& name, std::vector<std::string> data_parsers) {
    ServerOptions o;
    o.slurm_version = name;
    o.data_parsers = std::move(data_parsers);
    o.clock = ClockMode::kManual;
    o.start_time = 1796592700;
    o.jwt_key = std::string(32, 'k');
    return o;
  }
  App app_;
  std::string token_;
};

// Every alias answers the document in the release's layout, JSON or YAML as Accept asks; the
// text is rendered once and shared by the answers, not copied per request.
TEST(ReleaseOpenapi, ServedOverEveryAliasOnce) {
  Served s("26.05");
  const Response first = s.get("/openapi/v3");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.content_type, "application/json");
  EXPECT_TRUE(first.text() == to_slurm_json(served("26.05"), EmptyContainers::kOneLine));
  ASSERT_TRUE(first.shared_body);
  for (const char* alias : {"/openapi", "/openapi.json", "/openapi.yaml"}) {
    const Response r = s.get(alias);
    EXPECT_EQ(r.status, 200) << alias;
    EXPECT_EQ(r.shared_body, first.shared_body) << alias;
  }
  const Response yaml = s.get("/openapi/v3", "application/x-yaml");
  ASSERT_EQ(yaml.status, 200);
  EXPECT_EQ(yaml.content_type, "application/x-yaml");
  EXPECT_TRUE(yaml.text() == render_openapi_yaml(served("26.05")));
  // Another server of the same release and versions shares the text.
  Served again("26.05");
  EXPECT_EQ(again.get("/openapi/v3").shared_body, first.shared_body);
}

// Every alias, with each Accept, as the real daemons answered (/openapi, /openapi.json,
// /openapi.yaml, /openapi/v3 and /openapi/v3/ alike: the document in JSON unless YAML is asked
// for; no token: 401).
TEST_P(ReleaseOpenapi, AliasesAnswerAsTheDaemons) {
  Served s(GetParam());
  const std::string json = to_slurm_json(served(GetParam()), EmptyContainers::kOneLine);
  const std::string yaml = render_openapi_yaml(served(GetParam()));
  const Json asked =
      Json::parse(testing::read_oracle_file(std::string(GetParam()) + "/openapi_aliases.json"));
  ASSERT_GE(asked["asked"].size(), 20u);
  for (const Json& a : asked["asked"]) {
    const std::string path = a["path"], accept = a["accept"];
    SCOPED_TRACE(path + " [" + accept + "]");
    const Response r = s.get(path, accept, a["token"].get<bool>());
    EXPECT_EQ(r.status, a["status"].get<int>());
    if (a["content_type"].is_string()) {
      EXPECT_EQ(r.content_type, a["content_type"]);
    }
    if (a.contains("body")) {
      EXPECT_EQ(r.text(), a["body"]);
    } else if (r.status == 200) {
      EXPECT_TRUE(r.text() == (r.content_type == "application/json" ? json : yaml));
    }
  }
}

TEST(ReleaseOpenapi, ServerWithDataParsersServesTheirDocument) {
  Served s("24.11", {"v0.0.41", "v0.0.40"});
  const Json got = Json::parse(s.get("/openapi/v3").text());
  const Json want = asked_narrowed("24.11");
  for (const Json& a : want) {
    if (a["data_parsers"] != "v0.0.41,v0.0.40") continue;
    std::vector<std::string> paths = a["paths"];
    EXPECT_EQ(keys(got["paths"]), paths);
    return;
  }
  ADD_FAILURE() << "no recording of -d v0.0.41,v0.0.40";
}

// The operations the document lists that the mock does not route yet (docs/differences.md R5
// and N2 name them): a listed operation is one a client may call.
std::set<std::string> unrouted(const std::string& name, bool accounting = false) {
  Served s(name, {}, accounting);
  const Json doc = accounting ? served_with_accounting(name) : served(name);
  std::set<std::string> out;
  for (auto path = doc["paths"].begin(); path != doc["paths"].end(); ++path) {
    std::string concrete = path.key();
    for (size_t open; (open = concrete.find('{')) != std::string::npos;)
      concrete.replace(open, concrete.find('}', open) - open + 1, "1");
    for (auto op = path->begin(); op != path->end(); ++op) {
      Request req;
      std::string method = op.key();
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      req.method = method;
      req.path = concrete;
      if (s.app().router().resolve(req).handler == nullptr) out.insert(method + " " + path.key());
    }
  }
  return out;
}

// Every operation the real document lists is served (docs/differences.md, N2).
TEST(ReleaseOpenapi, EveryListedOperationIsRouted) {
  EXPECT_EQ(unrouted("24.11"), std::set<std::string>{});
  EXPECT_EQ(unrouted("26.05"), std::set<std::string>{});
}

// With accounting: every slurmdb read the document lists is served, and the server's own
// document is the one with openapi/slurmdbd (the writes are docs/differences.md B11).
TEST(ReleaseOpenapi, WithAccountingEveryListedReadIsRouted) {
  for (const char* name : {"24.11", "26.05"}) {
    for (const std::string& op : unrouted(name, true))
      EXPECT_NE(op.rfind("GET ", 0), 0u) << name << " " << op;
    Served s(name, {}, true);
    EXPECT_TRUE(s.get("/openapi/v3").text() ==
                to_slurm_json(served_with_accounting(name), EmptyContainers::kOneLine))
        << name;
  }
}

}  // namespace
}  // namespace mock_slurmrestd
