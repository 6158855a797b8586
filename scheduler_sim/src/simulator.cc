// The Simulator facade: construction, time, inspection and reset. The work is done in the
// rooms next to this file (sim_state.h lists them).
#include "scheduler_sim/simulator.h"

#include <algorithm>
#include <utility>

#include "scheduling_pass.h"
#include "sim_state.h"

namespace scheduler_sim {

SimState::SimState(ClusterConfig cluster, SimOptions opts, SimTime start)
    : options(std::move(opts)), now(start), policy(make_priority_first_fit()) {
  config = std::move(cluster);
  stats.start_time = start;
  build_cluster(now);
  node_epochs.assign(nodes.size(), 0);
  for (size_t i = 0; i < nodes.size(); ++i) arm_idle_check(static_cast<int>(i));
  if (config.accounting_enabled) {
    AccountingSeed seed = config.accounting_seed ? *config.accounting_seed
                                                 : default_accounting_seed(config.cluster_name);
    accounting = std::make_unique<Accounting>(std::move(seed));
  }
}

SimState::SimState(SimState&&) noexcept = default;
SimState& SimState::operator=(SimState&&) noexcept = default;
SimState::~SimState() = default;

Simulator::Simulator(ClusterConfig config, SimOptions options)
    : impl_(std::make_unique<Impl>(std::move(config), options, options.start_time)) {}

Simulator::~Simulator() = default;

SimTime Simulator::now() const { return impl_->now; }

void Simulator::run_until(SimTime t) {
  while (impl_->process_next(t)) {}
  impl_->now = std::max(impl_->now, t);
}

bool Simulator::step() { return impl_->process_next(std::nullopt); }

std::optional<SimTime> Simulator::next_event_time() const { return impl_->next_event_time(); }

const Job* Simulator::find_job(uint32_t job_id) const {
  Job* j = impl_->job_at(job_id);
  if (j && j->state == JobState::kPending) impl_->settle_stamp(*j);
  return j;
}

std::vector<const Job*> Simulator::jobs() const {
  impl_->settle_all_stamps();
  std::vector<const Job*> out;
  out.reserve(impl_->jobs.size());
  for (const auto& [id, j] : impl_->jobs) out.push_back(j.get());
  return out;
}

const ClusterConfig& Simulator::config() const { return impl_->config; }

const Accounting* Simulator::accounting() const {
  SimState& s = *impl_;
  if (!s.accounting) return nullptr;
  // Fields that change between transitions (eligibility, updates) reach slurmdbd too.
  s.settle_all_stamps();
  for (const auto& [id, j] : s.jobs) s.accounting->record(*j);
  return s.accounting.get();
}
Accounting* Simulator::accounting_for_update() {
  accounting();
  return impl_->accounting.get();
}
const std::vector<Node>& Simulator::nodes() const { return impl_->nodes; }

const Node* Simulator::find_node(const std::string& name) const {
  for (const Node& n : impl_->nodes)
    if (n.config.name == name && !n.deleted) return &n;
  return nullptr;
}

const std::vector<Partition>& Simulator::partitions() const { return impl_->partitions; }
const Partition* Simulator::find_partition(const std::string& name) const {
  return impl_->partition(name);
}
const Partition* Simulator::default_partition() const { return impl_->default_partition(); }

// slurmctld rebuilds its job records: each heterogeneous component gets HETEROGENEOUS_JOB.
void Simulator::reconfigure() {
  for (auto& [id, job] : impl_->jobs)
    if (job->het_job_id != 0) job->het_flag = true;
}

// A fresh state from the same configuration and options, started now; the runner stays (its
// jobs are killed first) and the generation moves on. Built in place, so references to the
// configuration, nodes and partitions stay valid.
void Simulator::reset() {
  SimState& state = *impl_;
  for (uint32_t id : std::exchange(state.runner_jobs, {})) state.runner->on_kill(id);
  SimState fresh(std::move(state.config), state.options, state.now);
  fresh.runner = state.runner;
  fresh.generation = state.generation + 1;
  state = std::move(fresh);
}

const SimStats& Simulator::stats() const { return impl_->stats; }
uint32_t Simulator::next_job_id() const { return impl_->next_job_id; }
const std::deque<SimEvent>& Simulator::event_log() const { return impl_->log; }
uint64_t Simulator::generation() const { return impl_->generation; }

}  // namespace scheduler_sim
