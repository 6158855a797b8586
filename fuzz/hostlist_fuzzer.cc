// libFuzzer target: hostlist expressions. Checks that compressing an expansion and expanding
// it again names the same hosts (compress sorts and drops duplicates, as Slurm's does).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "scheduler_sim/hostlist.h"

namespace {

// Far below the real cap: a million-host expansion per input would starve the fuzzer, and the
// cap's own logic is exercised all the same.
constexpr size_t kMaxHosts = 10000;

std::vector<std::string> as_set(std::vector<std::string> hosts) {
  std::sort(hosts.begin(), hosts.end());
  hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
  return hosts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string expr(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> hosts;
  try {
    hosts = scheduler_sim::expand_hostlist(expr, kMaxHosts);
  } catch (const std::invalid_argument&) {
    return 0;  // refused expression
  }
  if (hosts.size() > kMaxHosts) std::abort();  // the cap did not hold
  std::string compressed = scheduler_sim::compress_hostlist(hosts);
  std::vector<std::string> again = scheduler_sim::expand_hostlist(compressed, kMaxHosts);
  if (as_set(again) != as_set(hosts)) std::abort();  // compress/expand must round-trip
  return 0;
}
