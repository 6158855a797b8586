// SCHEDULER_SIM_JOB_SPEC_FIELDS (job.h) names every JobSpec member once, in declaration order.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scheduler_sim/job.h"

namespace scheduler_sim {
namespace {

// Converts to any member type: T{AnyField{}, ...} compiles for as many values as the aggregate
// T has members, and no more.
struct AnyField {
  template <class T>
  operator T&() const&&;  // never called (unevaluated)
};

template <class T, std::size_t... I>
constexpr bool brace_takes(std::index_sequence<I...>) {
  return requires { T{(void(I), AnyField{})...}; };
}

template <class T, std::size_t N = 0>
constexpr std::size_t member_count() {
  if constexpr (brace_takes<T>(std::make_index_sequence<N + 1>{})) return member_count<T, N + 1>();
  else return N;
}

struct Probe {
  std::string a;
  std::optional<std::string> b;
  std::vector<std::string> c;
  std::map<std::string, std::string> d;
  std::optional<int64_t> e;
  std::optional<bool> f;
};
static_assert(member_count<Probe>() == 6, "the member counter counts JobSpec's kinds of member");

constexpr std::size_t listed_fields() {
  std::size_t n = 0;
  for_each_job_spec_field([&n](const char*, auto) { ++n; });
  return n;
}

// A field added to JobSpec and not to the list would be lost by a restart and invisible from
// Python: add it to SCHEDULER_SIM_JOB_SPEC_FIELDS.
static_assert(listed_fields() == member_count<JobSpec>(),
              "SCHEDULER_SIM_JOB_SPEC_FIELDS (job.h) misses a JobSpec member");

TEST(JobSpecFieldsTest, TheListFollowsTheDeclarationOrderWithoutRepeats) {
  JobSpec spec;
  const char* base = reinterpret_cast<const char*>(&spec);
  std::vector<std::pair<std::string, std::ptrdiff_t>> offsets;
  for_each_job_spec_field([&](const char* name, auto member) {
    offsets.emplace_back(name, reinterpret_cast<const char*>(&(spec.*member)) - base);
  });
  ASSERT_EQ(offsets.size(), member_count<JobSpec>());
  EXPECT_EQ(offsets.front().second, 0) << offsets.front().first << " is not the first member";
  for (std::size_t i = 1; i < offsets.size(); ++i)
    EXPECT_LT(offsets[i - 1].second, offsets[i].second)
        << offsets[i - 1].first << " is listed before " << offsets[i].first;
}

}  // namespace
}  // namespace scheduler_sim
