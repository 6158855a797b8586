// Accept negotiation as the real 22.05 daemon reads the header (docs/oracle-notes/http.md).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "app.h"

namespace mock_slurmrestd {
namespace {

Format format_for(std::optional<std::string> accept) {
  Request r;
  if (accept) r.headers.emplace("accept", *accept);
  return negotiate(r);
}

TEST(Negotiate, NoHeaderIsJson) { EXPECT_EQ(format_for(std::nullopt), Format::kJson); }

TEST(Negotiate, PresentHeaderWithoutEntriesIsUnknown) {
  for (const char* a : {"", "  ", ",", ",,", " , "})
    EXPECT_EQ(format_for(a), Format::kUnknown) << a;
}

TEST(Negotiate, EntryTypeIsFirstNonEmptyPieceWithoutCase) {
  for (const char* a : {"application/json", "APPLICATION/JSON", "*/*", "application/json;q=0",
                        "application/json; charset=utf-8", ";application/json",
                        "application/json;;;", "x,application/json", ",,application/json,,",
                        "application/json\t", "text/html, */*", "*/*;"}) {
    EXPECT_EQ(format_for(a), Format::kJson) << a;
  }
  EXPECT_EQ(format_for(";;text/yaml"), Format::kTextYaml);
  EXPECT_EQ(format_for("TEXT/YAML;"), Format::kTextYaml);
  EXPECT_EQ(format_for("text/plain, application/x-yaml"), Format::kYaml);
}

TEST(Negotiate, UnknownTypes) {
  for (const char* a :
       {"application/*", "text/*", "*", "*/json", "json", "application/jsonx", "application/yaml",
        "text/x-yaml", "application/vnd.api+json", "a;b", "garbage"}) {
    EXPECT_EQ(format_for(a), Format::kUnknown) << a;
  }
}

// Entries of only ';' kill the real daemon; here they name nothing, and the others still count.
TEST(Negotiate, SemicolonOnlyEntriesNameNothing) {
  EXPECT_EQ(format_for(";"), Format::kUnknown);
  EXPECT_EQ(format_for(";;;"), Format::kUnknown);
  EXPECT_EQ(format_for(";;, text/yaml"), Format::kTextYaml);
}

// The real pick among several known types depends on heap addresses; with two entries the last
// won in every measurement, which is the rule here. q-values never decide.
TEST(Negotiate, LastKnownTypeWins) {
  EXPECT_EQ(format_for("application/json, text/yaml"), Format::kTextYaml);
  EXPECT_EQ(format_for("text/yaml, application/json"), Format::kJson);
  EXPECT_EQ(format_for("application/json;q=1, application/x-yaml;q=0.1"), Format::kYaml);
}

}  // namespace
}  // namespace mock_slurmrestd
