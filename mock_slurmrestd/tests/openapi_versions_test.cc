// The merged /openapi/v3 of the 22.05 profile (v0.0.36, v0.0.37, v0.0.38) against the real
// daemon's recorded document: same top-level keys, paths in order, operation ids, parameters
// (name, place, style, schema) and schema names in order.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api_version.h"
#include "openapi_merge.h"
#include "oracle_data.h"
#include "releases.h"

namespace mock_slurmrestd {
namespace {

Json merged_profile() {
  std::vector<const Json*> docs;
  for (const ApiVersion* v : default_release().versions) docs.push_back(&v->openapi_document());
  return merge_openapi(docs);
}

Json recorded(const std::string& file) {
  return Json::parse(testing::read_oracle_file("22.05/openapi/" + file))["answer"]["json"];
}

std::vector<std::string> keys(const Json& obj) {
  std::vector<std::string> out;
  for (auto it = obj.begin(); it != obj.end(); ++it) out.push_back(it.key());
  return out;
}

// Every operation as "path method operationId (param name/in/style/schema)...".
std::vector<std::string> operations(const Json& doc) {
  std::vector<std::string> out;
  for (auto p = doc["paths"].begin(); p != doc["paths"].end(); ++p) {
    for (auto op = p.value().begin(); op != p.value().end(); ++op) {
      if (!op.value().is_object()) continue;
      std::string line = p.key() + " " + op.key() + " " + op.value().value("operationId", "");
      for (const auto& param : op.value().value("parameters", Json::array())) {
        line += " (" + param.value("name", "") + "/" + param.value("in", "") + "/" +
                param.value("style", "") + "/" + param.value("schema", Json()).dump() + ")";
      }
      out.push_back(line);
    }
  }
  return out;
}

TEST(OpenapiVersions, ProfileLoadsTheDaemonsVersionsInItsOrder) {
  std::vector<std::string> names;
  for (const ApiVersion* v : default_release().versions) names.push_back(v->plugin_type);
  EXPECT_EQ(names,
            (std::vector<std::string>{"openapi/v0.0.36", "openapi/v0.0.37", "openapi/v0.0.38"}));
}

TEST(OpenapiVersions, MergedDocumentHasTheRealPathsOperationsAndSchemaNames) {
  const Json got = merged_profile();
  const Json want = recorded("openapi_v3.json");
  EXPECT_EQ(keys(got), keys(want));
  EXPECT_EQ(keys(got["paths"]), keys(want["paths"]));
  EXPECT_EQ(got["paths"].size(), 36u);
  EXPECT_EQ(operations(got), operations(want));
  EXPECT_EQ(keys(got["components"]["schemas"]), keys(want["components"]["schemas"]));
  EXPECT_EQ(got["components"]["schemas"].size(), 58u);
  EXPECT_EQ(got["info"]["version"], "0.0.36");
}

TEST(OpenapiVersions, EachVersionAloneHasItsPathsAndSchemaNames) {
  for (const ApiVersion* v : default_release().versions) {
    const Json& got = v->openapi_document();
    const Json want = recorded("openapi_v3_only_" + v->name + ".json");
    EXPECT_EQ(keys(got["paths"]), keys(want["paths"])) << v->name;
    EXPECT_EQ(operations(got), operations(want)) << v->name;
    EXPECT_EQ(keys(got["components"]["schemas"]), keys(want["components"]["schemas"])) << v->name;
    EXPECT_EQ(got["info"]["version"], want["info"]["version"]) << v->name;
  }
}

TEST(OpenapiVersions, NewSchemasHaveTheRealPropertiesAndTypes) {
  const Json got = merged_profile()["components"]["schemas"];
  const Json want = recorded("openapi_v3.json")["components"]["schemas"];
  for (const char* name :
       {"v0.0.37_reservation", "v0.0.37_reservations_response", "v0.0.38_diag_rpcm",
        "v0.0.38_diag_rpcu", "v0.0.38_licenses", "v0.0.38_license"}) {
    ASSERT_TRUE(got.contains(name)) << name;
    EXPECT_EQ(keys(got[name]["properties"]), keys(want[name]["properties"])) << name;
    for (auto it = want[name]["properties"].begin(); it != want[name]["properties"].end(); ++it) {
      EXPECT_EQ(got[name]["properties"][it.key()].value("type", ""), it.value().value("type", ""))
          << name << "." << it.key();
    }
  }
}

}  // namespace
}  // namespace mock_slurmrestd
