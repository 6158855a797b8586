// App: the simulator behind one mutex, kept in step with the wall clock by the Pacer.
#include "app.h"

#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <vector>

#include "auth.h"
#include "exec/local_runner.h"
#include "group_names.h"
#include "json_writer.h"

namespace mock_slurmrestd {

int64_t wall_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Pacer::Pacer(ClockMode mode, double scale, scheduler_sim::SimTime start)
    : mode_(mode), scale_(scale), start_(start), wall_start_(std::chrono::steady_clock::now()) {}

scheduler_sim::SimTime Pacer::target() const {
  switch (mode_) {
    case ClockMode::kManual: return start_ + offset_;
    case ClockMode::kReal:
    case ClockMode::kScaled: {
      double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
      double factor = mode_ == ClockMode::kReal ? 1.0 : scale_;
      return start_ + static_cast<int64_t>(std::floor(elapsed * factor)) + offset_;
    }
  }
  return start_ + offset_;
}

std::optional<std::chrono::steady_clock::time_point> Pacer::moment_of(
    scheduler_sim::SimTime t) const {
  if (mode_ == ClockMode::kManual) return std::nullopt;
  const double factor = mode_ == ClockMode::kReal ? 1.0 : scale_;
  // target() floors the scaled elapsed time: a millisecond past the exact moment, so that
  // it has reached t when the waiter wakes.
  const double seconds = static_cast<double>(t - start_ - offset_) / factor + 0.001;
  return wall_start_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                           std::chrono::duration<double>(std::max(seconds, 0.0)));
}

void Pacer::set_mode(ClockMode mode, double scale) {
  // Re-anchor so that simulated time continues from where it is now.
  scheduler_sim::SimTime now = target();
  mode_ = mode;
  scale_ = scale;
  start_ = now;
  offset_ = 0;
  wall_start_ = std::chrono::steady_clock::now();
}

ClockState Pacer::state() const {
  using std::chrono::duration_cast;
  using std::chrono::nanoseconds;
  const auto steady_now = std::chrono::steady_clock::now();
  const auto wall_now = std::chrono::system_clock::now();
  ClockState c;
  c.mode = mode_;
  c.scale = scale_;
  c.sim_anchor = start_ + offset_;
  // When, on the wall clock, this pacer's elapsed time started counting.
  c.wall_anchor_ns = duration_cast<nanoseconds>(wall_now.time_since_epoch()).count() -
                     duration_cast<nanoseconds>(steady_now - wall_start_).count();
  return c;
}

void Pacer::restore(const ClockState& c) {
  using std::chrono::nanoseconds;
  const auto steady_now = std::chrono::steady_clock::now();
  const int64_t wall_now_ns =
      std::chrono::duration_cast<nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  mode_ = c.mode;
  scale_ = c.scale;
  start_ = c.sim_anchor;
  offset_ = 0;
  // Time spent while the server was down counts as elapsed (real and scaled clocks).
  wall_start_ = steady_now - nanoseconds(wall_now_ns - c.wall_anchor_ns);
}

namespace {

// What slurmctld reports as gettimeofday_latency: microseconds for 1000 calls, once at start.
int64_t measure_gettimeofday_latency() {
  struct timeval start, now;
  gettimeofday(&start, nullptr);
  for (int i = 0; i < 1000; ++i) gettimeofday(&now, nullptr);
  return (now.tv_sec - start.tv_sec) * 1000000 + (now.tv_usec - start.tv_usec);
}

}  // namespace

const HostFacts& machine_facts() {
  // Read once at start-up: cheap, and stable values keep responses reproducible.
  static const HostFacts facts = [] {
    HostFacts f;
    struct utsname u;
    if (uname(&u) == 0) {
      f.architecture = u.machine;
      f.operating_system = std::string(u.sysname) + " " + u.release + " " + u.version;
    }
    struct sysinfo si;
    if (sysinfo(&si) == 0) {
      f.cpu_load = static_cast<int64_t>(si.loads[0] * 100.0 / (1 << SI_LOAD_SHIFT));
      f.free_memory = static_cast<int64_t>(si.freeram * si.mem_unit / (1024 * 1024));
    }
    f.gettimeofday_latency = measure_gettimeofday_latency();
    return f;
  }();
  return facts;
}

