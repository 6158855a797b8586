// Advance reservations (scontrol create/update/delete reservation) as the controller keeps
// them. The simulator records them and shows them; it does not keep other jobs off their nodes
// (docs/differences.md N11).
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
};

// A create or an update: what was given (an update changes only those).
struct ReservationRequest {
  std::string name;
  std::optional<std::string> node_list;  // a hostlist expression
  std::optional<SimTime> start_time, end_time;
  std::optional<int64_t> duration_minutes;
  std::optional<std::string> users, accounts, groups, comment, partition, features;
};

}  // namespace scheduler_sim
