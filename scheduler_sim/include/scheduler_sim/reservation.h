// Advance reservations (scontrol create/update/delete reservation) as the controller keeps
// them: during its time a reservation's nodes run only the jobs that name it, and only jobs of
// its users or accounts may name it (docs/simulator.md "Reservations"; what is not modelled:
// docs/differences.md N11).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scheduler_sim/job.h"

namespace scheduler_sim {

struct Reservation {
  std::string name;
  std::vector<int> node_indices;  // into Simulator::nodes(), in the cluster's order
  std::string node_list;          // the nodes as a compressed hostlist
  SimTime start_time = 0, end_time = 0;
  int core_count = 0;  // the CPUs of its nodes
  std::string users, accounts, groups, comment, partition, features, licenses, burst_buffer;
  std::vector<std::string> flags;   // as given, upper-cased (MAINT, IGNORE_JOBS, ...)
  bool spec_nodes = true;           // its nodes were named (else picked by node_count)
  std::vector<uint32_t> group_ids;  // `groups` as group ids: a job owner's group may name it
  int64_t purge_completed = 300;    // PURGE_COMP: seconds idle before it is purged
  SimTime idle_since = 0;           // PURGE_COMP: since when no job has named it

  // At its end it leaves the list and its running jobs end (TIMEOUT, TimeLimit).
  bool active_at(SimTime t) const { return start_time <= t && t < end_time; }
  bool has_flag(const std::string& flag) const;
  // Whether a job of `who`, charged to `account`, may name it: its user, account or (primary)
  // group is listed.
  bool permits(const Identity& who, const std::string& account) const;
};

// A create or an update: what was given (an update changes only those).
struct ReservationRequest {
  std::string name;
  std::optional<std::string> node_list;  // a hostlist expression
  std::optional<SimTime> start_time, end_time;
  std::optional<int64_t> duration_minutes;
  std::optional<std::string> users, accounts, groups, comment, partition, features;
  std::optional<std::string> flags;  // comma-separated names
  std::optional<int> node_count;     // without node_list: the controller picks the nodes
  std::optional<std::vector<uint32_t>> group_ids;  // `groups` resolved by the caller
  std::optional<int64_t> purge_completed;          // seconds
};

}  // namespace scheduler_sim
