// The version seam: a second, test-only API version served beside v0.0.36 from one simulator.
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "api_version.h"
#include "app.h"
#include "auth.h"
#include "auth_gate.h"
#include "releases.h"
#include "scheduler_sim/slurm_conf.h"
#include "v0_0_36/plugin.h"
#include "v0_0_36/routes.h"

namespace mock_slurmrestd {
namespace {

// A fake version, "v0.0.99": its own names, meta and OpenAPI document; its routes and refusals
// are v0.0.36's, reached by function call (how a later version shares an earlier one's code).
Json fake_meta(const SlurmRelease& release) {
  Json m;
  m["plugin"]["type"] = "openapi/v0.0.99";
  m["plugin"]["name"] = "Fake v0.0.99";
  m["Slurm"]["release"] = release.release;
  return m;
}

void fake_routes(App& app, const LoadedVersion& self) {
  v0_0_36::register_diag_routes(app, self);
  v0_0_36::register_job_routes(app, self);
}

const Json& fake_openapi() {
  static const Json doc = [] {
    Json d;
    d["tags"] = Json::array({Json{{"name", "fake"}}});
    d["paths"]["/slurm/v0.0.99/jobs"]["get"]["operationId"] = "fake_get_jobs";
    d["paths"]["/openapi/v3"]["get"]["operationId"] = "fake_openapi";  // served by both
    d["components"]["schemas"]["v0.0.99_job"]["type"] = "object";
    d["components"]["securitySchemes"]["fake"]["type"] = "apiKey";
    d["openapi"] = "3.0.2";
    d["info"]["version"] = "0.0.99";
    return d;
  }();
  return doc;
}

const ApiVersion& fake_version() {
  static const ApiVersion v = [] {
    const ApiVersion& base = v0_0_36::plugin();
    ApiVersion a = base;  // every hook v0.0.36's ...
    a.name = "v0.0.99";   // ... but its own names, meta, routes and document
    a.plugin_type = "openapi/v0.0.99";
    a.meta = &fake_meta;
    a.register_routes = &fake_routes;
    a.openapi_document = &fake_openapi;
    return a;
  }();
  return v;
}

// A release of the test's own: v0.0.36 and the fake, in that load order unless reversed.
SlurmRelease test_release(bool fake_first = false) {
  SlurmRelease r{
      .name = "test", .release = "99.11.4", .major = 99, .minor = 11, .micro = 4, .versions = {}};
  r.versions = {&v0_0_36::plugin(), &fake_version()};
  if (fake_first) std::swap(r.versions[0], r.versions[1]);
  return r;
}

ServerOptions manual(std::vector<std::string> api_versions = {}) {
  ServerOptions o;
  o.clock = ClockMode::kManual;
  o.start_time = 1700000000;
  o.jwt_key = std::string(32, 'k');
  o.api_versions = std::move(api_versions);
  return o;
}

struct Answer {
  int status = 0;
  std::string content_type;
  std::string text;
  Json json() const { return Json::parse(text); }
};

class Served {
 public:
  Served(const SlurmRelease& release, const ServerOptions& options)
      : app_(scheduler_sim::default_cluster(), options, release) {
    register_routes(app_);
    token_ = mint_token(app_.jwt_key(), "ec2-user", 3600, wall_now());
  }
  Answer call(const std::string& method, const std::string& target, const std::string& body = "") {
    Request req;
    req.method = method;
    split_target(target, &req.path, &req.raw_query);
    req.query = parse_query(req.raw_query);
    req.headers.emplace("x-slurm-user-name", "ec2-user");
    req.headers.emplace("x-slurm-user-token", token_);
    if (method == "POST") req.headers.emplace("content-type", "application/json");
    req.body = body;
    req.peer = "[localhost]:1";
    Response r = handle_request(app_, req);
    return Answer{r.status, r.content_type, r.text()};
  }
  App& app() { return app_; }

