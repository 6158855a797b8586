// The accounting database's job history and association lookups (what slurmdbd answers).
#include <algorithm>
#include <stdexcept>

#include "scheduler_sim/accounting.h"
#include "scheduler_sim/hostlist.h"

namespace scheduler_sim {
namespace {

template <class T>
const T* by_name(const std::vector<T>& v, std::string_view name) {
  auto it = std::find_if(v.begin(), v.end(), [&](const T& x) { return x.name == name; });
  return it == v.end() ? nullptr : &*it;
}

template <class T>
bool listed(const std::vector<T>& wanted, const T& value) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

bool within(int value, int min, int max) {
  return (min == 0 || value >= min) && (max == 0 || value <= max);
}

bool ran_on_any(const std::string& hostlist, const std::vector<std::string>& wanted) {
  if (wanted.empty()) return true;
  if (hostlist.empty()) return false;
  try {
    for (const std::string& n : expand_hostlist(hostlist))
      if (std::find(wanted.begin(), wanted.end(), n) != wanted.end()) return true;
  } catch (const std::invalid_argument&) {}
  return false;
}

}  // namespace

Accounting::Accounting(AccountingSeed seed) : seed_(std::move(seed)) {}

const AccountRecord* Accounting::find_account(std::string_view name) const {
  return by_name(seed_.accounts, name);
}
const UserRecord* Accounting::find_user(std::string_view name) const {
  return by_name(seed_.users, name);
}
const QosRecord* Accounting::find_qos(std::string_view name) const {
  return by_name(seed_.qos, name);
}

std::string Accounting::account_of(const Job& job) const {
  if (job.spec.account && !job.spec.account->empty()) return *job.spec.account;
  const UserRecord* u = find_user(job.user.name);
  return u ? u->default_account : "";
}

std::string Accounting::qos_of(const std::string& account, const std::string& user,
                               const std::optional<std::string>& asked) const {
  if (asked && !asked->empty()) return *asked;
  for (const Association& a : seed_.associations)
    if (a.account == account && a.user == user && !a.default_qos.empty()) return a.default_qos;
  return "normal";
}

void Accounting::record(const Job& job) {
  JobRecord r;
  r.job_id = job.job_id;
  r.array_job_id = job.array_job_id;
  r.array_task_id = job.array_task_id;
  r.het_job_id = job.het_job_id;
  r.het_job_offset = job.het_job_offset;
  r.cluster = seed_.cluster;
  r.name = job.name;
  r.partition = job.partition;
  r.account = account_of(job);
  r.qos = qos_of(r.account, job.user.name, job.spec.qos);
  r.wckey = job.spec.wckey.value_or("");
  r.constraints = job.spec.constraints.value_or("");
  r.nodes = job.nodes;
  r.user = job.user;
  r.submit_time = job.submit_time;
  r.eligible_time = job.eligible_time;
  // A job that never started has no start (the controller stamps one; the database keeps 0
  // until the job has run).
  r.start_time = job.was_running || is_finished(job.state) ? job.start_time : 0;
  r.end_time = is_finished(job.state) ? job.end_time : 0;
  r.state = job.state;
  r.state_reason = job.state_reason;
  r.exit_status = is_finished(job.state) ? job.exit_status : 0;
  r.derived_exit_code = job.derived_exit_code;
  r.node_count = job.node_count;
  r.cpus = job.allocation.empty() ? 0 : job.cpus;
  for (const NodeAllocation& a : job.allocation) r.memory += a.memory;
  r.requested_cpus = job.requested_cpus;
  r.requested_nodes = job.requested_nodes;
  r.time_limit = job.time_limit;
  r.restart_count = job.restart_count;
  r.priority = job.priority;
  r.working_directory = job.spec.current_working_directory.value_or("");
  // A finished job's allocation is kept on its record: what it ran on stays in the history.
  if (auto it = jobs_.find(job.job_id);
      it != jobs_.end() && job.allocation.empty() && is_finished(job.state) && it->second.cpus) {
    r.cpus = it->second.cpus;
    r.memory = it->second.memory;
    if (r.nodes.empty()) r.nodes = it->second.nodes;
  }
  jobs_[job.job_id] = std::move(r);
}

uint32_t Accounting::association_id(const JobRecord& r) const {
  for (const Association& a : seed_.associations)
    if (a.cluster == r.cluster && a.account == r.account && a.user == r.user.name &&
        a.partition.empty())
      return a.id;
  return 0;
}

const JobRecord* Accounting::find_job(uint32_t job_id) const {
  auto it = jobs_.find(job_id);
  return it == jobs_.end() ? nullptr : &it->second;
}

std::vector<const JobRecord*> Accounting::jobs(const JobHistoryFilter& f) const {
  std::vector<const JobRecord*> out;
  for (const auto& [id, r] : jobs_) {
    if (!listed(f.accounts, r.account) || !listed(f.partitions, r.partition) ||
        !listed(f.job_names, r.name) || !listed(f.users, r.user.name) ||
        !listed(f.clusters, r.cluster) || !listed(f.qos, r.qos) || !listed(f.wckeys, r.wckey))
      continue;
    if (!listed(f.states, r.state) || !listed(f.constraints, r.constraints)) continue;
    if (!listed(f.job_ids, r.job_id)) continue;
    if (!f.associations.empty() && !listed(f.associations, association_id(r))) continue;
    if (!ran_on_any(r.nodes, f.nodes)) continue;
    const bool ran = r.cpus > 0;
    if (!within(ran ? r.cpus : r.requested_cpus, f.cpus_min, f.cpus_max) ||
        !within(ran ? r.node_count : r.requested_nodes, f.nodes_min, f.nodes_max))
      continue;
    if (f.end && (r.eligible_time == 0 || r.eligible_time >= *f.end)) continue;
    if (f.start && r.end_time != 0 && r.end_time < *f.start) continue;
    out.push_back(&r);
  }
  return out;
}

}  // namespace scheduler_sim