namespace {

std::string local_hostname() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof(buf) - 1) != 0) return "localhost";
  std::string h(buf);
  auto dot = h.find('.');
  return dot == std::string::npos ? h : h.substr(0, dot);
}

// Stands in for --exec local's runner while the saved history is replayed: jobs that ran
// scripts stay RUNNING until their saved ends, and nothing is started or killed for real.
class ReplayRunner : public scheduler_sim::JobRunner {
 public:
  void on_start(const scheduler_sim::Job&) override {}
  void on_signal(uint32_t, int) override {}
  void on_kill(uint32_t) override {}
};

scheduler_sim::Status save_error(const std::string& why) {
  return scheduler_sim::Status(scheduler_sim::Errno::kError, "Unable to save state: " + why);
}

}  // namespace

namespace {

const SlurmRelease& release_named(const std::string& name) {
  if (const SlurmRelease* r = find_release(name)) return *r;
  std::string known;
  for (const auto& r : releases()) known += (known.empty() ? "" : ", ") + r.name;
  throw std::invalid_argument("unknown Slurm release '" + name + "' (known: " + known + ")");
}

}  // namespace

App::App(scheduler_sim::ClusterConfig config, const ServerOptions& options)
    : App(std::move(config), options, release_named(options.slurm_version)) {}

App::App(scheduler_sim::ClusterConfig config, const ServerOptions& options,
         const SlurmRelease& release)
    : config_(std::move(config)),
      pacer_(options.clock, options.scale, options.start_time ? options.start_time : wall_now()),
      jwt_key_(options.jwt_key),
      hostname_(local_hostname()),
      started_at_(options.start_time ? options.start_time : wall_now()),
      requests_(options.journal_limit, options.journal_body_limit) {
  wait_slots_ = static_cast<size_t>(std::max({options.threads, options.max_threads, 1}) - 1);
  // Options are refused before anything is read or written in a StateSaveLocation.
  if (jwt_key_.empty()) {
    jwt_key_ = generate_jwt_key();
  } else if (jwt_key_.size() < kMinJwtKeyBytes) {
    // The same rule as for key files (load_jwt_key): a short HMAC key is guessable.
    throw std::invalid_argument("JWT key holds " + std::to_string(jwt_key_.size()) +
                                " bytes; an HS256 key needs at least " +
                                std::to_string(kMinJwtKeyBytes));
  }
  // Real processes take real time: a script's `sleep 60` cannot be scaled or paused.
  if (options.exec == ExecMode::kLocal && options.clock != ClockMode::kReal)
    throw std::invalid_argument("--exec local needs --clock real");
  release_ = &release;
  router_.set_unrouted_answers(release.not_found_text, release.method_mismatch_is_not_found);
  for (const ApiVersion* api : select_versions(*release_, options.api_versions,
                                               options.data_parsers, config_.accounting_enabled)) {
    auto v = std::make_unique<LoadedVersion>();
    v->api = api;
    v->index = static_cast<int>(versions_.size());
    v->meta = rendered_meta(api->meta(*release_));
    versions_.push_back(std::move(v));
  }
  scheduler_sim::SimOptions so;
  so.start_time = pacer_.target();
  so.seed = options.seed;
  so.rules = options.rules;
  so.completing_seconds = options.completing_seconds;
  so.batch_needs_environment = release.batch_needs_environment;
  so.unknown_dependency_refused = release.unknown_dependency_refused;
  so.mixed_dependency_refused = release.mixed_dependency_refused;
  so.node_update_clears_reasons = release.node_update_clears_reasons;
  so.required_nodes_beyond_count = release.required_nodes_beyond_count;
  so.partition_cpu_limit_queues = release.partition_cpu_limit_queues;
  so.group_name = group_name;  // AllowGroups: the host's group names, as the lists use them
  so.task_count_limits_nodes = release.task_count_limits_nodes;
  if (release.environment_missing_named)
    so.missing_environment_errno = scheduler_sim::Errno::kEnvironmentMissing;
  std::optional<StateJournal::Saved> saved;
  if (!options.state_save_location.empty()) {
    journal_ = std::make_unique<StateJournal>(options.state_save_location);
    saved = journal_->load();
    fingerprint_ = state_fingerprint(config_, options);
    // The saved history starts where it started, whatever --start-time says now.
    if (!saved->header.is_null()) {
      try {
        so.start_time = saved->header.at("start").get<scheduler_sim::SimTime>();
        if (std::llabs(so.start_time) > (int64_t{1} << 40)) throw StateError("start out of range");
      } catch (const std::exception&) {
        throw StateError(journal_->path() + ":1: bad header");
      }
    }
  }
  sim_ = std::make_unique<scheduler_sim::Simulator>(config_, so);
  if (options.exec == ExecMode::kLocal) {
    runner_ = std::make_unique<LocalRunner>(
        [this](uint32_t job_id, int wait_status, int launch_error) {
          if (launch_error) lock().fail_launch(job_id, launch_error);
          else lock().finish_job(job_id, wait_status);
        },
        config_.cluster_name, std::chrono::seconds(2));
    runs_as_users_ = runner_->runs_as_job_users();
  }
  if (journal_) restore_state(options, *saved);
  if (runner_) sim_->set_job_runner(runner_.get());
  views_.set_enabled(options.render_cache);
  host_facts_ = machine_facts();  // measured now, at start-up, like slurmctld's
  host_facts_.slurm_version = release_->release;
}

