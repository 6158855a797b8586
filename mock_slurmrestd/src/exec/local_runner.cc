// LocalRunner: batch scripts as real processes (Boost.Process), reaped on a background thread.
#include "exec/local_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/environment.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/io.hpp>
#include <boost/process/start_dir.hpp>

namespace mock_slurmrestd {
namespace bp = boost::process;
namespace {

// What slurmstepd does for the batch shell before exec: a process group of its own (so a
// signal reaches the whole script) and default signal handling (the server ignores SIGPIPE
// and its threads may block signals; exec keeps both).
struct BatchSetup : bp::extend::handler {
  template <class Executor>
  void on_exec_setup(Executor&) const {
    ::setpgid(0, 0);
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
  }
};

std::string padded(uint64_t v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, width - s.size(), '0');
  return s;
}

// Slurm's NO_VAL - 1, what %a gives for a job that is not an array task.
constexpr uint64_t kNoArrayTask = 4294967294u;

std::string absolute(const std::string& path, const std::string& cwd) {
  if (!path.empty() && path[0] == '/') return path;
  return cwd + "/" + path;
}

}  // namespace

std::string expand_file_pattern(const std::string& pattern, const scheduler_sim::Job& job) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%' || i + 1 >= pattern.size()) {
      out += pattern[i];
      continue;
    }
    size_t j = i + 1;
    int width = 0;
    while (j < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[j])))
      width = width * 10 + (pattern[j++] - '0');
    if (j >= pattern.size()) {
      out += pattern.substr(i);
      break;
    }
    switch (pattern[j]) {
      case 'j': out += padded(job.job_id, width); break;
      case 'A': out += padded(job.array_job_id ? job.array_job_id : job.job_id, width); break;
      case 'a': out += padded(job.array_task_id ? *job.array_task_id : kNoArrayTask, width); break;
      case 'x': out += job.name; break;
      case 'u': out += job.user.name; break;
      case 'N': out += job.batch_host; break;
      case 'n':
      case 't': out += padded(0, width); break;  // the batch shell: node 0, task 0
      case '%': out += '%'; break;
      default: out += pattern.substr(i, j - i + 1); break;  // not a pattern: kept as written
    }
    i = j;
  }
  return out;
}

LocalRunner::LocalRunner(Report report, std::string cluster_name,
                         std::chrono::milliseconds kill_wait)
    : report_(std::move(report)), cluster_name_(std::move(cluster_name)), kill_wait_(kill_wait) {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/mock-slurmrestd-exec.XXXXXX";
  if (!::mkdtemp(templ.data())) throw std::system_error(errno, std::generic_category(), templ);
  spool_root_ = templ;
  reaper_ = std::thread([this] { reap_loop(); });
}

LocalRunner::~LocalRunner() { stop(); }

void LocalRunner::on_start(const scheduler_sim::Job& job) {
  std::lock_guard<std::mutex> g(mu_);
  const uint32_t id = job.job_id;
  auto fail = [&](int status) {
    failed_launches_.emplace_back(id, status);
    cv_.notify_all();
  };
  if (stopping_) return fail(1 << 8);
  const scheduler_sim::JobSpec& spec = job.spec;

  // The script goes to a spool file, as slurmd writes it before exec.
  static uint64_t seq = 0;
  std::string spool = spool_root_ + "/job" + std::to_string(id) + "." + std::to_string(++seq);
  std::string script_path = spool + "/slurm_script";
  if (::mkdir(spool.c_str(), 0700) != 0) return fail(errno << 8);
  {
    std::ofstream f(script_path, std::ios::binary);
    f << spec.script;
    if (!f) return fail(1 << 8);
  }
  ::chmod(script_path.c_str(), 0700);

  // slurmd falls back to /tmp when it cannot enter the working directory.
  std::string cwd = spec.current_working_directory.value_or("/tmp");
  if (cwd.empty() || ::access(cwd.c_str(), X_OK) != 0) cwd = "/tmp";
  std::string out_pattern = spec.standard_output.value_or(
      job.array_task_id ? "slurm-%A_%a.out" : "slurm-%j.out");
  std::string out_path = absolute(expand_file_pattern(out_pattern, job), cwd);
  std::string in_path = spec.standard_input
                            ? absolute(expand_file_pattern(*spec.standard_input, job), cwd)
                            : "/dev/null";
  FILE* out = std::fopen(out_path.c_str(), "w");
  FILE* err = out;
  if (out && spec.standard_error)
    err = std::fopen(absolute(expand_file_pattern(*spec.standard_error, job), cwd).c_str(), "w");
  FILE* in = std::fopen(in_path.c_str(), "r");
  auto close_all = [&] {
    if (err && err != out) std::fclose(err);
    if (out) std::fclose(out);
    if (in) std::fclose(in);
  };
  if (!out || !err || !in) {
    int e = errno;
    close_all();
    return fail((e ? e : 1) << 8);
  }

  bp::environment env;
  for (const auto& [k, v] : spec.environment) env[k] = v;
  auto set = [&](const char* k, const std::string& v) { env[k] = v; };
  set("ENVIRONMENT", "BATCH");
  set("SLURM_JOB_ID", std::to_string(id));
  set("SLURM_JOBID", std::to_string(id));
  set("SLURM_JOB_NAME", job.name);
  set("SLURM_JOB_USER", job.user.name);
  set("SLURM_JOB_UID", std::to_string(job.user.uid));
  set("SLURM_JOB_GID", std::to_string(job.user.gid));
  set("SLURM_JOB_PARTITION", job.partition);
  set("SLURM_JOB_NODELIST", job.nodes);
  set("SLURM_NODELIST", job.nodes);
  set("SLURM_JOB_NUM_NODES", std::to_string(job.node_count));
  set("SLURM_NNODES", std::to_string(job.node_count));
  set("SLURMD_NODENAME", job.batch_host);
  set("SLURM_CLUSTER_NAME", cluster_name_);
  set("SLURM_SUBMIT_DIR", cwd);
  int first_cpus = job.allocation.empty() ? job.cpus : job.allocation.front().cpus;
  set("SLURM_CPUS_ON_NODE", std::to_string(first_cpus));
  set("SLURM_GTIDS", "0");
  if (spec.account) set("SLURM_JOB_ACCOUNT", *spec.account);
  if (spec.tasks) {
    set("SLURM_NTASKS", std::to_string(*spec.tasks));
    set("SLURM_NPROCS", std::to_string(*spec.tasks));
  }
  if (spec.cpus_per_task) set("SLURM_CPUS_PER_TASK", std::to_string(*spec.cpus_per_task));
  if (job.array_task_id) {
    set("SLURM_ARRAY_JOB_ID", std::to_string(job.array_job_id));
    set("SLURM_ARRAY_TASK_ID", std::to_string(*job.array_task_id));
  }

  // argv[0] is the script itself; the job's argv supplies the arguments after it.
  std::vector<std::string> args;
  for (size_t i = 1; i < spec.argv.size(); ++i) args.push_back(spec.argv[i]);
  std::error_code ec;
  bp::child child(bp::exe = script_path, bp::args = args, bp::env = env, bp::start_dir = cwd,
                  bp::std_out > out, bp::std_err > err, bp::std_in < in, BatchSetup{}, ec);
  close_all();
  if (ec) {
    // The exec failed: the batch step ends with the errno as its exit code (as the oracle's
    // 2048 = ENOEXEC << 8 for a script without `#!`).
    ::unlink(script_path.c_str());
    ::rmdir(spool.c_str());
    return fail((ec.value() & 0xff) << 8);
  }
  pid_t pid = child.id();
  ::setpgid(pid, pid);  // also from this side, so a signal right away finds the group
  child.detach();       // reaped by reap_loop with waitpid
  Child c;
  c.pid = pid;
  c.spool = spool;
  children_.emplace(id, c);
  cv_.notify_all();
}

