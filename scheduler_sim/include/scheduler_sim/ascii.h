// ASCII case folding: Slurm's syntax (keywords, units, states) and HTTP header names compare
// case-insensitively, and neither depends on the locale.
#pragma once

#include <string>
#include <string_view>

namespace scheduler_sim {

inline char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

}  // namespace scheduler_sim