 private:
  App app_;
  std::string token_;
};

const char kJob[] =
    R"({"job":{"name":"seam","current_working_directory":"/tmp","environment":{"PATH":"/bin"}},)"
    R"("script":"#!/bin/bash\nsleep 1000"})";

TEST(VersionSeam, EachVersionAnswersWithItsOwnMeta) {
  SlurmRelease release = test_release();
  Served s(release, manual());
  Json a = s.call("GET", "/slurm/v0.0.36/ping").json();
  Json b = s.call("GET", "/slurm/v0.0.99/ping").json();
  EXPECT_EQ(a["meta"]["plugin"]["type"], "openapi/v0.0.36");
  EXPECT_EQ(a["meta"]["plugin"]["name"], "REST v0.0.36");
  EXPECT_EQ(a["meta"]["Slurm"]["release"], "99.11.4");  // the release's, not a constant
  EXPECT_EQ(a["meta"]["Slurm"]["version"]["major"], 99);
  EXPECT_EQ(b["meta"], (Json{{"plugin", {{"type", "openapi/v0.0.99"}, {"name", "Fake v0.0.99"}}},
                             {"Slurm", {{"release", "99.11.4"}}}}));
  EXPECT_EQ(a["pings"], b["pings"]);  // shared code, shared answer
  // Each version's ping body is its own, also when served again from its cache.
  EXPECT_EQ(s.call("GET", "/slurm/v0.0.99/ping").json()["meta"], b["meta"]);
  EXPECT_EQ(s.call("GET", "/slurm/v0.0.36/ping").json()["meta"], a["meta"]);
}

TEST(VersionSeam, OneSimulatorBehindEveryVersion) {
  SlurmRelease release = test_release();
  Served s(release, manual());
  Answer over_36 = s.call("POST", "/slurm/v0.0.36/job/submit", kJob);
  ASSERT_EQ(over_36.status, 200) << over_36.text;
  Answer over_99 = s.call("POST", "/slurm/v0.0.99/job/submit", kJob);
  ASSERT_EQ(over_99.status, 200) << over_99.text;
  EXPECT_EQ(over_36.json()["job_id"], 1);
  EXPECT_EQ(over_99.json()["job_id"], 2);
  EXPECT_EQ(over_99.json()["meta"]["plugin"]["type"], "openapi/v0.0.99");

  Answer job1_99 = s.call("GET", "/slurm/v0.0.99/job/1");
  ASSERT_EQ(job1_99.status, 200) << job1_99.text;
  EXPECT_EQ(job1_99.json()["jobs"][0]["job_id"], 1);
  EXPECT_EQ(job1_99.json()["meta"]["plugin"]["type"], "openapi/v0.0.99");
  Answer job2_36 = s.call("GET", "/slurm/v0.0.36/job/2");
  ASSERT_EQ(job2_36.status, 200) << job2_36.text;
  EXPECT_EQ(job2_36.json()["jobs"][0]["job_id"], 2);
  EXPECT_EQ(job2_36.json()["meta"]["plugin"]["type"], "openapi/v0.0.36");

  // A cancel over one version shows over the other (COMPLETING: its epilog, in manual time).
  ASSERT_EQ(s.call("DELETE", "/slurm/v0.0.99/job/1").status, 200);
  EXPECT_EQ(s.call("GET", "/slurm/v0.0.36/job/1").json()["jobs"][0]["job_state"], "COMPLETING");
}

TEST(VersionSeam, RenderCacheKeepsOneBodyPerVersion) {
  SlurmRelease release = test_release();
  Served s(release, manual());
  ASSERT_EQ(s.call("POST", "/slurm/v0.0.36/job/submit", kJob).status, 200);
  Answer a = s.call("GET", "/slurm/v0.0.36/jobs");
  Answer b = s.call("GET", "/slurm/v0.0.99/jobs");
  EXPECT_EQ(s.app().lock().views().size(), 2u);
  // Served again from the cache: still each version's own body.
  EXPECT_EQ(s.call("GET", "/slurm/v0.0.36/jobs").text, a.text);
  EXPECT_EQ(s.call("GET", "/slurm/v0.0.99/jobs").text, b.text);
  EXPECT_NE(a.text, b.text);
  EXPECT_EQ(a.json()["jobs"], b.json()["jobs"]);
  EXPECT_EQ(b.json()["meta"]["plugin"]["type"], "openapi/v0.0.99");
  EXPECT_EQ(s.app().lock().views().size(), 2u);
}

TEST(VersionSeam, OpenapiMergesTheLoadedVersionsLikeTheDaemon) {
  SlurmRelease release = test_release();
  Served s(release, manual());
  Json doc = s.call("GET", "/openapi/v3").json();
  // The first loaded version leads: its tags, info and security; later ones add paths and
  // components after the first's, and a path both have takes the later definition in the
  // first one's place (measured with the dbv plugins' /openapi* on 22.05).
  EXPECT_EQ(doc["info"]["version"], "0.0.36");
  EXPECT_EQ(doc["tags"], v0_0_36::plugin().openapi_document()["tags"]);
  std::vector<std::string> paths;
  for (auto it = doc["paths"].begin(); it != doc["paths"].end(); ++it) paths.push_back(it.key());
  const Json& first = v0_0_36::plugin().openapi_document()["paths"];
  ASSERT_EQ(paths.size(), first.size() + 1);
  EXPECT_EQ(paths.front(), first.begin().key());
  EXPECT_EQ(paths.back(), "/slurm/v0.0.99/jobs");
  EXPECT_EQ(doc["paths"]["/openapi/v3"], fake_openapi()["paths"]["/openapi/v3"]);
  EXPECT_EQ(std::find(paths.begin(), paths.end(), "/openapi/v3") - paths.begin(),
            std::distance(first.begin(), first.find("/openapi/v3")));
  EXPECT_TRUE(doc["components"]["schemas"].contains("v0.0.36_job_properties"));
  EXPECT_EQ(doc["components"]["schemas"].back(), (Json{{"type", "object"}}));
  EXPECT_TRUE(doc["components"]["securitySchemes"].contains("fake"));
  // Every alias, JSON or YAML, serves the same document.
  for (const char* alias : {"/openapi", "/openapi.json", "/openapi.yaml"}) {
    EXPECT_EQ(s.call("GET", alias).json(), doc) << alias;
  }
}

TEST(VersionSeam, LoadOrderDecidesWhatTwoVersionsShare) {
  SlurmRelease release = test_release(/*fake_first=*/true);
  Served s(release, manual());
  // As the real daemon with -s openapi/v0.0.37,openapi/v0.0.36: the first answers /slurm
  // and leads the document.
  EXPECT_EQ(s.call("GET", "/slurm").json()["meta"]["plugin"]["type"], "openapi/v0.0.99");
  EXPECT_EQ(s.call("GET", "/openapi/v3").json()["info"]["version"], "0.0.99");
  EXPECT_EQ(s.call("GET", "/openapi/v3").json()["paths"].begin().key(), "/slurm/v0.0.99/jobs");
  SlurmRelease other = test_release();
  Served t(other, manual());
  EXPECT_EQ(t.call("GET", "/slurm").json()["meta"]["plugin"]["type"], "openapi/v0.0.36");
}

TEST(VersionSeam, DashSNarrowsTheLoadedVersions) {
  SlurmRelease release = test_release();
  Served s(release, manual({"openapi/v0.0.99"}));
  EXPECT_EQ(s.call("GET", "/slurm/v0.0.99/ping").status, 200);
  Answer gone = s.call("GET", "/slurm/v0.0.36/ping");
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.text, "Unable find requested URL. Please view /openapi/v3 for API reference.");
  Json doc = s.call("GET", "/openapi/v3").json();
  EXPECT_EQ(doc["info"]["version"], "0.0.99");
  EXPECT_FALSE(doc["paths"].contains("/slurm/v0.0.36/ping"));
  // A bare name is slurmrestd's "openapi/" + name; the order given is the load order.
  Served both(release, manual({"v0.0.99", "openapi/v0.0.36"}));
  EXPECT_EQ(both.call("GET", "/slurm").json()["meta"]["plugin"]["type"], "openapi/v0.0.99");
  EXPECT_EQ(both.call("GET", "/slurm/v0.0.36/ping").status, 200);
}

TEST(VersionSeam, AnUnknownPluginIsRefusedInTheDaemonsWords) {
  SlurmRelease release = test_release();
  try {
    Served s(release, manual({"openapi/v0.0.36", "v0.0.98"}));
    FAIL() << "loaded an unknown plugin";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "Unable to find plugin: openapi/v0.0.98");
  }
  // slurmrestd 22.05 with "-s v0.0.36,v0.0.36" dies at start-up ("fatal: init_op_jobs: unable
  // to create hash table"); the mock refuses it too, saying why.
  try {
    Served s(release, manual({"openapi/v0.0.36", "v0.0.36"}));
    FAIL() << "loaded a plugin twice";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "Plugin given twice: openapi/v0.0.36");
  }
  ServerOptions o = manual();
  o.slurm_version = "1.2";
  EXPECT_THROW(App(scheduler_sim::default_cluster(), o), std::invalid_argument);
}