App::~App() { stop_exec(); }

void App::stop_exec() {
  if (runner_) runner_->stop();
}

scheduler_sim::Status App::reset() {
  std::lock_guard<std::mutex> g(mu_);
  if (journal_) {
    // The simulator after reset() is a fresh one started now: so is the saved state.
    std::string error;
    if (!journal_->rewrite(state_header(), &error)) return save_error(error);
  }
  sim_->reset();
  views_.clear();
  changed_.notify_all();  // a waiting request's job is gone
  faults_.clear();
  fault_rules_.clear();
  requests_.clear();
  return scheduler_sim::Status::Ok();
}

void App::sync_state() {
  std::lock_guard<std::mutex> g(mu_);
  if (journal_) journal_->sync();
}

Json App::state_header() const {
  return Json{{"format", "mock-slurmrestd state"},
              {"version", 1},
              {"start", sim_->now()},
              {"clock", clock_to_json(pacer_.state())},
              {"fingerprint", fingerprint_}};
}

scheduler_sim::Status App::save(const Json& record) {
  std::string error;
  if (!journal_->append(record, &error)) return save_error(error);
  return scheduler_sim::Status::Ok();
}

void App::restore_state(const ServerOptions& options, const StateJournal::Saved& saved) {
  const std::string& path = journal_->path();
  if (saved.header.is_null()) {
    std::string error;
    if (!journal_->rewrite(state_header(), &error)) throw StateError(error);
    return;
  }
  // A history replayed under another cluster, seed, --rules or --exec would be another
  // history (and could give a saved job's id to a different job): refuse to start.
  const Json* have = saved.header.contains("fingerprint") ? &saved.header["fingerprint"] : nullptr;
  const char* const why[][2] = {
      {"slurm.conf", "another slurm.conf (its nodes, partitions or limits changed)"},
      {"seed", "another --seed"},
      {"rules", "other --rules"},
      {"exec", "another --exec mode"}};
  for (const auto& [key, text] : why) {
    const bool known = have && have->is_object() && have->contains(key);
    if (known && (*have)[key] == fingerprint_[key]) continue;
    // The seed and the mode are worth naming; the others are digests.
    std::string saved_value;
    if (std::string(key) == "seed" || std::string(key) == "exec")
      saved_value = " (saved: " + (known ? (*have)[key].dump() : std::string("none")) + ")";
    throw StateError(path + " was saved with " + text + saved_value +
                     "; start with the same, or remove the file to start with an empty cluster");
  }
  ClockState clock =
      clock_from_json(saved.header.contains("clock") ? saved.header["clock"] : Json());
  ReplayRunner replay_runner;
  if (runner_) sim_->set_job_runner(&replay_runner);
  for (size_t i = 0; i < saved.records.size(); ++i) {
    try {
      apply_record(*sim_, saved.records[i], &clock);
    } catch (const StateError& e) {
      throw StateError(path + ":" + std::to_string(i + 2) + ": " + e.what() +
                       " (remove the file to start with an empty cluster)");
    }
  }
  // The saved clock goes on (mode, speed, time); the command line's --clock only sets up a
  // fresh state. Real and scaled clocks count the time the server was down.
  if (clock.mode != options.clock && options.state_log) {
    *options.state_log
        << "mock-slurmrestd: the saved clock continues; --clock applies to a new state\n";
  }
  pacer_.restore(clock);
  sim_->run_until(pacer_.target());
  if (runner_) {
    // --exec local: no script runs for a job that was running when the old server stopped
    // (its processes were killed, or orphaned by a SIGKILL) or that would have started while
    // it was down; nothing will report their end. They end now, as killed (FAILED, signal 9).
    std::vector<uint32_t> lost;
    for (const scheduler_sim::Job* j : sim_->jobs())
      if (j->state == scheduler_sim::JobState::kRunning) lost.push_back(j->job_id);
    for (uint32_t id : lost) {
      if (scheduler_sim::Status s = save(finish_record(sim_->now(), id, SIGKILL)); !s.ok())
        throw StateError(s.message());
      sim_->finish_job(id, SIGKILL);
    }
  }
  sim_->set_job_runner(nullptr);
  if (std::ostream* log = options.state_log) {
    if (saved.torn_bytes)
      *log << "mock-slurmrestd: dropped a torn last record (" << saved.torn_bytes << " bytes) from "
           << path << "\n";
    *log << "mock-slurmrestd: restored " << saved.records.size() << " saved changes from " << path
         << std::endl;
  }
}

