// scontrol create/update/delete reservation: the controller's list of advance reservations
// (oracle: Slurm 26.05.5, mock_slurmrestd/tests/data/oracle/26.05/asked/routes/ 048-071, and
// how they shape scheduling: asked/resv_sched/).
#include <algorithm>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "scheduler_sim/hostlist.h"
#include "sim_state.h"

namespace scheduler_sim {

namespace {

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream ss(list);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

// When a running job ends at the latest (INFINITE: never).
SimTime latest_end(const Job& j) {
  return j.time_limit ? j.start_time + *j.time_limit * 60 : std::numeric_limits<SimTime>::max();
}

Reservation* find(std::vector<Reservation>& all, const std::string& name) {
  for (Reservation& r : all)
    if (r.name == name) return &r;
  return nullptr;
}

// Whether node i is kept during [start, end) by a reservation other than `self`.
bool reserved_elsewhere(const SimState& s, int i, SimTime start, SimTime end,
                        const Reservation* self) {
  for (const Reservation& o : s.reservations)
    if (&o != self && o.start_time < end && start < o.end_time &&
        std::binary_search(o.node_indices.begin(), o.node_indices.end(), i))
      return true;
  return false;
}

// node_count without node_list: the first `count` nodes of its partition (the default one when
// none is named, then listed as its partition) that no other reservation keeps meanwhile and no
// running job holds past its start (oracle: 26.05.5 picked queue2-dy-c5large-[1-3] and, with
// nodes 1-2 of the default queue1 reserved and busy, queue1-dy-t3micro-[3-4]); too few: 2016.
Status pick_nodes(SimState& s, int count, const Reservation* existing, Reservation* r) {
  const Partition* p = r->partition.empty() ? s.default_partition() : s.partition(r->partition);
  if (!p || count <= 0) return error(Errno::kNodesBusy);
  r->partition = p->config.name;
  std::vector<bool> busy(s.nodes.size(), false);
  if (!r->has_flag("IGNORE_JOBS"))
    for (const auto& [id, job] : s.jobs)
      if (job->state == JobState::kRunning && latest_end(*job) > r->start_time)
        for (const NodeAllocation& a : job->allocation) busy[a.node_index] = true;
  std::vector<int> chosen;
  for (int i : p->node_indices) {
    if (static_cast<int>(chosen.size()) == count) break;
    if (!busy[i] && !reserved_elsewhere(s, i, r->start_time, r->end_time, existing))
      chosen.push_back(i);
  }
  if (static_cast<int>(chosen.size()) < count) return error(Errno::kNodesBusy);
  std::sort(chosen.begin(), chosen.end());
  r->node_indices = chosen;
  std::vector<std::string> names;
  r->core_count = 0;
  for (int i : chosen) {
    names.push_back(s.nodes[i].config.name);
    r->core_count += s.nodes[i].config.cpus;
  }
  r->node_list = compress_hostlist(names);
  r->spec_nodes = false;
  return Status::Ok();
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
    r.spec_nodes = true;
  }
  // The span keeps its length when only the start moves; a duration counts from the start.
  const int64_t span = r.end_time - r.start_time;
  if (req.start_time) r.start_time = *req.start_time;
  else if (!existing) r.start_time = im.now;
  if (req.end_time) r.end_time = *req.end_time;
  else if (req.duration_minutes) r.end_time = r.start_time + *req.duration_minutes * 60;
  else if (existing) r.end_time = r.start_time + span;
  if (req.partition) r.partition = *req.partition;
  if (!existing && r.node_indices.empty() && !req.node_count) return error(Errno::kInvalidNodeName);
  if (!existing && !req.end_time && !req.duration_minutes) return error(Errno::kInvalidTimeValue);
  if (r.end_time <= r.start_time) return error(Errno::kInvalidTimeValue);
  if (req.users) r.users = *req.users;
  if (req.accounts) r.accounts = *req.accounts;
  if (req.groups) r.groups = *req.groups;
  if (req.group_ids) r.group_ids = *req.group_ids;
  if (req.purge_completed) r.purge_completed = *req.purge_completed;
  if (req.comment) r.comment = *req.comment;
  if (req.features) r.features = *req.features;
  if (req.flags) {
    r.flags.clear();
    for (std::string f : split_names(*req.flags)) {
      for (auto& c : f) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      r.flags.push_back(f);
    }
  }
  if (!req.node_list && req.node_count &&
      (!existing || *req.node_count != static_cast<int>(r.node_indices.size()))) {
    const Status picked = pick_nodes(im, *req.node_count, existing, &r);
    if (!picked.ok()) return picked;
  }
  // Nodes a running job holds past the start are busy (oracle: 2016 "Requested nodes are
  // busy" for a job without a time limit), unless the reservation ignores jobs.
  if (!r.has_flag("IGNORE_JOBS") && (!existing || req.node_list || req.start_time)) {
    for (const auto& [id, job] : im.jobs)
      if (job->state == JobState::kRunning)
        for (const NodeAllocation& a : job->allocation)
          if (std::binary_search(r.node_indices.begin(), r.node_indices.end(), a.node_index) &&
              latest_end(*job) > r.start_time)
            return error(Errno::kNodesBusy);
  }
  if (!existing) r.idle_since = std::max(r.start_time, im.now);
  if (existing) *existing = std::move(r);
  else im.reservations.push_back(std::move(r));
  const Reservation& kept = existing ? *existing : im.reservations.back();
  // The passes at its start and end move the jobs it keeps off its nodes or lets on; at its
  // end it goes (SimState::end_reservations), idle with PURGE_COMP earlier.
  for (SimTime t : {kept.start_time, kept.end_time})
    if (t > im.now) im.file_event(t, Event{EventKind::kWake, 0, 0});
  if (kept.has_flag("PURGE_COMP"))
    im.file_event(std::max(im.now, kept.idle_since + kept.purge_completed),
                  Event{EventKind::kWake, 0, 0});
  im.note("reservation ", req.name, existing ? " updated" : " created");
  im.schedule(0);
  return Status::Ok();
}

Status Simulator::delete_reservation(const std::string& name, const Identity& who) {
  Impl& im = *impl_;
  if (!im.is_admin(who)) return error(Errno::kUserIdMissing);
  auto it = std::find_if(im.reservations.begin(), im.reservations.end(),
                         [&name](const Reservation& r) { return r.name == name; });
  if (it == im.reservations.end()) return error(Errno::kInvalidReservation);
  // A job that names it and has not ended holds it (oracle: 2055, a running job's).
  for (const auto& [id, job] : im.jobs)
    if (job->spec.reservation == name &&
        (job->state == JobState::kPending || job->state == JobState::kRunning))
      return error(Errno::kReservationBusy);
  im.reservations.erase(it);
  im.note("reservation ", name, " deleted");
  im.schedule(0);
  return Status::Ok();
}

const std::vector<Reservation>& Simulator::reservations() const { return impl_->reservations; }

bool Reservation::has_flag(const std::string& flag) const {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

bool Reservation::permits(const Identity& who, const std::string& account) const {
  for (const std::string& u : split_names(users))
    if (u == who.name) return true;
  if (!account.empty())
    for (const std::string& a : split_names(accounts))
      if (a == account) return true;
  return std::find(group_ids.begin(), group_ids.end(), who.gid) != group_ids.end();
}

const Reservation* SimState::find_reservation(const std::string& name) const {
  for (const Reservation& r : reservations)
    if (r.name == name) return &r;
  return nullptr;
}

ReservationFence SimState::reservation_fence(const Job& job, const Partition& p) const {
  ReservationFence f;
  if (reservations.empty()) return f;
  const std::string& named = job.spec.reservation.value_or("");
  if (!named.empty()) {
    const Reservation* r = find_reservation(named);
    f.only = r ? &r->node_indices : nullptr;
    f.waiting = !r || !r->active_at(now);
    return f;
  }
  // Another job's reservation fences its nodes while it is active, and before it starts for
  // a job that would still run then.
  const SimTime end =
      job.time_limit ? now + *job.time_limit * 60 : std::numeric_limits<SimTime>::max();
  for (const Reservation& r : reservations) {
    if (r.end_time <= now || r.start_time >= end) continue;
    // Only the partition's nodes matter (a MAINT reservation elsewhere says nothing).
    const bool here = std::any_of(r.node_indices.begin(), r.node_indices.end(), [&p](int i) {
      return std::find(p.node_indices.begin(), p.node_indices.end(), i) != p.node_indices.end();
    });
    if (!here) continue;
    f.fenced.insert(f.fenced.end(), r.node_indices.begin(), r.node_indices.end());
    f.maint = f.maint || r.has_flag("MAINT");
  }
  std::sort(f.fenced.begin(), f.fenced.end());
  f.fenced.erase(std::unique(f.fenced.begin(), f.fenced.end()), f.fenced.end());
  return f;
}

}  // namespace scheduler_sim
