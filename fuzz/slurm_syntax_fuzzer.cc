// libFuzzer target: the simulator's Slurm syntax parsers (dependency lists, node ranges, job
// array expressions, begin times), each on the whole input. Checks what an accepted text
// promises: well-formed clauses, ordered ranges, indices below the limit that print and parse
// back to the same set.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "slurm_syntax.h"

namespace {

constexpr int64_t kMaxArray = 1001;  // MaxArraySize's default
constexpr scheduler_sim::SimTime kNow = 1700000000;

void check_dependency(const std::string& text) {
  std::vector<scheduler_sim::DepClause> clauses;
  if (!scheduler_sim::parse_dependency(text, &clauses)) return;
  if (clauses.empty()) std::abort();
  for (const scheduler_sim::DepClause& c : clauses) {
    if ((c.type == "singleton") != c.job_ids.empty()) std::abort();
    for (uint32_t id : c.job_ids)
      if (id == 0) std::abort();
  }
}

void check_node_range(const std::string& text) {
  int64_t lo = -1;
  std::optional<int64_t> hi;
  if (!scheduler_sim::parse_node_range(text, &lo, &hi)) return;
  if (lo < 0 || !hi || *hi < 0) std::abort();
}

void check_array(const std::string& text) {
  std::set<uint32_t> indices;
  uint32_t throttle = 0;
  if (!scheduler_sim::parse_array_spec(text, kMaxArray, &indices, &throttle)) return;
  for (uint32_t i : indices)
    if (i >= kMaxArray) std::abort();
  if (indices.empty()) return;
  const std::string printed = scheduler_sim::format_array_indices(indices, throttle);
  std::set<uint32_t> again;
  uint32_t throttle_again = 0;
  if (!scheduler_sim::parse_array_spec(printed, kMaxArray, &again, &throttle_again) ||
      again != indices || throttle_again != throttle)
    std::abort();  // what Slurm prints must read back as the same array
}

// An accepted time string names an instant that reads back as itself ("uts<N>"), and the same
// text resolves the same way again (no hidden state).
void check_begin_time(const std::string& text) {
  scheduler_sim::SimTime t = 0;
  if (!scheduler_sim::parse_begin_time(text, kNow, &t)) return;
  scheduler_sim::SimTime again = 0;
  if (!scheduler_sim::parse_begin_time(text, kNow, &again) || again != t) std::abort();
  if (t >= 1000000) {
    scheduler_sim::SimTime back = 0;
    if (!scheduler_sim::parse_begin_time("uts" + std::to_string(t), kNow, &back) || back != t)
      std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  check_dependency(text);
  check_node_range(text);
  check_array(text);
  check_begin_time(text);
  return 0;
}