App::Locked::Locked(App& app) : app_(app), lock_(app.mu_) {
  app_.sim_->run_until(app_.pacer_.target());
}

App::Locked::~Locked() {
  if (app_.waiting_ > 0) app_.changed_.notify_all();
}

bool App::Locked::can_wait() const { return !app_.stopping_ && app_.waiting_ < app_.wait_slots_; }

bool App::Locked::wait() {
  if (app_.stopping_) return false;
  ++app_.waiting_;
  const std::optional<scheduler_sim::SimTime> next = app_.sim_->next_event_time();
  const auto due = next ? app_.pacer_.moment_of(*next) : std::nullopt;
  if (due) app_.changed_.wait_until(lock_, *due);
  else app_.changed_.wait(lock_);
  --app_.waiting_;
  if (app_.stopping_) return false;
  app_.sim_->run_until(app_.pacer_.target());
  return true;
}

void App::set_stopping(bool stopping) {
  std::lock_guard<std::mutex> g(mu_);
  stopping_ = stopping;
  changed_.notify_all();
}

// Each call: without a journal, straight to the simulator (the only cost is the test); with
// one, the record is on disk before the change is made, so an answer never names a change
// that a restart would not bring back.
scheduler_sim::Status App::Locked::submit(const scheduler_sim::JobSpec& spec,
                                          const scheduler_sim::Identity& who,
                                          scheduler_sim::SubmitResult* out) {
  if (app_.journal_) {
    if (auto s = app_.save(submit_record(sim().now(), spec, who)); !s.ok()) {
      if (out) *out = scheduler_sim::SubmitResult{};
      return s;
    }
  }
  return sim().submit(spec, who, out);
}

