// Group names by gid, as the job dumps print them (`group_name`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace mock_slurmrestd {

// The local group's name, else the gid in decimal (as the daemon prints an unknown group).
// Cached: every job of a list asks, and each getgrgid_r reads /etc/group through NSS (36,000
// instructions, about 8% of a job's rendering in the data_parser dumps, when measured); the
// cache is dropped when /etc/group changes.
std::string group_name(uint32_t gid);

// The gid of a local group of that name (or a decimal gid), if there is one (a reservation's
// `groups`).
std::optional<uint32_t> group_id(const std::string& name);

}  // namespace mock_slurmrestd
