// Structural comparison of our OpenAPI document with the real daemon's (saved fixture).
#include "v0_0_36/openapi.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "openapi_compare.h"
#include "openapi_merge.h"
#include "oracle_data.h"
#include "yaml_codec.h"

namespace mock_slurmrestd::v0_0_36 {
namespace {

using mock_slurmrestd::testing::compare;
using mock_slurmrestd::testing::compare_key_order;
using mock_slurmrestd::testing::read_oracle_file;

const Json& real_document() {
  static const Json doc = Json::parse(read_oracle_file("openapi_v3.json"));
  return doc;
}

TEST(Openapi, FactsMatchTheRealDocument) {
  std::vector<std::string> problems;
  compare(real_document(), openapi_document(), "", problems);
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  EXPECT_TRUE(problems.empty()) << problems.size() << " differences:\n" << all;
}

TEST(Openapi, ComparatorCatchesMissingAndRetypedProperties) {
  Json broken = openapi_document();
  broken["components"]["schemas"]["v0.0.36_node"]["properties"].erase("cpus");
  broken["components"]["schemas"]["v0.0.36_partition"]["properties"]["max_time_limit"]["format"] =
      "int32";
  broken["components"]["schemas"]["v0.0.36_job_properties"]["properties"]["nodes"]["items"]
        ["type"] = "string";
  std::vector<std::string> problems;
  compare(real_document(), broken, "", problems);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_NE(problems[0].find("max_time_limit/format"), std::string::npos) << problems[0];
}

TEST(Openapi, SameKeyOrderAsRealDocument) {
  std::vector<std::string> real_keys, our_keys;
  for (auto it = real_document().begin(); it != real_document().end(); ++it)
    real_keys.push_back(it.key());
  for (auto it = openapi_document().begin(); it != openapi_document().end(); ++it)
    our_keys.push_back(it.key());
  EXPECT_EQ(our_keys, real_keys);
  std::vector<std::string> real_schemas, our_schemas;
  for (auto& [k, v] : real_document()["components"]["schemas"].items()) real_schemas.push_back(k);
  for (auto& [k, v] : openapi_document()["components"]["schemas"].items()) our_schemas.push_back(k);
  EXPECT_EQ(our_schemas, real_schemas);
}

TEST(Openapi, SameKeyOrderAtEveryDepth) {
  std::vector<std::string> problems;
  compare_key_order(real_document(), openapi_document(), "", problems);
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  EXPECT_TRUE(problems.empty()) << problems.size() << " objects in another order:\n" << all;
  // The ones that once differed: a fact listed before "type".
  const Json& jp =
      openapi_document()["components"]["schemas"]["v0.0.36_job_properties"]["properties"];
  EXPECT_EQ(jp["nodes"].begin().key(), "maxItems");
  EXPECT_EQ(jp["signal"].begin().key(), "pattern");
}

// What the server sends with only v0.0.36 loaded (openapi_merge.h).
const OpenapiTexts& served() {
  static const OpenapiTexts texts = render_openapi(merge_openapi({&openapi_document()}));
  return texts;
}
const std::string& openapi_document_text() { return served().json; }
const std::string& openapi_document_yaml() { return served().yaml; }

TEST(Openapi, DescriptionsAreOurOwn) {
  // Copying the daemon's prose is not allowed; spot-check a few distinctive sentences.
  const std::string text = openapi_document_text();
  // (info's title, terms, contact and license are names and addresses: facts, kept.)
  for (const char* theirs :
       {"methods that query slurmctld", "API to access and control Slurm", "Slurm Job ID",
        "unable to request ping test", "Properties of an HetJob"}) {
    EXPECT_EQ(text.find(theirs), std::string::npos) << theirs;
  }
}

TEST(Openapi, TextUsesDaemonJsonLayout) {
  const std::string& text = openapi_document_text();
  EXPECT_EQ(text.rfind("{\n  \"tags\": [\n    {\n      \"name\": \"slurm\",", 0), 0u);
  EXPECT_NE(text.find("\"\\/slurm\\/v0.0.36\\/diag\": {"), std::string::npos);
  EXPECT_EQ(text.back(), '}');
  EXPECT_EQ(Json::parse(text), openapi_document());
}

TEST(Openapi, YamlRenderingParsesBack) {
  const std::string& yaml = openapi_document_yaml();
  EXPECT_EQ(yaml.rfind("%YAML 1.1\n--- !!map\n!!str tags: !!seq\n", 0), 0u);
  EXPECT_EQ(from_yaml(yaml), openapi_document());
}

}  // namespace
}  // namespace mock_slurmrestd::v0_0_36
