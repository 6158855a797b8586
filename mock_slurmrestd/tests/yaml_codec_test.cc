// to_yaml against the real daemon's YAML bodies; from_yaml on request-body shapes.
#include "yaml_codec.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "oracle_data.h"

namespace mock_slurmrestd {
namespace {

using testing::read_oracle_file;

// Each pair was captured back to back (JSON, then Accept: text/yaml) from the same state.
class OraclePairs : public ::testing::TestWithParam<const char*> {};

TEST_P(OraclePairs, YamlMatchesDaemonBytes) {
  const std::string base = std::string("format/") + GetParam();
  const Json doc = Json::parse(read_oracle_file(base + ".json"));
  EXPECT_EQ(to_yaml(doc), read_oracle_file(base + ".yaml"));
}

INSTANTIATE_TEST_SUITE_P(Captures, OraclePairs,
                         ::testing::Values("ping", "partitions", "nodes", "diag", "job_completed",
                                           "job_escapes"));

TEST(ToYaml, OpenapiDocumentKeepsEmptyStrings) {
  const Json doc = Json::parse(read_oracle_file("openapi_v3.json"));
  YamlOptions opt;
  opt.empty_string_as_null = false;
  EXPECT_EQ(to_yaml(doc, opt), read_oracle_file("format/openapi_v3.yaml"));
}

TEST(ToYaml, ScalarsCarryExplicitTags) {
  const Json doc = {{"s", "x"},     {"i", -3}, {"f", 2.0},           {"b", false},
                    {"n", nullptr}, {"e", ""}, {"a", Json::array()}, {"o", Json::object()}};
  EXPECT_EQ(to_yaml(doc),
            "%YAML 1.1\n--- !!map\n!!str s: !!str x\n!!str i: !!int -3\n"
            "!!str f: !!float 2.000000\n!!str b: !!bool false\n!!str n: !!null null\n"
            "!!str e: !!null null\n!!str a: !!seq []\n!!str o: !!map {}\n...\n");
}

TEST(FromYaml, ParsesSubmissionBody) {
  const Json j = from_yaml(
      "script: \"#!/bin/bash\\ntrue\"\njob:\n  name: t\n  time_limit: 5\n  hold: true\n"
      "  nice: -2\n  ratio: 1.5\n  comment: '42'\n  account: ~\n  environment:\n    PATH: /bin\n"
      "  argv: [a, b]\n");
  EXPECT_EQ(j["script"], "#!/bin/bash\ntrue");
  EXPECT_EQ(j["job"]["name"], "t");
  EXPECT_EQ(j["job"]["time_limit"], 5);
  EXPECT_EQ(j["job"]["hold"], true);
  EXPECT_EQ(j["job"]["nice"], -2);
  EXPECT_DOUBLE_EQ(j["job"]["ratio"].get<double>(), 1.5);
  EXPECT_EQ(j["job"]["comment"], "42");  // quoted stays a string
  EXPECT_TRUE(j["job"]["account"].is_null());
  EXPECT_EQ(j["job"]["environment"]["PATH"], "/bin");
  EXPECT_EQ(j["job"]["argv"], Json::array({"a", "b"}));
  // Key order is kept.
  EXPECT_EQ(j.begin().key(), "script");
}

TEST(FromYaml, JsonBodiesAreYaml) {
  const Json j = from_yaml(R"({"script": "x", "job": {"environment": {"A": "1"}, "n": [1, 2]}})");
  EXPECT_EQ(j["job"]["environment"]["A"], "1");
  EXPECT_EQ(j["job"]["n"], Json::array({1, 2}));
}

TEST(FromYaml, ExplicitTagsAndAliases) {
  const Json j = from_yaml("a: !!str 12\nb: !!int '7'\nc: &x [1]\nd: *x\n");
  EXPECT_EQ(j["a"], "12");
  EXPECT_EQ(j["b"], 7);
  EXPECT_EQ(j["d"], Json::array({1}));
  EXPECT_THROW(from_yaml("a: !!int abc\n"), std::invalid_argument);
}

TEST(FromYaml, RoundTripsOurOwnOutput) {
  const Json doc = Json::parse(read_oracle_file("format/job_escapes.json"));
  const Json back = from_yaml(to_yaml(doc, YamlOptions{false}));
  EXPECT_EQ(back, doc);
}

TEST(FromYaml, EmptyBodyIsNull) {
  EXPECT_TRUE(from_yaml("").is_null());
  EXPECT_TRUE(from_yaml("~").is_null());
}

TEST(FromYaml, BadYamlThrowsInvalidArgument) {
  EXPECT_THROW(from_yaml("{{{"), std::invalid_argument);
  EXPECT_THROW(from_yaml("key: 'unterminated"), std::invalid_argument);
  EXPECT_THROW(from_yaml("a: b: c"), std::invalid_argument);
  EXPECT_THROW(from_yaml("? [1, 2]\n: v\n"), std::invalid_argument);  // non-scalar key
  EXPECT_THROW(from_yaml("a: 1\n---\nb: 2\n"), std::invalid_argument);
  try {
    from_yaml("a:\n  - x\n b: y\n");
    ADD_FAILURE() << "expected a throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("line"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mock_slurmrestd