scheduler_sim::Status App::Locked::submit_het(const std::vector<scheduler_sim::JobSpec>& components,
                                              const scheduler_sim::Identity& who,
                                              scheduler_sim::SubmitResult* out) {
  if (app_.journal_) {
    if (auto s = app_.save(submit_het_record(sim().now(), components, who)); !s.ok()) {
      if (out) *out = scheduler_sim::SubmitResult{};
      return s;
    }
  }
  return sim().submit_het(components, who, out);
}

scheduler_sim::Status App::Locked::update(uint32_t job_id, const scheduler_sim::JobUpdate& update,
                                          const scheduler_sim::Identity& who) {
  if (app_.journal_) {
    if (auto s = app_.save(update_record(sim().now(), job_id, update, who)); !s.ok()) return s;
  }
  return sim().update(job_id, update, who);
}

scheduler_sim::Status App::Locked::signal(uint32_t job_id, int signal,
                                          const scheduler_sim::Identity& who, bool batch_step) {
  if (app_.journal_) {
    Json r = signal_record(sim().now(), job_id, signal, who);
    if (batch_step) r["batch_step"] = true;  // older journals lack the key
    if (auto s = app_.save(r); !s.ok()) return s;
  }
  return batch_step ? sim().signal_batch_step(job_id, signal, who)
                    : sim().signal(job_id, signal, who);
}

scheduler_sim::Status App::Locked::signal_array_task(uint32_t array_job_id, uint32_t task_id,
                                                     int signal,
                                                     const scheduler_sim::Identity& who) {
  if (app_.journal_) {
    Json r = signal_record(sim().now(), array_job_id, signal, who);
    r["task"] = task_id;
    if (auto s = app_.save(r); !s.ok()) return s;
  }
  return sim().signal_array_task(array_job_id, task_id, signal, who);
}

scheduler_sim::Status App::Locked::requeue(uint32_t job_id,
                                           const scheduler_sim::RequeueOptions& how,
                                           const scheduler_sim::Identity& who) {
  if (app_.journal_) {
    if (auto s = app_.save(requeue_record(sim().now(), job_id, how, who)); !s.ok()) return s;
  }
  return sim().requeue(job_id, how, who);
}

scheduler_sim::Status App::Locked::set_reservation(const scheduler_sim::ReservationRequest& req,
                                                   const scheduler_sim::Identity& who) {
  if (app_.journal_) {
    if (auto s = app_.save(reservation_record(sim().now(), req, who)); !s.ok()) return s;
  }
  return sim().set_reservation(req, who);
}

scheduler_sim::Status App::Locked::delete_reservation(const std::string& name,
                                                      const scheduler_sim::Identity& who) {
  if (app_.journal_) {
    if (auto s = app_.save(reservation_delete_record(sim().now(), name, who)); !s.ok()) return s;
  }
  return sim().delete_reservation(name, who);
}

scheduler_sim::Status App::Locked::create_partition(const scheduler_sim::PartitionUpdate& u,
                                                    const scheduler_sim::Identity& who) {
  if (app_.journal_) {
    if (auto s = app_.save(partition_record(sim().now(), u, true, who)); !s.ok()) return s;
  }
  return sim().create_partition(u, who);
}

scheduler_sim::Status App::Locked::update_partition(const scheduler_sim::PartitionUpdate& u,
                                                    const scheduler_sim::Identity& who) {
  if (app_.journal_) {
    if (auto s = app_.save(partition_record(sim().now(), u, false, who)); !s.ok()) return s;
  }
  return sim().update_partition(u, who);
}

scheduler_sim::Status App::Locked::delete_partition(const std::string& name,
                                                    const scheduler_sim::Identity& who) {
  if (app_.journal_) {
    if (auto s = app_.save(partition_delete_record(sim().now(), name, who)); !s.ok()) return s;
  }
  return sim().delete_partition(name, who);
}

