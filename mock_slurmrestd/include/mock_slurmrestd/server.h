// Server: the mock slurmrestd, an HTTP front end over one Simulator.
//
//   mock_slurmrestd::ServerOptions opts;
//   opts.port = 0;                                  // pick a free port
//   mock_slurmrestd::Server server(scheduler_sim::default_cluster(), opts);
//   int port = server.start();                      // listening when it returns
//   std::string token = server.mint_token("ec2-user", 3600);
//   ... HTTP requests to server.url() ...
//   server.stop();                                  // joins the listener
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "scheduler_sim/simulator.h"
#include "scheduler_sim/slurm_conf.h"

namespace mock_slurmrestd {

// How simulated time relates to the wall clock.
enum class ClockMode {
  kReal,    // simulated time == wall time
  kScaled,  // simulated time runs `scale` times faster than the wall clock
  kManual,  // simulated time moves only when told (admin API, bindings)
};
// Its word in the state file, the admin API and the bindings: "real", "scaled" or "manual".
const char* clock_mode_name(ClockMode mode);

// What a started job does.
enum class ExecMode {
  kSimulated,  // run time and exit status from the script, #MOCK directives and rules
  kLocal,      // the batch script runs as a real child process (needs ClockMode::kReal)
};

struct ServerOptions {
  // The Slurm release mirrored (--slurm-version): which REST API versions are served and the
  // release every answer's meta reports.
  std::string slurm_version = "22.05";
  // slurmrestd's -s: the openapi plugins to load ("openapi/<version>" or "<version>"), in
  // load order; empty = every version the release loads. Server throws std::invalid_argument
  // for one the release does not have.
  std::vector<std::string> api_versions;
  // slurmrestd's -d (releases with data_parser plugins: 24.11): the data_parser plugins to
  // load ("data_parser/v0.0.42" or "v0.0.42"), in load order; empty = every one.
  std::vector<std::string> data_parsers;
  std::string host = "127.0.0.1";
  int port = 6820;        // 0 picks a free port
  std::string unix_path;  // non-empty: listen on this unix socket instead of TCP
  ClockMode clock = ClockMode::kReal;
  double scale = 1.0;      // for kScaled
  int64_t start_time = 0;  // simulated start (Unix seconds); 0 = the wall clock's now
  std::string jwt_key;     // HS256 key bytes; empty = generate one at start-up
  // HTTP workers: `threads` kept ready; the pool grows (one worker per open connection, as
  // httplib serves a keep-alive connection on one thread until it closes) up to
  // `max_threads`; at the cap, idle keep-alive connections are closed for waiting ones
  // (docs/security.md).
  int threads = 8;
  int max_threads = 1024;
  // A request must arrive completely within this time of its first byte, and its response be
  // taken within it; otherwise the connection is closed (slow clients cannot pin workers).
  int request_timeout_ms = 30000;
  std::ostream* access_log = nullptr;  // one line per request when set
  // The access log also gives each request's time, user, latency, refusal reason and fault.
  bool access_log_detail = false;
  // The request journal (/mock/v1/requests): the newest `journal_limit` requests, the first
  // `journal_body_limit` bytes of each body.
  size_t journal_limit = 1000;
  size_t journal_body_limit = 16 * 1024;
  // Serve GET /jobs, /nodes, /partitions again from the last rendering while the simulator's
  // state is unchanged (off: render every time; the answers are the same either way).
  bool render_cache = true;
  uint64_t seed = 1;
  // How long a job that ran shows COMPLETING after its end (SimOptions::completing_seconds).
  int64_t completing_seconds = 1;
  ExecMode exec = ExecMode::kSimulated;            // kLocal with another clock: Server throws
  std::vector<scheduler_sim::BehaviorRule> rules;  // --rules: simulated behaviour overrides
  // slurm.conf's StateSaveLocation (the command line fills it): every accepted change is
  // saved there before it is answered, and a new Server replays what it finds (docs/simulator.md
  // "Saved state"). Empty: nothing is read or written.
  std::string state_save_location;
  std::ostream* state_log = nullptr;  // notes on a restore (torn record dropped, count) when set
};

// The mock's own version (the project's, e.g. "0.1.0").
const char* mock_version();

// The largest request body the real daemon reads (50 MiB); one byte more is 413.
inline constexpr size_t kMaxBodyBytes = 52428800;

// A single HTTP response as produced by the request path (also usable without sockets).
struct HttpResult {
  int status = 200;
  std::string content_type;
  std::string body;
  bool close_connection = false;
};

// The openapi plugins (as -s names them: "openapi/<version>", "openapi/slurmctld") a Slurm
// release loads, each once, in its load order; empty for a release the mock does not know.
std::vector<std::string> release_api_plugins(const std::string& slurm_version);
// The data_parser plugins (as -d names them: "data_parser/v0.0.42") a Slurm release loads, in
// its load order; empty for a release without them (22.05) or one the mock does not know.
std::vector<std::string> release_data_parsers(const std::string& slurm_version);
// The releases the mock can mirror ("22.05", ...); the first is the default.
std::vector<std::string> slurm_releases();

class Server {
 public:
  Server(scheduler_sim::ClusterConfig config, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving on a background thread; returns the bound TCP port (0 for a
  // unix socket). Throws std::runtime_error when it cannot bind.
  int start();
  // Stops serving and joins the listener thread. Safe to call twice.
  void stop();
  bool running() const;
  // "http://127.0.0.1:PORT" (or "unix:/path").
  std::string url() const;
  int port() const;

  // The loaded API versions' names in load order ("v0.0.NN": their routes are under
  // /slurm/<name>/).
  std::vector<std::string> api_versions() const;

  // An HS256 token for `user` signed with the server's key (what `scontrol token` prints
  // after "SLURM_JWT=").
  std::string mint_token(const std::string& user, int64_t lifespan_seconds = 3600) const;
  const std::string& jwt_key() const;

  // The ids a request authenticated as `user` acts with (with --exec local as root, a user
  // without a local account is the real controller's unknown user: uid 99, never launched).
  scheduler_sim::Identity identity(const std::string& user) const;

  // Runs `fn` with the simulator locked, after bringing simulated time up to date. Read-only:
  // changes go through the calls below, which are saved.
  void with_simulator(const std::function<void(const scheduler_sim::Simulator&)>& fn);

  // The state changes HTTP requests make, on the same path: the simulator locked and brought
  // up to date, and with a StateSaveLocation each change saved before it is applied (one that
  // cannot be saved is not applied: Errno::kError, "Unable to save state: ..."). Same
  // arguments and answers as the Simulator's calls of the same names.
  scheduler_sim::Status submit(const scheduler_sim::JobSpec& spec,
                               const scheduler_sim::Identity& who,
                               scheduler_sim::SubmitResult* out);
  scheduler_sim::Status submit_het(const std::vector<scheduler_sim::JobSpec>& components,
                                   const scheduler_sim::Identity& who,
                                   scheduler_sim::SubmitResult* out);
  scheduler_sim::Status update(uint32_t job_id, const scheduler_sim::JobUpdate& update,
                               const scheduler_sim::Identity& who);
  // SIGKILL (9) cancels, as DELETE /job/{id} and scancel do.
  scheduler_sim::Status signal(uint32_t job_id, int signal, const scheduler_sim::Identity& who);
  scheduler_sim::Status set_node_state(const std::string& node, const std::string& state,
                                       const std::string& reason);
  scheduler_sim::Status finish_job(uint32_t job_id, int wait_status);
  // An administrator's change to the accounting database (what sacctmgr or the slurmdb POST
  // and DELETE routes do), made by `fn` with the simulator locked. Errno::kError when
  // slurm.conf stores no accounting. Not saved across restarts, as the routes' changes are
  // not (docs/differences.md, A8).
  scheduler_sim::Status change_accounting(
      const std::function<scheduler_sim::Status(scheduler_sim::Accounting&)>& fn);

  // Manual-clock control (also valid in other modes: it adds an offset). Saved likewise;
  // throws std::runtime_error when it cannot be.
  void advance_clock(int64_t seconds);
  // Switches the clock, keeping the current simulated time (scale: for kScaled, > 0). Saved
  // likewise. Throws std::invalid_argument for a bad scale, or for another clock than kReal
  // under ExecMode::kLocal; std::runtime_error when it cannot be saved.
  void set_clock_mode(ClockMode mode, double scale = 1.0);
  ClockMode clock_mode();
  scheduler_sim::SimTime sim_now();
  // Back to the initial cluster (no jobs), keeping the server running. Throws
  // std::runtime_error when the emptied saved state cannot be written (nothing changes then).
  void reset();

  // The whole request path without sockets: routing, auth, handlers, rendering.
  HttpResult handle(const std::string& method, const std::string& target,
                    const std::multimap<std::string, std::string>& headers, const std::string& body,
                    const std::string& peer = "[localhost]:0");

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mock_slurmrestd
