// Hostlist expansion/compression against what Slurm's scontrol prints.
#include "scheduler_sim/hostlist.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

namespace scheduler_sim {
namespace {

using V = std::vector<std::string>;

TEST(ExpandHostlist, ParallelClusterRange) {
  V h = expand_hostlist("queue1-dy-t3micro-[1-10]");
  ASSERT_EQ(h.size(), 10u);
  EXPECT_EQ(h.front(), "queue1-dy-t3micro-1");
  EXPECT_EQ(h.back(), "queue1-dy-t3micro-10");
}

TEST(ExpandHostlist, KeepsZeroPaddingAndSingles) {
  EXPECT_EQ(expand_hostlist("n[01-04,7]"), (V{"n01", "n02", "n03", "n04", "n7"}));
  EXPECT_EQ(expand_hostlist("n[08-10]"), (V{"n08", "n09", "n10"}));
}

TEST(ExpandHostlist, CommaListsAndPlainNames) {
  EXPECT_EQ(expand_hostlist("a,b[1-2]"), (V{"a", "b1", "b2"}));
  EXPECT_EQ(expand_hostlist("a,,b"), (V{"a", "b"}));
  EXPECT_EQ(expand_hostlist(""), V{});
}

TEST(ExpandHostlist, SeveralBracketGroups) {
  EXPECT_EQ(expand_hostlist("n[1-2]x[3-4]"), (V{"n1x3", "n1x4", "n2x3", "n2x4"}));
}

TEST(ExpandHostlist, MalformedThrows) {
  for (const char* bad : {"n[3-1]", "n[1-3", "n]", "n[a-b]", "n[]", "n[1,,3]", "n[[1]]", "a b"}) {
    EXPECT_THROW(expand_hostlist(bad), std::invalid_argument) << bad;
  }
}

TEST(CompressHostlist, RangesLikeSlurm) {
  EXPECT_EQ(compress_hostlist({"n01", "n02", "n03", "n04", "n07"}), "n[01-04,07]");
  EXPECT_EQ(compress_hostlist({"n9", "n10"}), "n[9-10]");
  EXPECT_EQ(compress_hostlist({"n09", "n10"}), "n[09-10]");
  EXPECT_EQ(compress_hostlist({"n01", "n2", "n03"}), "n[01,2,03]");
  EXPECT_EQ(compress_hostlist({"q-dy-1"}), "q-dy-1");
  EXPECT_EQ(compress_hostlist({}), "");
}

TEST(CompressHostlist, SortsNumericallyPerPrefixAndDedupes) {
  EXPECT_EQ(compress_hostlist({"b2", "a1", "a3", "a2", "c"}), "a[1-3],b2,c");
  EXPECT_EQ(compress_hostlist({"n10", "n2", "n1", "n2"}), "n[1-2,10]");
  EXPECT_EQ(compress_hostlist({"n1x", "n2x"}), "n1x,n2x");
}

TEST(Hostlist, RoundTrip) {
  std::string expr = "queue1-dy-t3micro-[1-10],queue2-dy-c5large-[1-3,5]";
  EXPECT_EQ(compress_hostlist(expand_hostlist(expr)), expr);
}

TEST(ExpandHostlist, SeveralRangesCannotMultiplyPastTheCap) {
  EXPECT_THROW(expand_hostlist("n[1-1000]x[1-1000]y[1-1000]"), std::invalid_argument);
  EXPECT_THROW(expand_hostlist("n[0-999999,0-999999]"), std::invalid_argument);
  EXPECT_EQ(expand_hostlist("n[1-1000]x[1-1000]").size(), 1000000u);
  EXPECT_EQ(expand_hostlist("n[1-5]", 5).size(), 5u);
  EXPECT_THROW(expand_hostlist("n[1-6]", 5), std::invalid_argument);
  EXPECT_THROW(expand_hostlist("a,b,c,d,e,f", 5), std::invalid_argument);
  EXPECT_THROW(expand_hostlist("n[1-2]x[1-3]", 5), std::invalid_argument);
  EXPECT_EQ(expand_hostlist("n[1-2]x[1-3]", 6).size(), 6u);
}

// Found by fuzz_hostlist: names that end after the brackets compress to a sorted list, which
// expands to the same set of hosts (the fuzzer's round-trip compares sets).
TEST(Hostlist, SuffixAfterBracketsRoundTripsAsASet) {
  std::vector<std::string> hosts = expand_hostlist("q-[1-10]-");
  ASSERT_EQ(hosts.size(), 10u);
  std::vector<std::string> again = expand_hostlist(compress_hostlist(hosts));
  std::sort(hosts.begin(), hosts.end());
  std::sort(again.begin(), again.end());
  EXPECT_EQ(again, hosts);
}

}  // namespace
}  // namespace scheduler_sim
