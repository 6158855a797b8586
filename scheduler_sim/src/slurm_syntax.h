// Slurm's own syntax in job requests: dependency lists, node count ranges, job array
// expressions and begin times. Pure functions of their text (and the clock for begin times):
// unit-tested and fuzzed on their own.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scheduler_sim/job.h"

namespace scheduler_sim {

// A decimal number of at most 18 digits, nothing else.
bool parse_u64(const std::string& s, uint64_t* out);

// One dependency clause: "afterok:12:13", "after:12+5".
struct DepClause {
  // lower case: after, afterany, afterok, afternotok, aftercorr, afterburstbuffer, singleton
  std::string type;
  std::vector<uint32_t> job_ids;
  std::map<uint32_t, uint32_t> minutes;  // the "+M" of the job ids that carry one
  bool operator==(const DepClause&) const = default;
};

// "afterok:12:13,singleton" (all must hold) or "afterok:12?afterok:13" (any one will do:
// *either), a bare id meaning afterany outside either lists; false (and *out partly filled)
// when malformed. A list that mixes "," and "?" is an either list with *mixed set (24.11 takes
// it so, 26.05 refuses it).
bool parse_dependency(const std::string& text, std::vector<DepClause>* out, bool* either = nullptr,
                      bool* mixed = nullptr);

// Node count "N", "N-M" or "-M" (up to M); false when malformed.
bool parse_node_range(const std::string& s, int64_t* lo, std::optional<int64_t>* hi);

// A job array expression ("1-3,7", "0-9:2", "1-5%2") -> its indices, all below `max`, and its
// %N throttle (0 = none). Empty pieces are skipped, so "," yields no index.
bool parse_array_spec(const std::string& text, int64_t max, std::set<uint32_t>* indices,
                      uint32_t* max_tasks);

// Pending indices as Slurm prints array_task_string: "1-3,7", "0,2,4,6,8", plus "%N" when
// throttled.
std::string format_array_indices(const std::set<uint32_t>& indices, uint32_t max_tasks);

// A begin time in Slurm's time-string grammar (parse_slurm_time, scheduler_sim/slurm_time.h).
bool parse_begin_time(const std::string& raw, SimTime now, SimTime* out);

}  // namespace scheduler_sim
