// The Slurm syntax parsers on their own: dependency lists, node ranges, arrays, time strings.
#include "slurm_syntax.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "scheduler_sim/slurm_time.h"

namespace scheduler_sim {
namespace {

std::optional<std::vector<DepClause>> dependency(const std::string& text) {
  std::vector<DepClause> out;
  if (!parse_dependency(text, &out)) return std::nullopt;
  return out;
}

TEST(SlurmSyntax, DependencyClausesBareIdsAndCase) {
  EXPECT_EQ(dependency("afterok:12:13,singleton"),
            (std::vector<DepClause>{{"afterok", {12, 13}}, {"singleton", {}}}));
  EXPECT_EQ(dependency("12"), (std::vector<DepClause>{{"afterany", {12}}}));  // bare id
  // A repeated id is one dependency (oracle, 24.11 and 26.05: "afterok:5:5" shows once).
  EXPECT_EQ(dependency("afterok:5:5"), (std::vector<DepClause>{{"afterok", {5}}}));
  EXPECT_EQ(dependency("AfterNotOK:7+30"),
            (std::vector<DepClause>{{"afternotok", {7}, {{7, 30}}}}));
  EXPECT_EQ(dependency("after:1,aftercorr:2"),
            (std::vector<DepClause>{{"after", {1}}, {"aftercorr", {2}}}));
  for (const char* bad : {"", "afterok", "singleton:3", "bogus:1", "afterok:0", "afterok:x", "a,,b",
                          "0", "4294967296"})
    EXPECT_EQ(dependency(bad), std::nullopt) << bad;
}

// Measured on 22.05, 24.11 and 26.05 (docs/oracle-notes/dependencies-flags-writes.md).
TEST(SlurmSyntax, DependencyEitherListsDelaysAndBurstBuffers) {
  std::vector<DepClause> out;
  bool either = false, mixed = true;
  ASSERT_TRUE(parse_dependency("afterok:3?afterok:5", &out, &either, &mixed));
  EXPECT_EQ(out, (std::vector<DepClause>{{"afterok", {3}, {}}, {"afterok", {5}, {}}}));
  EXPECT_TRUE(either);
  EXPECT_FALSE(mixed);
  out.clear();
  ASSERT_TRUE(parse_dependency("afterok:2,afterok:5?afterok:3", &out, &either, &mixed));
  EXPECT_EQ(out.size(), 3u);
  EXPECT_TRUE(either);
  EXPECT_TRUE(mixed);
  out.clear();
  ASSERT_TRUE(parse_dependency("afterok:2:5", &out, &either, &mixed));
  EXPECT_FALSE(either);
  EXPECT_FALSE(mixed);
  // Each job id carries its own delay.
  EXPECT_EQ(dependency("after:6+1:2+2:9"),
            (std::vector<DepClause>{{"after", {6, 2, 9}, {{6, 1}, {2, 2}}}}));
  EXPECT_EQ(dependency("afterburstbuffer:6+1"),
            (std::vector<DepClause>{{"afterburstbuffer", {6}, {{6, 1}}}}));
  EXPECT_EQ(dependency("singleton?afterok:5"),
            (std::vector<DepClause>{{"singleton", {}, {}}, {"afterok", {5}, {}}}));
  // Bare ids in an either list, empty items, and delays that are not a positive number.
  for (const char* bad : {"5?3", "afterok:5?3", "afterok:5?", "?afterok:5", "afterok:5??afterok:6",
                          "after:6+0", "after:6+x", "after:6+-1", "after:6+", "after:+1"})
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

// Slurm time strings, each as the real 22.05 daemon resolved it as a begin_time (measured on
// 2026-12-07 at 00:17:19 UTC, docs/oracle-notes/jobs-input.md). The machine's zone was UTC;
// the test runs in UTC too.
class SlurmTimeTest : public ::testing::Test {
 protected:
  static constexpr SimTime kMeasured = 1796602639;  // 2026-12-07T00:17:19Z
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
  }
  static SimTime utc(const char* iso) {
    std::tm tm{};
    EXPECT_NE(strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm), nullptr) << iso;
    return static_cast<SimTime>(timegm(&tm));
  }
};

TEST_F(SlurmTimeTest, AcceptedFormsResolveAsTheDaemonResolvedThem) {
  const std::pair<const char*, const char*> cases[] = {
      {"now", "2026-12-07T00:17:19"},
      {"NOW", "2026-12-07T00:17:19"},
      {"  now", "2026-12-07T00:17:19"},
      {"now  ", "2026-12-07T00:17:19"},
      {"now+60", "2026-12-07T00:18:19"},
      {"now+ 60", "2026-12-07T00:18:19"},
      {"now + 60", "2026-12-07T00:18:19"},
      {"now+1 2", "2026-12-07T00:17:31"},
      {"now+0", "2026-12-07T00:17:19"},
      {"now-60", "2026-12-07T00:16:19"},
      {"now+1second", "2026-12-07T00:17:20"},
      {"now+1seconds", "2026-12-07T00:17:20"},
      {"now+60 seconds", "2026-12-07T00:18:19"},
      {"now+1minute", "2026-12-07T00:18:19"},
      {"now+1minutes ", "2026-12-07T00:18:19"},
      {"now+2hour", "2026-12-07T02:17:19"},
      {"now+1 hours", "2026-12-07T01:17:19"},
      {"now+1HOUR", "2026-12-07T01:17:19"},
      {"now +1hour", "2026-12-07T01:17:19"},
      {"now+1day", "2026-12-08T00:17:19"},
      {"now+1days", "2026-12-08T00:17:19"},
      {"now+1week", "2026-12-14T00:17:19"},
      {"now+1Week", "2026-12-14T00:17:19"},
      {"now+1hour tomorrow", "2026-12-08T01:17:19"},
      {"now+1hour 16:00", "2026-12-07T16:00:00"},
      {"now+1hour now", "2026-12-07T00:17:19"},
      {"16:00 now", "2026-12-07T00:17:19"},
      {"today", "2026-12-07T00:00:00"},
      {"tomorrow", "2026-12-08T00:00:00"},
      {"tomorrow tomorrow", "2026-12-08T00:00:00"},
      {"midnight", "2026-12-08T00:00:00"},
      {"Midnight", "2026-12-08T00:00:00"},
      {"noon", "2026-12-07T12:00:00"},
      {"NOON", "2026-12-07T12:00:00"},
      {"noon midnight", "2026-12-08T00:00:00"},
      {"fika", "2026-12-07T15:00:00"},
      {"FIKA", "2026-12-07T15:00:00"},
      {"teatime", "2026-12-07T16:00:00"},
      {"16:00", "2026-12-07T16:00:00"},
      {"4:00", "2026-12-07T04:00:00"},
      {"16:00:30", "2026-12-07T16:00:30"},
      {"23:59:59", "2026-12-07T23:59:59"},
      {"0:05", "2026-12-08T00:05:00"},
      {"00:00", "2026-12-08T00:00:00"},
      {"0:00", "2026-12-08T00:00:00"},
      {"4:00pm", "2026-12-07T16:00:00"},
      {"4:00PM", "2026-12-07T16:00:00"},
      {"4:00Pm", "2026-12-07T16:00:00"},
      {"4:00 PM", "2026-12-07T16:00:00"},
      {"4:00 am", "2026-12-07T04:00:00"},
      {"12:00am", "2026-12-08T00:00:00"},
      {"0:00am", "2026-12-08T00:00:00"},
      {"12:00pm", "2026-12-07T12:00:00"},
      {"12:00:00pm", "2026-12-07T12:00:00"},
      {"0:30pm", "2026-12-07T12:30:00"},
      {"T16:00", "2026-12-07T16:00:00"},
      {"16:00 tomorrow", "2026-12-08T16:00:00"},
      {"16:00  tomorrow", "2026-12-08T16:00:00"},
      {"tomorrow 16:00", "2026-12-08T16:00:00"},
      {"noon tomorrow", "2026-12-08T12:00:00"},
      {"tomorrow noon", "2026-12-08T12:00:00"},
      {"noon today", "2026-12-07T12:00:00"},
      {"today 23:00", "2026-12-07T23:00:00"},
      {"today 00:10", "2026-12-07T00:10:00"},
      {"tomorrow 00:10", "2026-12-08T00:10:00"},
      {"1225", "2026-12-25T00:00:00"},
      {"122527", "2027-12-25T00:00:00"},
      {"12/25", "2026-12-25T00:00:00"},
      {"12/25/27", "2027-12-25T00:00:00"},
      {"12.25", "2026-12-25T00:00:00"},
      {"12.25.27", "2027-12-25T00:00:00"},
      {"1/2", "2027-01-02T00:00:00"},
      {"0102", "2027-01-02T00:00:00"},
      {"12/06", "2027-12-06T00:00:00"},
      {"12/07", "2027-12-07T00:00:00"},
      {"12/07 23:00", "2026-12-07T23:00:00"},
      {"12/07 00:10", "2027-12-07T00:10:00"},
      {"01/02/03", "2003-01-02T00:00:00"},
      {"010203", "2003-01-02T00:00:00"},
      {"12/25/50", "2050-12-25T00:00:00"},
      {"12/25/70", "2070-12-25T00:00:00"},
      {"02/29/28", "2028-02-29T00:00:00"},
      {"02/30/27", "2027-03-02T00:00:00"},
      {"12/25 16:00", "2026-12-25T16:00:00"},
      {"16:00 12/25", "2026-12-25T16:00:00"},
      {"1225 16:00", "2026-12-25T16:00:00"},
      {"12/25/27 16:00", "2027-12-25T16:00:00"},
      {"2027-01-02", "2027-01-02T00:00:00"},
      {"2027-01-02T03:04", "2027-01-02T03:04:00"},
      {"2027-01-02T03:04:05", "2027-01-02T03:04:05"},
      {"2027-01-02 03:04:05", "2027-01-02T03:04:05"},
      {"2027-01-02T03:04:05 16:00", "2027-01-02T16:00:00"},
      {"2027-01-02 noon", "2027-01-02T12:00:00"},
      {"noon 2027-01-02", "2027-01-02T12:00:00"},
      {"2027-02-29", "2027-03-01T00:00:00"},
      {"2027-02-30", "2027-03-02T00:00:00"},
      {"2026-12-07T23:59:59", "2026-12-07T23:59:59"},
      {"9999-12-31", "9999-12-31T00:00:00"},
      {"1969-12-31", "1969-12-31T00:00:00"},
      {"uts1796702400", "2026-12-08T04:00:00"},
      {"UTS1796702400", "2026-12-08T04:00:00"},
  };
  for (const auto& [text, expected] : cases) {
    const SlurmTime t = parse_slurm_time(text, kMeasured);
    ASSERT_TRUE(t.value.has_value()) << text;
    EXPECT_EQ(*t.value, utc(expected)) << text;
    EXPECT_FALSE(t.flagged) << text;
  }
  SimTime begin = 0;
  ASSERT_TRUE(parse_begin_time("now+1hour", kMeasured, &begin));
  EXPECT_EQ(begin, kMeasured + 3600);
}

TEST_F(SlurmTimeTest, RefusedFormsAreRefusedAsTheDaemonRefusedThem) {
  // Refused by the grammar: the daemon's errno 2054.
  for (const char* text : {"now+1min",
                           "now+1mins",
                           "now+1m",
                           "now+1sec",
                           "now+1secs",
                           "now+1s",
                           "now+2h",
                           "now+1d",
                           "now+1w",
                           "now+1month",
                           "now+1x",
                           "now+",
                           "now+1h30m",
                           "now+1hours+1",
                           "now+1.5hours",
                           "now+1hour+",
                           "now+1hour5",
                           "now 16:00",
                           "now tomorrow",
                           "TODAY",
                           "Today",
                           "TOMORROW",
                           "Tomorrow",
                           "TEATIME",
                           "Teatime",
                           "elevenses",
                           "noonx",
                           "midnight+1",
                           "today+1hour",
                           "noon+60",
                           "4pm",
                           "4PM",
                           "4:00a",
                           "16:00am",
                           "13:00pm",
                           "25:00",
                           "24:00",
                           "12:60",
                           "1:2",
                           "16:0",
                           "016:00",
                           "16:00:60",
                           "9:05:3",
                           "t16:00",
                           "12/25/2027",
                           "12.25.2027",
                           "12252027",
                           "13/01",
                           "00/10",
                           "12/00",
                           "12/32",
                           "1200",
                           "1232",
                           "12-25",
                           "2027/01/02",
                           "2027-1-2",
                           "2027-13-01",
                           "2027-01-32",
                           "2027-01-02T3:4",
                           "2027-01-02T03",
                           "2027-01-02t03:04",
                           "2027-01-02T03:04:05Z",
                           "1796602400",
                           "0",
                           "garbage",
                           "uts999999",
                           "uts1796702400 ",
                           "uts",
                           "uts-1796702400"}) {
    const SlurmTime t = parse_slurm_time(text, kMeasured);
    EXPECT_FALSE(t.value.has_value()) << text << " -> " << t.value.value_or(0);
    EXPECT_TRUE(t.flagged) << text;
  }
  // Texts that name no time: refused without the errno (the daemon's process-failed entry
  // keeps -1).
  for (const char* text : {"", "   ", "-", "T"}) {
    const SlurmTime t = parse_slurm_time(text, kMeasured);
    EXPECT_FALSE(t.value.has_value()) << text;
    EXPECT_FALSE(t.flagged) << text;
  }
}

// Counts past 64 bits: the daemon's long overflows (its result is undefined); the mock refuses.
TEST_F(SlurmTimeTest, AnOverflowingCountIsRefused) {
  EXPECT_FALSE(parse_slurm_time("now+99999999999999999999", kMeasured).value.has_value());
  EXPECT_FALSE(parse_slurm_time("now+9999999999999999weeks", kMeasured).value.has_value());
}

// The parser reads only up to a newline or NUL, as the daemon's C string does.
TEST_F(SlurmTimeTest, ANewlineOrNulEndsTheText) {
  EXPECT_EQ(parse_slurm_time("noon\ngarbage", kMeasured).value, utc("2026-12-07T12:00:00"));
  EXPECT_EQ(parse_slurm_time(std::string_view("noon\0garbage", 12), kMeasured).value,
            utc("2026-12-07T12:00:00"));
}

}  // namespace
}  // namespace scheduler_sim
