// App: the simulator behind one mutex, kept in step with the wall clock by the Pacer.
#include "app.h"

#include <pwd.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "auth.h"
#include "exec/local_runner.h"

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
    case ClockMode::kManual:
      return start_ + offset_;
    case ClockMode::kReal:
    case ClockMode::kScaled: {
      double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                     wall_start_).count();
      double factor = mode_ == ClockMode::kReal ? 1.0 : scale_;
      return start_ + static_cast<int64_t>(std::floor(elapsed * factor)) + offset_;
    }
  }
  return start_ + offset_;
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

namespace {

// What slurmctld reports as gettimeofday_latency: microseconds for 1000 calls, once at start.
int64_t measure_gettimeofday_latency() {
  struct timeval start, now;
  gettimeofday(&start, nullptr);
  for (int i = 0; i < 1000; ++i) gettimeofday(&now, nullptr);
  return (now.tv_sec - start.tv_sec) * 1000000 + (now.tv_usec - start.tv_usec);
}

}  // namespace

const v0_0_36::HostFacts& host_facts() {
  // Read once at start-up: cheap, and stable values keep responses reproducible.
  static const v0_0_36::HostFacts facts = [] {
    v0_0_36::HostFacts f;
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

}  // namespace

App::App(scheduler_sim::ClusterConfig config, const ServerOptions& options)
    : config_(std::move(config)),
      pacer_(options.clock, options.scale,
             options.start_time ? options.start_time : wall_now()),
      jwt_key_(options.jwt_key),
      hostname_(local_hostname()),
      started_at_(options.start_time ? options.start_time : wall_now()) {
  scheduler_sim::SimOptions so;
  so.start_time = pacer_.target();
  so.seed = options.seed;
  so.rules = options.rules;
  sim_ = std::make_unique<scheduler_sim::Simulator>(config_, so);
  if (options.exec == ExecMode::kLocal) {
    // Real processes take real time: a script's `sleep 60` cannot be scaled or paused.
    if (options.clock != ClockMode::kReal)
      throw std::invalid_argument("--exec local needs --clock real");
    runner_ = std::make_unique<LocalRunner>(
        [this](uint32_t job_id, int wait_status, int launch_error) {
          if (launch_error) lock()->fail_launch(job_id, launch_error);
          else lock()->finish_job(job_id, wait_status);
        },
        config_.cluster_name, std::chrono::seconds(2));
    sim_->set_job_runner(runner_.get());
    runs_as_users_ = runner_->runs_as_job_users();
  }
  views_.set_enabled(options.render_cache);
  if (jwt_key_.empty()) {
    jwt_key_ = generate_jwt_key();
  } else if (jwt_key_.size() < kMinJwtKeyBytes) {
    // The same rule as for key files (load_jwt_key): a short HMAC key is guessable.
    throw std::invalid_argument("JWT key holds " + std::to_string(jwt_key_.size()) +
                                " bytes; an HS256 key needs at least " +
                                std::to_string(kMinJwtKeyBytes));
  }
  host_facts();  // measured now, at start-up, like slurmctld's
}

App::~App() { stop_exec(); }

void App::stop_exec() {
  if (runner_) runner_->stop();
}

void App::reset() {
  std::lock_guard<std::mutex> g(mu_);
  sim_->reset();
  views_.clear();
  faults_.clear();
}

App::Locked::Locked(App& app) : app_(app), lock_(app.mu_) {
  app_.sim_->run_until(app_.pacer_.target());
}

namespace {

// The uid and gid the real slurmctld gives a JWT user that has no account on its host.
constexpr uint32_t kUnknownUserId = 99;

scheduler_sim::Identity lookup_identity(const std::string& user_name, bool* has_account) {
  scheduler_sim::Identity id;
  id.name = user_name;
  struct passwd pw;
  struct passwd* result = nullptr;
  std::vector<char> buf(16384);
  *has_account = false;
  if (getpwnam_r(user_name.c_str(), &pw, buf.data(), buf.size(), &result) == 0 && result) {
    id.uid = pw.pw_uid;
    id.gid = pw.pw_gid;
    *has_account = true;
    return id;
  }
  // Not a local account (common on a laptop for "ec2-user"): a stable made-up id in the
  // range ParallelCluster's users get, so the same name always maps to the same uid.
  uint32_t h = 2166136261u;  // FNV-1a: stable across builds and platforms
  for (unsigned char c : user_name) h = (h ^ c) * 16777619u;
  h %= 50000u;
  id.uid = user_name == "root" ? 0 : 1000u + h;
  id.gid = id.uid;
  return id;
}

}  // namespace

scheduler_sim::Identity resolve_identity(const std::string& user_name, bool* has_account) {
  // getpwnam_r reads /etc/passwd on every call (most of a submit's cost when measured); each
  // thread reuses its last answer for a few seconds, so an account added or changed meanwhile
  // is seen soon after.
  thread_local std::string last_name;
  thread_local scheduler_sim::Identity last;
  thread_local bool last_has_account = false;
  thread_local std::chrono::steady_clock::time_point looked_up;
  auto now = std::chrono::steady_clock::now();
  if (last_name.empty() || last_name != user_name || now - looked_up >= std::chrono::seconds(5)) {
    last = lookup_identity(user_name, &last_has_account);
    last_name = user_name;
    looked_up = now;
  }
  if (has_account) *has_account = last_has_account;
  return last;
}

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