scheduler_sim::Status App::Locked::set_node_state(const std::string& node, const std::string& state,
                                                  const std::string& reason) {
  if (app_.journal_) {
    if (auto s = app_.save(node_state_record(sim().now(), node, state, reason)); !s.ok()) return s;
  }
  return sim().set_node_state(node, state, reason);
}

scheduler_sim::Status App::Locked::create_nodes(const std::string& node_conf,
                                                const scheduler_sim::Identity& who) {
  if (app_.journal_) {
    if (auto s = app_.save(node_create_record(sim().now(), node_conf, who)); !s.ok()) return s;
  }
  return sim().create_nodes(node_conf, who);
}

scheduler_sim::Status App::Locked::delete_node(const std::string& names,
                                               const scheduler_sim::Identity& who) {
  if (app_.journal_) {
    if (auto s = app_.save(node_delete_record(sim().now(), names, who)); !s.ok()) return s;
  }
  return sim().delete_node(names, who);
}

scheduler_sim::Status App::Locked::update_node(const std::string& names,
                                               const scheduler_sim::NodeUpdate& update,
                                               const scheduler_sim::Identity& who) {
  if (app_.journal_) {
    if (auto s = app_.save(node_update_record(sim().now(), names, update, who)); !s.ok()) return s;
  }
  return sim().update_node(names, update, who);
}

scheduler_sim::Status App::Locked::reconfigure() {
  if (app_.journal_) {
    if (auto s = app_.save(reconfigure_record(sim().now())); !s.ok()) return s;
  }
  sim().reconfigure();
  return scheduler_sim::Status::Ok();
}

scheduler_sim::Status App::Locked::finish_job(uint32_t job_id, int wait_status) {
  if (app_.journal_) {
    if (auto s = app_.save(finish_record(sim().now(), job_id, wait_status)); !s.ok()) return s;
  }
  return sim().finish_job(job_id, wait_status);
}

scheduler_sim::Status App::Locked::fail_launch(uint32_t job_id, int slurm_error) {
  if (app_.journal_) {
    if (auto s = app_.save(fail_launch_record(sim().now(), job_id, slurm_error)); !s.ok()) return s;
  }
  return sim().fail_launch(job_id, slurm_error);
}

scheduler_sim::Status App::Locked::advance_clock(int64_t seconds) {
  Pacer before = app_.pacer_;
  app_.pacer_.advance(seconds);
  if (app_.journal_) {
    if (auto s = app_.save(clock_record(sim().now(), app_.pacer_.state())); !s.ok()) {
      app_.pacer_ = before;
      return s;
    }
  }
  sim().run_until(app_.pacer_.target());
  return scheduler_sim::Status::Ok();
}

scheduler_sim::Status App::Locked::set_clock_mode(ClockMode mode, double scale) {
  Pacer before = app_.pacer_;
  app_.pacer_.set_mode(mode, scale);
  if (app_.journal_) {
    if (auto s = app_.save(clock_record(sim().now(), app_.pacer_.state())); !s.ok()) {
      app_.pacer_ = before;
      return s;
    }
  }
  return scheduler_sim::Status::Ok();
}

namespace {

// The uid and gid the real slurmctld gives a JWT user that has no account on its host.
constexpr uint32_t kUnknownUserId = 99;

}  // namespace

scheduler_sim::Identity App::identity(const std::string& user_name) const {
  bool has_account = false;
  scheduler_sim::Identity id = resolve_identity(user_name, &has_account);
  if (runs_as_users_ && !has_account) {
    // What the real controller shows for a token user its host does not know (measured:
    // user_id and group_id 99; the job is accepted and requeued at every start).
    id.uid = id.gid = kUnknownUserId;
    id.known = false;
  }
  return id;
}

}  // namespace mock_slurmrestd
