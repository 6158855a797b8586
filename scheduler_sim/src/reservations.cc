// scontrol create/update/delete reservation: the controller's list of advance reservations
// (oracle: Slurm 26.05.5, mock_slurmrestd/tests/data/oracle/26.05/asked/routes/ 048-071).
#include <algorithm>
#include <stdexcept>

#include "scheduler_sim/hostlist.h"
#include "sim_state.h"

namespace scheduler_sim {

namespace {

Reservation* find(std::vector<Reservation>& all, const std::string& name) {
  for (Reservation& r : all)
    if (r.name == name) return &r;
  return nullptr;
}

}  // namespace

Status Simulator::set_reservation(const ReservationRequest& req, const Identity& who) {
  Impl& im = *impl_;
  if (!im.is_admin(who)) return error(Errno::kUserIdMissing);
  if (req.name.empty()) return error(Errno::kInvalidReservation);
  Reservation* existing = find(im.reservations, req.name);
  Reservation r = existing ? *existing : Reservation{};
  r.name = req.name;
  if (req.node_list) {
    std::vector<std::string> names;
    try {
      names = expand_hostlist(*req.node_list);
    } catch (const std::exception&) {
      return error(Errno::kInvalidNodeName);
    }
    std::vector<int> indices;
    for (const std::string& n : names) {
      const Node* node = find_node(n);
      if (!node) return error(Errno::kInvalidNodeName);
      indices.push_back(static_cast<int>(node - im.nodes.data()));
    }
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    r.node_indices = indices;
    std::vector<std::string> sorted;
    r.core_count = 0;
    for (int i : indices) {
      sorted.push_back(im.nodes[i].config.name);
      r.core_count += im.nodes[i].config.cpus;
    }
    r.node_list = compress_hostlist(sorted);
  }
  // The span keeps its length when only the start moves; a duration counts from the start.
  const int64_t span = r.end_time - r.start_time;
  if (req.start_time) r.start_time = *req.start_time;
  else if (!existing) r.start_time = im.now;
  if (req.end_time) r.end_time = *req.end_time;
  else if (req.duration_minutes) r.end_time = r.start_time + *req.duration_minutes * 60;
  else if (existing) r.end_time = r.start_time + span;
  if (!existing && r.node_indices.empty()) return error(Errno::kInvalidNodeName);
  if (!existing && !req.end_time && !req.duration_minutes) return error(Errno::kInvalidTimeValue);
  if (r.end_time <= r.start_time) return error(Errno::kInvalidTimeValue);
  if (req.users) r.users = *req.users;
  if (req.accounts) r.accounts = *req.accounts;
  if (req.groups) r.groups = *req.groups;
  if (req.comment) r.comment = *req.comment;
  if (req.partition) r.partition = *req.partition;
  if (req.features) r.features = *req.features;
  if (existing) *existing = std::move(r);
  else im.reservations.push_back(std::move(r));
  im.note("reservation ", req.name, existing ? " updated" : " created");
  return Status::Ok();
}

Status Simulator::delete_reservation(const std::string& name, const Identity& who) {
  Impl& im = *impl_;
  if (!im.is_admin(who)) return error(Errno::kUserIdMissing);
  auto it = std::find_if(im.reservations.begin(), im.reservations.end(),
                         [&name](const Reservation& r) { return r.name == name; });
  if (it == im.reservations.end()) return error(Errno::kInvalidReservation);
  im.reservations.erase(it);
  im.note("reservation ", name, " deleted");
  return Status::Ok();
}

const std::vector<Reservation>& Simulator::reservations() const { return impl_->reservations; }

}  // namespace scheduler_sim
