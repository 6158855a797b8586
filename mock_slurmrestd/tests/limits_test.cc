// Request bodies that are deep, or expand without end, are refused before they can hurt.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "body.h"
#include "router.h"
#include "yaml_codec.h"

namespace mock_slurmrestd {
namespace {

std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

Request json_post(const std::string& body) {
  Request r;
  r.method = "POST";
  r.headers.emplace("content-type", "application/json");
  r.body = body;
  return r;
}

TEST(JsonNestingDepth, CountsArraysAndObjectsOutsideStrings) {
  EXPECT_EQ(json_nesting_depth(""), 0);
  EXPECT_EQ(json_nesting_depth("1"), 0);
  EXPECT_EQ(json_nesting_depth("[]"), 1);
  EXPECT_EQ(json_nesting_depth(R"({"a":[{"b":[]}],"c":{}})"), 4);
  EXPECT_EQ(json_nesting_depth(R"({"a":"[[[[{{{{"})"), 1);
  EXPECT_EQ(json_nesting_depth(R"({"a":"\"[[[["})"), 1);  // an escaped quote ends nothing
  EXPECT_EQ(json_nesting_depth(R"(["\\",[[]]])"), 3);     // an escaped backslash does
  EXPECT_EQ(json_nesting_depth("]]]][["), 2);             // malformed text still scans
  EXPECT_EQ(json_nesting_depth(nested(100000)), 100000);
}

TEST(DecodeBody, JsonDeeperThan32IsUnparsable) {
  EXPECT_TRUE(decode_body(json_post(nested(kMaxBodyNesting))).has_value());
  EXPECT_FALSE(decode_body(json_post(nested(kMaxBodyNesting + 1))).has_value());
  // Deep enough to overflow the stack of any recursive reader: refused, not a crash.
  EXPECT_FALSE(decode_body(json_post(nested(1000000))).has_value());
}

std::string yaml_nested(int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += std::string(i * 2, ' ') + "- \n";
  return text + std::string(depth * 2, ' ') + "x\n";
}

TEST(FromYaml, NestingIsLimitedLikeJson) {
  EXPECT_NO_THROW(from_yaml(yaml_nested(kMaxYamlNesting)));
  EXPECT_THROW(from_yaml(yaml_nested(kMaxYamlNesting + 1)), std::invalid_argument);
  EXPECT_THROW(from_yaml(nested(100000)), std::invalid_argument);  // flow style
}

TEST(FromYaml, AliasesCannotExpandWithoutEnd) {
  // Each level doubles: 2^40 values from a few hundred bytes.
  std::string bomb = "a0: &a0 [x, x]\n";
  for (int i = 1; i <= 40; ++i) {
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) +
            ", *a" + std::to_string(i - 1) + "]\n";
  }
  try {
    from_yaml(bomb);
    ADD_FAILURE() << "alias bomb accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("expand too far"), std::string::npos) << e.what();
  }
  // Ordinary aliases still work.
  Json doc = from_yaml("base: &b {cpus: 2}\njob: *b\n");
  EXPECT_EQ(doc["job"]["cpus"], 2);
}

TEST(FromYaml, AliasesCannotBuildDepthEither) {
  // Every level nests the previous one: 20 lines, depth 40.
  std::string text = "a0: &a0 [[x]]\n";
  for (int i = 1; i <= 20; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [[*a" + std::to_string(i - 1) +
            "]]\n";
  }
  EXPECT_THROW(from_yaml(text), std::invalid_argument);
}

}  // namespace
}  // namespace mock_slurmrestd
