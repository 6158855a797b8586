// The Slurm syntax parsers on their own: dependency lists, node ranges, arrays, begin times.
#include "slurm_syntax.h"

#include <gtest/gtest.h>

#include <ctime>
#include <optional>
#include <set>
#include <vector>

namespace scheduler_sim {
namespace {

constexpr SimTime kNow = 1700000000;

std::optional<std::vector<DepClause>> dependency(const std::string& text) {
  std::vector<DepClause> out;
  if (!parse_dependency(text, &out)) return std::nullopt;
  return out;
}

TEST(SlurmSyntax, DependencyClausesBareIdsAndCase) {
  EXPECT_EQ(dependency("afterok:12:13,singleton"),
            (std::vector<DepClause>{{"afterok", {12, 13}}, {"singleton", {}}}));
  EXPECT_EQ(dependency("12"), (std::vector<DepClause>{{"afterany", {12}}}));  // bare id
  EXPECT_EQ(dependency("AfterNotOK:7+30"), (std::vector<DepClause>{{"afternotok", {7}}}));
  EXPECT_EQ(dependency("after:1,aftercorr:2"),
            (std::vector<DepClause>{{"after", {1}}, {"aftercorr", {2}}}));
  for (const char* bad : {"", "afterok", "singleton:3", "bogus:1", "afterok:0", "afterok:x", "a,,b",
                          "0", "4294967296"})
    EXPECT_EQ(dependency(bad), std::nullopt) << bad;
}

TEST(SlurmSyntax, NodeRanges) {
  int64_t lo = 0;
  std::optional<int64_t> hi;
  ASSERT_TRUE(parse_node_range("2", &lo, &hi));
  EXPECT_EQ(lo, 2);
  EXPECT_EQ(hi, 2);
  ASSERT_TRUE(parse_node_range("1-3", &lo, &hi));
  EXPECT_EQ(lo, 1);
  EXPECT_EQ(hi, 3);
  ASSERT_TRUE(parse_node_range("-4", &lo, &hi));  // "up to 4" (oracle)
  EXPECT_EQ(lo, 1);
  EXPECT_EQ(hi, 4);
  for (const char* bad : {"", "x", "1-", "1-x", "2+", "--3"})
    EXPECT_FALSE(parse_node_range(bad, &lo, &hi)) << bad;
}

TEST(SlurmSyntax, ArraysStepsThrottlesAndLimits) {
  std::set<uint32_t> idx;
  uint32_t throttle = 99;
  ASSERT_TRUE(parse_array_spec("1-3,7", 1001, &idx, &throttle));
  EXPECT_EQ(idx, (std::set<uint32_t>{1, 2, 3, 7}));
  EXPECT_EQ(throttle, 0u);
  idx.clear();
  ASSERT_TRUE(parse_array_spec("0-9:2", 1001, &idx, &throttle));
  EXPECT_EQ(idx, (std::set<uint32_t>{0, 2, 4, 6, 8}));
  idx.clear();
  ASSERT_TRUE(parse_array_spec("1-5%2", 1001, &idx, &throttle));
  EXPECT_EQ(idx, (std::set<uint32_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(throttle, 2u);
  idx.clear();
  ASSERT_TRUE(parse_array_spec("[1-3]", 1001, &idx, &throttle));
  EXPECT_EQ(idx, (std::set<uint32_t>{1, 2, 3}));
  idx.clear();
  ASSERT_TRUE(parse_array_spec(",", 1001, &idx, &throttle));  // empty pieces are skipped
  EXPECT_TRUE(idx.empty());
  for (const char* bad : {"5-1", "1-1001", "1001", "0-9:0", "0-9:1001", "-1", "1-3x", "a"}) {
    idx.clear();
    EXPECT_FALSE(parse_array_spec(bad, 1001, &idx, &throttle)) << bad;
  }
}

TEST(SlurmSyntax, ArrayIndicesPrintAsSlurmDoes) {
  EXPECT_EQ(format_array_indices({1, 2, 3, 7}, 0), "1-3,7");
  EXPECT_EQ(format_array_indices({0, 2, 4}, 0), "0,2,4");
  EXPECT_EQ(format_array_indices({5}, 0), "5");
  EXPECT_EQ(format_array_indices({1, 2, 3}, 2), "1-3%2");
}

TEST(SlurmSyntax, BeginTimes) {
  SimTime t = 0;
  ASSERT_TRUE(parse_begin_time("now", kNow, &t));
  EXPECT_EQ(t, kNow);
  ASSERT_TRUE(parse_begin_time("NOW+90", kNow, &t));  // seconds by default, any case
  EXPECT_EQ(t, kNow + 90);
  ASSERT_TRUE(parse_begin_time("now+2hours", kNow, &t));
  EXPECT_EQ(t, kNow + 7200);
  ASSERT_TRUE(parse_begin_time("now+3d", kNow, &t));
  EXPECT_EQ(t, kNow + 3 * 86400);
  ASSERT_TRUE(parse_begin_time("1700000100", kNow, &t));
  EXPECT_EQ(t, 1700000100);
  ASSERT_TRUE(parse_begin_time("2030-01-02T03:04:05", kNow, &t));
  std::tm tm{};
  tm.tm_year = 130, tm.tm_mon = 0, tm.tm_mday = 2, tm.tm_hour = 3, tm.tm_min = 4, tm.tm_sec = 5;
  tm.tm_isdst = -1;
  EXPECT_EQ(t, static_cast<SimTime>(std::mktime(&tm)));  // local time, as Slurm reads it
  for (const char* bad : {"", "now+", "now+1x", "later", "2030-13-01", "2030-01-01T25:00"})
    EXPECT_FALSE(parse_begin_time(bad, kNow, &t)) << bad;
}

}  // namespace
}  // namespace scheduler_sim
