// Shared state behind every handler: the simulator, its lock, the clock pacer, auth settings.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "admin/fault_rules.h"
#include "admin/faults.h"
#include "admin/request_journal.h"
#include "api_version.h"
#include "auth.h"
#include "envelope.h"
#include "host_facts.h"
#include "json_writer.h"
#include "mock_slurmrestd/identity.h"
#include "mock_slurmrestd/server.h"
#include "releases.h"
#include "router.h"
#include "scheduler_sim/simulator.h"
#include "state_save.h"
#include "view_cache.h"

namespace mock_slurmrestd {

class LocalRunner;  // exec/local_runner.h

// Maps the wall clock onto simulated time; the simulator itself never reads a clock.
class Pacer {
 public:
  Pacer(ClockMode mode, double scale, scheduler_sim::SimTime start);
  scheduler_sim::SimTime target() const;
  void advance(int64_t seconds) { offset_ += seconds; }
  ClockMode mode() const { return mode_; }
  // The steady-clock moment at which target() reaches `t`; none under kManual (only an
  // advance moves it).
  std::optional<std::chrono::steady_clock::time_point> moment_of(scheduler_sim::SimTime t) const;
  void set_mode(ClockMode mode, double scale);
  // The mapping as of now, anchored on the wall clock (StateSaveLocation), and back.
  ClockState state() const;
  void restore(const ClockState& state);

 private:
  ClockMode mode_;
  double scale_;
  scheduler_sim::SimTime start_;
  std::chrono::steady_clock::time_point wall_start_;
  int64_t offset_ = 0;
};

// Wall-clock Unix seconds (used only outside the simulator).
int64_t wall_now();

class App {
 public:
  // Throws std::invalid_argument for ExecMode::kLocal without ClockMode::kReal, or for a
  // JWT key shorter than kMinJwtKeyBytes, an unknown Slurm release, or an API version the
  // release does not have ("Unable to find plugin: openapi/...").
  App(scheduler_sim::ClusterConfig config, const ServerOptions& options);
  // The same with the release given (options.slurm_version is not read; api_versions
  // narrows it): for a release that is not in releases(), e.g. a test's. It must outlive the
  // App.
  App(scheduler_sim::ClusterConfig config, const ServerOptions& options,
      const SlurmRelease& release);
  ~App();
  // --exec local: kills and reaps every running script (server stop). No-op otherwise.
  void stop_exec();
  LocalRunner* runner() { return runner_.get(); }

  // The simulator, locked and brought up to the pacer's time.
  class Locked {
   public:
    Locked(App& app);
    // Wakes the waiting requests (wait()): whatever this holder did may be what they await.
    ~Locked();
    Locked(const Locked&) = delete;
    Locked& operator=(const Locked&) = delete;
    scheduler_sim::Simulator& sim() { return *app_.sim_; }
    scheduler_sim::Simulator* operator->() { return app_.sim_.get(); }
    ViewCache& views() { return app_.views_; }

