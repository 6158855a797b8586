// Byte-for-byte checks of to_slurm_json against bodies captured from the real daemon.
#include "json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "oracle_data.h"
#include "releases.h"
#include "v0_0_36/plugin.h"

namespace mock_slurmrestd {
namespace {

using testing::read_oracle_file;

class OracleBodies : public ::testing::TestWithParam<const char*> {};

TEST_P(OracleBodies, RendersIdenticalBytes) {
  const std::string body = read_oracle_file(GetParam());
  ASSERT_FALSE(body.empty());
  const Json doc = Json::parse(body);
  EXPECT_EQ(to_slurm_json(doc), body);
}

INSTANTIATE_TEST_SUITE_P(Captures, OracleBodies,
                         ::testing::Values("format/ping.json", "format/partitions.json",
                                           "format/nodes.json", "format/diag.json",
                                           "format/job_completed.json", "format/job_escapes.json",
                                           "openapi_v3.json"));

TEST(JsonWriter, EmptyContainersSpanTwoLines) {
  Json doc = {{"errors", Json::array()}, {"job", {{"res", Json::object()}}}};
  EXPECT_EQ(to_slurm_json(doc),
            "{\n  \"errors\": [\n  ],\n  \"job\": {\n    \"res\": {\n    }\n  }\n}");
  EXPECT_EQ(to_slurm_json(Json::object()), "{\n}");
  EXPECT_EQ(to_slurm_json(Json::array()), "[\n]");
}

TEST(JsonWriter, EscapesLikeTheDaemon) {
  const std::string raw = std::string("a/b\"c\\d\te\nf\x01g\x1f\x7fh") + "\xc3\xa9";
  EXPECT_EQ(to_slurm_json(Json(raw)), "\"a\\/b\\\"c\\\\d\\te\\nf\\u0001g\\u001f\x7fh\xc3\xa9\"");
  EXPECT_EQ(to_slurm_json(Json("\b\f\r")), "\"\\b\\f\\r\"");
}

TEST(JsonWriter, DoublesUseSeventeenDigitsAndKeepAPoint) {
  EXPECT_EQ(to_slurm_json(Json(1.0)), "1.0");
  EXPECT_EQ(to_slurm_json(Json(0.0)), "0.0");
  EXPECT_EQ(to_slurm_json(Json(-2.5)), "-2.5");
  EXPECT_EQ(to_slurm_json(Json(0.1)), "0.10000000000000001");
  EXPECT_EQ(to_slurm_json(Json(1e20)), "1e+20");
  EXPECT_EQ(to_slurm_json(Json(3e16)), "30000000000000000.0");
  EXPECT_EQ(to_slurm_json(Json(std::numeric_limits<double>::infinity())), "Infinity");
  EXPECT_EQ(to_slurm_json(Json(std::nan(""))), "NaN");
}

TEST(JsonWriter, IntegersBoolsAndNull) {
  Json doc = {
      {"a", -1}, {"b", std::uint64_t{18446744073709551615ULL}}, {"c", true}, {"d", nullptr}};
  EXPECT_EQ(to_slurm_json(doc),
            "{\n  \"a\": -1,\n  \"b\": 18446744073709551615,\n  \"c\": true,\n  \"d\": null\n}");
}

TEST(JsonWriter, AppendKeepsExistingBytes) {
  std::string out = "x";
  append_slurm_json(Json::array({1, "s"}), out);
  EXPECT_EQ(out, "x[\n  1,\n  \"s\"\n]");
}

// The envelope's meta is written from pre-rendered text: the bytes must be those of the whole
// document rendered the ordinary way, with and without errors and data.
TEST(JsonWriter, AnEnvelopeRendersAsItsWholeDocument) {
  const Meta meta = rendered_meta(v0_0_36::meta(default_release()));
  Envelope empty(meta);
  EXPECT_EQ(envelope_json(empty.body(), meta), to_slurm_json(empty.doc()));

  Envelope env(meta);
  env.add_error("Job is held", 1234);
  env["job_id"] = 17;
  env["jobs"] = Json::array({Json{{"name", "a/b"}, {"nodes", Json::array()}}});
  const std::string fast = envelope_json(env.body(), meta);
  EXPECT_EQ(fast, to_slurm_json(env.doc()));
  EXPECT_EQ(
      fast.rfind("{\n  \"meta\": {\n    \"plugin\": {\n      \"type\": \"openapi\\/v0.0.36\"", 0),
      0u)
      << fast;
  EXPECT_NE(fast.find("\"errors\": [\n    {\n      \"error\": \"Job is held\""), std::string::npos);
}

}  // namespace
}  // namespace mock_slurmrestd
