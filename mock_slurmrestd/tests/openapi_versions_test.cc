// The /openapi/v3 of the 22.05 profile (v0.0.36, v0.0.37, v0.0.38) against the real daemon's
// recorded documents, whole: merged in both load orders and each version alone, every fact
// and key order at every depth, the served JSON and YAML bytes; only the prose is ours.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "api_version.h"
#include "json_writer.h"
#include "openapi_compare.h"
#include "openapi_merge.h"
#include "oracle_data.h"
#include "releases.h"
#include "yaml_codec.h"

namespace mock_slurmrestd {
namespace {

using testing::openapi_differences;
using testing::without_prose;

std::vector<const ApiVersion*> profile() { return default_release().versions; }

std::vector<const ApiVersion*> reversed_profile() {
  auto v = profile();
  std::reverse(v.begin(), v.end());
  return v;
}

Json merged(const std::vector<const ApiVersion*>& versions) {
  std::vector<const Json*> docs;
  for (const ApiVersion* v : versions) docs.push_back(&v->openapi_document());
  return merge_openapi(docs);
}

Json recording(const std::string& file) {
  return Json::parse(testing::read_oracle_file("22.05/openapi/" + file))["answer"];
}
Json recorded(const std::string& file) { return recording(file)["json"]; }

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

TEST(OpenapiVersions, ProfileLoadsTheDaemonsVersionsInItsOrder) {
  std::vector<std::string> names;
  for (const ApiVersion* v : profile()) names.push_back(v->plugin_type);
  EXPECT_EQ(names,
            (std::vector<std::string>{"openapi/v0.0.36", "openapi/v0.0.37", "openapi/v0.0.38"}));
}

// The daemon's merge, read off its own documents: the merged one is the first loaded version's
// whole document with each later one's paths and schemas added after (openapi_merge.h). So
// comparing each version's piece and the merged document covers the same facts twice.
TEST(OpenapiVersions, TheDaemonsMergedDocumentIsItsSingleDocumentsMerged) {
  std::vector<Json> singles;
  for (const ApiVersion* v : profile())
    singles.push_back(recorded("openapi_v3_only_" + v->name + ".json"));
  std::vector<const Json*> order{&singles[0], &singles[1], &singles[2]};
  EXPECT_EQ(openapi_differences(recorded("openapi_v3.json"), merge_openapi(order)), "");
  EXPECT_EQ(merge_openapi(order), recorded("openapi_v3.json"));  // prose included
  std::reverse(order.begin(), order.end());
  EXPECT_EQ(merge_openapi(order), recorded("openapi_v3_reversed.json"));
}

TEST(OpenapiVersions, EachVersionAloneIsTheRealDocument) {
  for (const ApiVersion* v : profile()) {
    const Json want = recorded("openapi_v3_only_" + v->name + ".json");
    const std::string problems = openapi_differences(want, v->openapi_document());
    EXPECT_EQ(problems, "") << v->name;
  }
}

TEST(OpenapiVersions, MergedDocumentIsTheRealDocument) {
  const Json got = merged(profile());
  EXPECT_EQ(openapi_differences(recorded("openapi_v3.json"), got), "");
  // The headline facts, stated plainly.
  EXPECT_EQ(got["paths"].size(), 36u);
  EXPECT_EQ(got["components"]["schemas"].size(), 58u);
  EXPECT_EQ(got["info"]["version"], "0.0.36");
}

TEST(OpenapiVersions, ReversedLoadOrderIsTheRealDocument) {
  const Json got = merged(reversed_profile());
  EXPECT_EQ(openapi_differences(recorded("openapi_v3_reversed.json"), got), "");
  EXPECT_EQ(got["info"]["version"], "0.0.38");
  EXPECT_EQ(keys(got["paths"]).front(), "/slurm/v0.0.38/diag");
}

// What differences.md row 37 once listed, checked by name so a regression reads plainly.
TEST(OpenapiVersions, EachVersionHasItsOwnOperationFlagsAndErrorAnswers) {
  const Json got = merged(profile());
  int operations = 0;
  std::vector<std::string> described_errors;  // default answers with a body schema
  for (auto p = got["paths"].begin(); p != got["paths"].end(); ++p) {
    const bool v36 = p.key().starts_with("/slurm/v0.0.36/");
    for (auto op = p.value().begin(); op != p.value().end(); ++op) {
      if (!op.value().is_object() || !op.value().contains("operationId")) continue;
      ++operations;
      EXPECT_EQ(op.value().contains("deprecated"), v36) << p.key() << " " << op.key();
      const Json& fallback = op.value()["responses"].value("default", Json::object());
      if (!fallback.contains("content")) continue;
      described_errors.push_back(p.key().substr(p.key().rfind('/') + 1));
      EXPECT_EQ(fallback["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/v0.0.38_errors")
          << p.key();
      EXPECT_TRUE(p.key().starts_with("/slurm/v0.0.38/")) << p.key();
    }
  }
  EXPECT_EQ(operations, 11 + 13 + 14);
  // Every v0.0.38 GET but /licenses and /job/{job_id}, and the submission.
  EXPECT_EQ(described_errors,
            (std::vector<std::string>{"diag", "ping", "jobs", "submit", "nodes", "{node_name}",
                                      "partitions", "{partition_name}", "reservations",
                                      "{reservation_name}"}));
  const Json& schemas = got["components"]["schemas"];
  EXPECT_EQ(schemas["v0.0.37_partition"]["properties"]["preemption_mode"]["type"], "array");
  EXPECT_EQ(schemas["v0.0.38_error"]["properties"].contains("error_number"), true);
  EXPECT_EQ(schemas["v0.0.38_job_response_properties"]["properties"]["job_id"]["type"], "integer");
  EXPECT_EQ(keys(schemas["v0.0.38_jobs_response"]["properties"]),
            (std::vector<std::string>{"meta", "errors", "jobs"}));
}

TEST(OpenapiVersions, ComparisonCatchesAnotherVersionsFacts) {
  Json broken = merged(profile());
  Json& paths = broken["paths"];
  // v0.0.36's flag on a v0.0.37 operation, a v0.0.38 default answer without its content, a
  // property list of the earlier version, a property out of order.
  paths["/slurm/v0.0.37/diag"]["get"]["deprecated"] = true;
  paths["/slurm/v0.0.38/nodes"]["get"]["responses"]["default"].erase("content");
  Json& schemas = broken["components"]["schemas"];
  schemas["v0.0.38_error"]["properties"] = schemas["v0.0.36_error"]["properties"];
  Json& node = schemas["v0.0.37_node"]["properties"];
  Json cpus = node["cpus"];
  node.erase("cpus");
  node["cpus"] = cpus;
  const std::string problems = openapi_differences(recorded("openapi_v3.json"), broken);
  for (const char* where : {"/paths//slurm/v0.0.37/diag/get/deprecated: extra",
                            "/paths//slurm/v0.0.38/nodes/get/responses/default/content: missing",
                            "/components/schemas/v0.0.38_error/properties/error_number: missing",
                            "/components/schemas/v0.0.38_error/properties/errno: extra",
                            "/components/schemas/v0.0.37_node/properties: keys in another order"}) {
    EXPECT_NE(problems.find(where), std::string::npos) << where << "\nin:\n" << problems;
  }
}

// The bytes served: the daemon's recorded body is its document in the daemon's JSON layout
// (json_writer), so with the prose masked ours must render to the very same bytes.
TEST(OpenapiVersions, ServedJsonIsTheDaemonsBytesApartFromProse) {
  const Json answer = recording("openapi_v3.json");
  const std::string real_text = to_slurm_json(answer["json"]);
  ASSERT_EQ(real_text.size(), answer["length"].get<size_t>());
  ASSERT_EQ(sha256_hex(real_text), answer["sha256"]);
  const OpenapiTexts served = render_openapi(merged(profile()));
  EXPECT_EQ(Json::parse(served.json), merged(profile()));
  EXPECT_TRUE(to_slurm_json(without_prose(Json::parse(served.json))) ==
              to_slurm_json(without_prose(answer["json"])));
}

TEST(OpenapiVersions, ServedYamlIsTheDaemonsBytesApartFromProse) {
  const std::string real_yaml = recording("openapi_v3_yaml.json")["body"];
  YamlOptions options;
  options.empty_string_as_null = false;
  const Json real = from_yaml(real_yaml);
  ASSERT_TRUE(to_yaml(real, options) == real_yaml) << "the YAML writer no longer matches";
  const OpenapiTexts served = render_openapi(merged(profile()));
  EXPECT_TRUE(to_yaml(without_prose(from_yaml(served.yaml)), options) ==
              to_yaml(without_prose(real), options));
}

// Only names, types and structure are facts: a text of ours may equal the daemon's only where
// it is the property's name spelled with spaces.
TEST(OpenapiVersions, ProseIsOurOwn) {
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
  walk(walk, recorded("openapi_v3.json"), merged(profile()), "", "");
  std::string all;
  for (const auto& c : copied) all += c + "\n";
  EXPECT_TRUE(copied.empty()) << copied.size() << " texts are the daemon's:\n" << all;
}

}  // namespace
}  // namespace mock_slurmrestd
