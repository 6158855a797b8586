// Slurm numbers that can be unset or infinite, as v0.0.40 and later print them:
// {"set", "infinite", "number"} in that order.
#pragma once

#include <cstdint>
#include <optional>

#include "envelope.h"

namespace mock_slurmrestd::v0_0_40 {

inline Json number(int64_t value) {
  Json n = reserved_object(3);
  n["set"] = true;
  n["infinite"] = false;
  n["number"] = value;
  return n;
}
// NO_VAL.
inline Json unset_number() {
  Json n = reserved_object(3);
  n["set"] = false;
  n["infinite"] = false;
  n["number"] = 0;
  return n;
}
inline Json infinite_number() {
  Json n = reserved_object(3);
  n["set"] = false;
  n["infinite"] = true;
  n["number"] = 0;
  return n;
}
// A limit: unset (std::nullopt) is INFINITE, as for a partition's MaxTime.
inline Json limit_number(const std::optional<int64_t>& v) {
  return v ? number(*v) : infinite_number();
}
inline Json optional_number(const std::optional<int64_t>& v) {
  return v ? number(*v) : unset_number();
}

}  // namespace mock_slurmrestd::v0_0_40
