// The daemon's reading of --cpu-freq text, from measurements (see cpu_frequency.h).
#include "v0_0_36/cpu_frequency.h"

#include <strings.h>

#include <cctype>
#include <cstdlib>

namespace mock_slurmrestd::v0_0_36 {
namespace {

constexpr uint32_t kLow = 0x80000001, kMedium = 0x80000002, kHigh = 0x80000003,
                   kHighM1 = 0x80000004;
constexpr uint32_t kConservative = 0x88000000, kPerformance = 0x82000000, kPowerSave = 0x81000000,
                   kUserSpace = 0x80800000, kOnDemand = 0x84000000;
// slurm.conf's CpuFreqGovernors when not set (the fixtures do not set it).
constexpr uint32_t kAllowedGovernors = kOnDemand | kPerformance | kUserSpace;

bool starts_with(const std::string& s, const char* word) {
  return strncasecmp(s.c_str(), word, std::char_traits<char>::length(word)) == 0;
}

// A governor named by its first letters; 0 when the text names none.
uint32_t governor_of(const std::string& s) {
  if (starts_with(s, "co")) return kConservative;
  if (starts_with(s, "perf")) return kPerformance;
  if (starts_with(s, "pow")) return kPowerSave;
  if (starts_with(s, "user")) return kUserSpace;
  if (starts_with(s, "onde")) return kOnDemand;
  return 0;
}

// A frequency word or number; 0 when the text is neither.
uint32_t frequency_of(const std::string& s) {
  if (starts_with(s, "lo")) return kLow;
  if (starts_with(s, "him1") || starts_with(s, "highm1")) return kHighM1;
  if (starts_with(s, "hi")) return kHigh;
  if (starts_with(s, "med")) return kMedium;
  return static_cast<uint32_t>(std::strtoul(s.c_str(), nullptr, 10));
}

}  // namespace

std::optional<CpuFrequency> read_cpu_frequency(const std::string& text) {
  const size_t colon = text.find(':');
  const size_t dash = text.find('-');
  std::optional<std::string> low, high, governor;
  if (colon != std::string::npos) governor = text.substr(colon + 1);
  if (dash != std::string::npos) {
    low = text.substr(0, dash);
    high = colon == std::string::npos || colon < dash ? text.substr(dash + 1)
                                                      : text.substr(dash + 1, colon - dash - 1);
  } else {
    low = text.substr(0, colon);
  }
  CpuFrequency out;
  if (uint32_t g = governor_of(*low)) {
    if (governor) return std::nullopt;  // a governor twice
    out.governor = g;
  } else {
    const uint32_t f = frequency_of(*low);
    if (f == 0) return std::nullopt;
    out.maximum = f;
  }
  if (high) {
    const uint32_t f = frequency_of(*high);
    if (f == 0) return std::nullopt;
    // A governor first leaves no minimum: the range then always falls.
    if (!out.maximum || f < *out.maximum) return std::nullopt;
    out.minimum = out.maximum;
    out.maximum = f;
  }
  if (governor) {
    if (!high) return std::nullopt;
    const uint32_t g = governor_of(*governor);
    if (g == 0) return std::nullopt;
    out.governor = g;
  }
  if (out.governor && (*out.governor & kAllowedGovernors & 0x7FFFFFFF) == 0) return std::nullopt;
  return out;
}

}  // namespace mock_slurmrestd::v0_0_36