void LocalRunner::on_signal(uint32_t job_id, int signal) {
  std::lock_guard<std::mutex> g(mu_);
  auto [b, e] = children_.equal_range(job_id);
  for (auto it = b; it != e; ++it)
    if (!it->second.killed) ::kill(-it->second.pid, signal);
}

void LocalRunner::kill_child(Child* c) {
  if (c->killed) return;
  c->killed = true;
  c->kill_at = std::chrono::steady_clock::now() + kill_wait_;
  // As slurmstepd ends a step: SIGCONT (a stopped script must see the TERM), SIGTERM, and
  // SIGKILL after KillWait.
  ::kill(-c->pid, SIGCONT);
  ::kill(-c->pid, SIGTERM);
}

void LocalRunner::on_kill(uint32_t job_id) {
  std::lock_guard<std::mutex> g(mu_);
  auto [b, e] = children_.equal_range(job_id);
  for (auto it = b; it != e; ++it) kill_child(&it->second);
  cv_.notify_all();
}

std::optional<pid_t> LocalRunner::process_group(uint32_t job_id) const {
  std::lock_guard<std::mutex> g(mu_);
  auto [b, e] = children_.equal_range(job_id);
  for (auto it = b; it != e; ++it)
    if (!it->second.killed) return it->second.pid;
  return std::nullopt;
}

void LocalRunner::reap_loop() {
  std::unique_lock<std::mutex> lk(mu_);
  while (true) {
    std::vector<std::pair<uint32_t, int>> reports;
    if (!stopping_) reports.swap(failed_launches_);
    auto now = std::chrono::steady_clock::now();
    for (auto it = children_.begin(); it != children_.end();) {
      Child& c = it->second;
      siginfo_t info{};
      // WNOWAIT: the exited leader keeps its pid (and so the group id) until the
      // leftovers of the job (background processes) have been killed.
      int rc = ::waitid(P_PID, c.pid, &info, WEXITED | WNOHANG | WNOWAIT);
      if (rc == 0 && info.si_pid == c.pid) {
        ::kill(-c.pid, SIGKILL);
        int status = 0;
        ::waitpid(c.pid, &status, 0);
        ::unlink((c.spool + "/slurm_script").c_str());
        ::rmdir(c.spool.c_str());
        if (!c.killed) reports.emplace_back(it->first, status);
        it = children_.erase(it);
        continue;
      }
      if (rc != 0 && errno == ECHILD) {
        std::error_code ignored;
        std::filesystem::remove_all(c.spool, ignored);
        it = children_.erase(it);  // reaped elsewhere: nothing left to wait for
        continue;
      }
      if (c.killed && now >= c.kill_at) ::kill(-c.pid, SIGKILL);
      ++it;
    }
    if (!reports.empty()) {
      lk.unlock();
      for (const auto& [id, status] : reports) report_(id, status);
      lk.lock();
      continue;
    }
    if (stopping_ && children_.empty()) break;
    cv_.wait_for(lk, std::chrono::milliseconds(20));
  }
}

void LocalRunner::stop() {
  {
    std::lock_guard<std::mutex> g(mu_);
    if (stopping_) return;
    stopping_ = true;
    for (auto& [id, c] : children_) kill_child(&c);
    cv_.notify_all();
  }
  if (reaper_.joinable()) reaper_.join();
  std::error_code ignored;
  std::filesystem::remove_all(spool_root_, ignored);
}

}  // namespace mock_slurmrestd
