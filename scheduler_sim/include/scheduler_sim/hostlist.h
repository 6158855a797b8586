// Slurm hostlist expressions: "n[01-04,7]" <-> {"n01","n02","n03","n04","n7"}.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace scheduler_sim {

// The most hosts one expression may name. Each range is limited to a million numbers already;
// this bounds what several ranges in one name multiply to.
inline constexpr size_t kMaxHostlistHosts = 1000000;

// Expands a hostlist expression; throws std::invalid_argument on malformed input or when it
// names more than max_hosts hosts.
std::vector<std::string> expand_hostlist(std::string_view expr,
                                         size_t max_hosts = kMaxHostlistHosts);
// Compresses host names the way Slurm prints them (sorted ranges, zero padding kept).
std::string compress_hostlist(const std::vector<std::string>& hosts);

}  // namespace scheduler_sim