TEST(VersionSeam, AnUnknownVersionPathIsAnUnknownPath) {
  // The real daemon (-s openapi/v0.0.36,openapi/v0.0.37) answers /slurm/v0.0.99/ping and
  // /slurm/v0.0.37/bogus with its 404 text.
  Served s(default_release(), manual());
  for (const char* path : {"/slurm/v0.0.98/ping", "/slurm/v0.0.36/bogus", "/slurm/v0.0.98"}) {
    Answer a = s.call("GET", path);
    EXPECT_EQ(a.status, 404) << path;
    EXPECT_EQ(a.content_type, "text/plain") << path;
    EXPECT_EQ(a.text, "Unable find requested URL. Please view /openapi/v3 for API reference.");
  }
}

TEST(VersionSeam, RefusalsComeFromTheAnsweringVersion) {
  SlurmRelease release = test_release();
  ServerOptions o = manual();
  Served s(release, o);
  s.app().faults().controller_down = true;
  s.app().faults().controller_retry_ms = 0;
  Answer a = s.call("GET", "/slurm/v0.0.99/jobs");
  EXPECT_EQ(a.status, 500);
  EXPECT_EQ(a.json()["meta"]["plugin"]["type"], "openapi/v0.0.99");
  EXPECT_EQ(s.call("GET", "/slurm/v0.0.36/jobs").json()["meta"]["plugin"]["type"],
            "openapi/v0.0.36");
}

TEST(Releases, TheDefaultReleaseIs2205WithV0036First) {
  EXPECT_EQ(default_release().name, "22.05");
  EXPECT_EQ(default_release().release, "22.05.8");
  ASSERT_FALSE(default_release().versions.empty());
  EXPECT_EQ(default_release().versions.front(), &v0_0_36::plugin());
  EXPECT_EQ(find_release("22.05"), &default_release());
  EXPECT_EQ(find_release("22.5"), nullptr);
  EXPECT_EQ(split_plugin_list("openapi/a,,b"), (std::vector<std::string>{"openapi/a", "b"}));
}

}  // namespace
}  // namespace mock_slurmrestd
