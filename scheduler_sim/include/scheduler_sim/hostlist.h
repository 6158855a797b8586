// Slurm hostlist expressions: "n[01-04,7]" <-> {"n01","n02","n03","n04","n7"}.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scheduler_sim {

// Expands a hostlist expression; throws std::invalid_argument on malformed input.
std::vector<std::string> expand_hostlist(std::string_view expr);
// Compresses host names the way Slurm prints them (sorted ranges, zero padding kept).
std::string compress_hostlist(const std::vector<std::string>& hosts);

}  // namespace scheduler_sim