    // The state-changing calls. With a StateSaveLocation each is saved before it is applied;
    // a change that cannot be saved is not applied (Errno::kError, "Unable to save state").
    scheduler_sim::Status submit(const scheduler_sim::JobSpec& spec,
                                 const scheduler_sim::Identity& who,
                                 scheduler_sim::SubmitResult* out);
    scheduler_sim::Status submit_het(const std::vector<scheduler_sim::JobSpec>& components,
                                     const scheduler_sim::Identity& who,
                                     scheduler_sim::SubmitResult* out);
    scheduler_sim::Status update(uint32_t job_id, const scheduler_sim::JobUpdate& update,
                                 const scheduler_sim::Identity& who);
    // batch_step: to the batch step only (flag BATCH_JOB, Simulator::signal_batch_step).
    scheduler_sim::Status signal(uint32_t job_id, int signal, const scheduler_sim::Identity& who,
                                 bool batch_step = false);
    // One task of a job array by the array's id and the task's index ("N_T").
    scheduler_sim::Status signal_array_task(uint32_t array_job_id, uint32_t task_id, int signal,
                                            const scheduler_sim::Identity& who);
    scheduler_sim::Status requeue(uint32_t job_id, const scheduler_sim::RequeueOptions& how,
                                  const scheduler_sim::Identity& who);
    scheduler_sim::Status set_reservation(const scheduler_sim::ReservationRequest& req,
                                          const scheduler_sim::Identity& who);
    scheduler_sim::Status delete_reservation(const std::string& name,
                                             const scheduler_sim::Identity& who);
    scheduler_sim::Status create_partition(const scheduler_sim::PartitionUpdate& u,
                                           const scheduler_sim::Identity& who);
    scheduler_sim::Status update_partition(const scheduler_sim::PartitionUpdate& u,
                                           const scheduler_sim::Identity& who);
    scheduler_sim::Status delete_partition(const std::string& name,
                                           const scheduler_sim::Identity& who);
    scheduler_sim::Status set_node_state(const std::string& node, const std::string& state,
                                         const std::string& reason);
    // An administrator's node update, and dynamic nodes created and deleted
    // (scheduler_sim::Simulator::update_node, create_nodes, delete_node).
    scheduler_sim::Status update_node(const std::string& names,
                                      const scheduler_sim::NodeUpdate& update,
                                      const scheduler_sim::Identity& who);
    // An administrator's reconfigure (scheduler_sim::Simulator::reconfigure), saved likewise.
    scheduler_sim::Status reconfigure();
    scheduler_sim::Status create_nodes(const std::string& node_conf,
                                       const scheduler_sim::Identity& who);
    scheduler_sim::Status delete_node(const std::string& names, const scheduler_sim::Identity& who);
    scheduler_sim::Status finish_job(uint32_t job_id, int wait_status);
    scheduler_sim::Status fail_launch(uint32_t job_id, int slurm_error);
    // Clock changes (admin API, Server::advance_clock), saved likewise.
    scheduler_sim::Status advance_clock(int64_t seconds);
    scheduler_sim::Status set_clock_mode(ClockMode mode, double scale);

    // A request that waits for the simulator (POST /job/allocate until its job starts).
    // can_wait: a wait slot is free and the server is not stopping. wait() gives the lock up
    // (as a condition variable does) until another holder of it is done, the simulator's
    // next event falls due on the pacer's clock (never under --clock manual: an advance
    // wakes it), or the server stops; then brings the simulator up to the pacer's time
    // again. False when the server stops (the caller answers at once).
    bool can_wait() const;
    bool wait();

   private:
    App& app_;
    std::unique_lock<std::mutex> lock_;
  };
  Locked lock() { return Locked(*this); }

  const scheduler_sim::ClusterConfig& config() const { return config_; }
  const std::string& jwt_key() const { return jwt_key_; }
  const std::string& hostname() const { return hostname_; }
  Pacer& pacer() { return pacer_; }
  Faults& faults() { return faults_; }
  FaultRules& fault_rules() { return fault_rules_; }
  RequestJournal& journal() { return requests_; }
  int64_t started_at() const { return started_at_; }
  // Back to the initial cluster (and, with a StateSaveLocation, an empty saved state first;
  // nothing changes when that cannot be written).
  scheduler_sim::Status reset();
  // Clean shutdown: the saved state is fsync'ed (no-op without a StateSaveLocation).
  void sync_state();
  // Server stop: every waiting request returns from Locked::wait (false) and no new one
  // waits, until set_stopping(false) (a start).
  void set_stopping(bool stopping);

  Router& router() { return router_; }
  // The release mirrored and its loaded API versions, in load order.
  const SlurmRelease& release() const { return *release_; }
  const std::vector<std::unique_ptr<LoadedVersion>>& versions() const { return versions_; }
  // This machine's facts, with the release's number (what every node reports).
  const HostFacts& host_facts() const { return host_facts_; }

  // The ids a request's user gets. When scripts run as their users (--exec local as root),
  // a name without a local account is the real controller's unknown user (uid/gid 99,
  // Identity::known false: its jobs never launch); otherwise resolve_identity's mapping.
  scheduler_sim::Identity identity(const std::string& user_name) const;
  bool runs_scripts_as_users() const { return runs_as_users_; }

 private:
  friend class Locked;
  // StateSaveLocation: replays what was saved (or starts a new file). Throws StateError.
  void restore_state(const ServerOptions& options, const StateJournal::Saved& saved);
  Json state_header() const;
  // Appends `record` to the journal; the error the caller answers when it cannot.
  scheduler_sim::Status save(const Json& record);

  scheduler_sim::ClusterConfig config_;
  std::unique_ptr<scheduler_sim::Simulator> sim_;
  std::mutex mu_;
  // Signalled when a Locked is released while requests wait (Locked::wait).
  std::condition_variable changed_;
  size_t waiting_ = 0;     // requests in Locked::wait; guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  // At most this many requests wait at once: the HTTP pool's cap less one worker, so that
  // the requests that end a wait (a cancel, a node resumed, a clock advance) are served.
  size_t wait_slots_ = 0;
  Pacer pacer_;
  Faults faults_;
  std::string jwt_key_;
  std::string hostname_;
  int64_t started_at_;
  RequestJournal requests_;  // /mock/v1/requests
  FaultRules fault_rules_;   // /mock/v1/faults/rules
  Router router_;
  const SlurmRelease* release_ = nullptr;
  std::vector<std::unique_ptr<LoadedVersion>> versions_;
  HostFacts host_facts_;
  ViewCache views_;                        // guarded by mu_
  std::unique_ptr<LocalRunner> runner_;    // --exec local only
  bool runs_as_users_ = false;             // --exec local with root rights
  std::unique_ptr<StateJournal> journal_;  // StateSaveLocation only; guarded by mu_
  Json fingerprint_;                       // what the saved history depends on
};

// The authenticated caller (set by the auth layer before handlers run), as App::identity.
inline scheduler_sim::Identity current_identity(const App& app, const Request& req) {
  return app.identity(req.user);
}

// The representation a client's Accept header asks for.
enum class Format { kJson, kYaml, kTextYaml, kUnknown };
Format negotiate(const Request& request);
// 415 "Accept content type is unknown" (text/plain).
Response unknown_accept();

// Renders a JSON document in the representation the client accepts (JSON or YAML).
Response render(const Json& doc, int status, const Request& request);
// The same in a release's JSON layout; `empty_string_yaml_null`: YAML prints "" as null (22.05's
// plugins), else as "" (data_parser v0.0.40 on, asked on 24.11).
Response render(const Json& doc, int status, const Request& request, EmptyContainers empty,
                bool empty_string_yaml_null = true);
Response render(Envelope& envelope, int status, const Request& request);
// A read endpoint's 200 answer of `version` in the negotiated representation, from the view
// cache when the simulator has not changed since it was rendered; on a miss `fill` puts the
// data keys into the envelope and the rendered body is kept (see view_cache.h).
Response render_view(App::Locked& locked, const LoadedVersion& version, ViewCache::View view,
                     uint64_t key, const Request& request,
                     const std::function<void(Envelope&)>& fill);

// The router tag for an endpoint (how it answers a refused token).
constexpr int tag(EndpointKind kind) { return static_cast<int>(kind); }

// Every route: each loaded version's (ApiVersion::register_routes, in load order: the first
// keeps a path two versions share), then /openapi* and the admin API.
void register_routes(App& app);
// The routes that belong to no API version.
void register_openapi_routes(App& app);
void register_admin_routes(App& app);

}  // namespace mock_slurmrestd
