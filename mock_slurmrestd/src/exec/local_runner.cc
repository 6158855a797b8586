// LocalRunner: batch scripts as real processes (Boost.Process), reaped on a background thread.
#include "exec/local_runner.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace mock_slurmrestd {
namespace {

namespace bp = boost::process;

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

// Everything the child needs between fork and exec, prepared before the fork: a forked
// child of a threaded server may only make async-signal-safe calls (no allocation, no NSS).
struct LaunchPlan {
  std::string script;
  std::vector<std::string> arg_strings, env_strings;
  std::vector<char*> argv, envp;
  std::string cwd;       // the job's working directory, entered after the user switch
  std::string out, err;  // err empty: stderr goes to the stdout file
  std::string in;
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;
  std::string chdir_error;  // "slurmstepd-NODE: error: couldn't chdir to `DIR': "
};

// Marks every descriptor from `from` up close-on-exec: the server's sockets, the watchdog's
// pipe and any file of another job must not reach the script.
void cloexec_from(int from) {
  if (::close_range(from, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
  struct rlimit rl;
  int max = ::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 65536
                ? static_cast<int>(rl.rlim_cur)
                : 65536;
  for (int fd = from; fd < max; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
}

void write_all(int fd, const char* s, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, s, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    s += w;
    n -= static_cast<size_t>(w);
  }
}

// Watchdog records: 8 bytes, written whole (below PIPE_BUF).
constexpr int kWatchAdd = 1, kWatchRemove = 2;
constexpr size_t kWatchCapacity = 1 << 16;

// The batch step's launch as a Boost.Process handler: what slurmstepd does for the batch
// shell between fork and exec, in its order.
//
// Async-signal-safety: the server is threaded, so between fork and exec the child may only
// make async-signal-safe calls (no allocation, no locks, no NSS lookups). Everything the child
// needs (argv, envp, file names, uid/gid/groups, the chdir message) is prepared in the parent
// in the LaunchPlan; on_exec_setup uses only syscalls and strlen/strerrordesc_np on static
// data, and reports a failed setup with one write(2) to a close-on-exec pipe of our own.
// Boost itself, after a failed execve, only stores errno and a message short enough for
// std::string's inline buffer, then writes and _exit()s.
//
// Boost's pipe(2) is not atomically close-on-exec (its write end gets FD_CLOEXEC a moment
// later): a program exec'ed by another thread in between would hold it and delay the read.
// The mock forks nothing but these children and the watchdog, and each marks or closes every
// descriptor from 3 up before it execs, so none can.
//
// Failures come back as the error code of the launch: Slurm's step errors
// (kSlurmdSetUidOrGidError, kSlurmdIoError: no errno is that large) for credentials and I/O,
// through our pipe; the exec's errno otherwise, through Boost's (the constructor fails).
struct BatchStep : bp::extend::handler {
  LaunchPlan* plan;
  int watchdog_fd;    // the watchdog's pipe (close-on-exec, still open in the child)
  int report_fd;      // write end of the launch report pipe (close-on-exec; see `fail`)
  pid_t* failed_pid;  // set in the parent when the launch failed after the fork

  // The script's argv (argv[0]: the script, as bp::exe names it) and envp exactly as
  // prepared: Boost 1.74's builders would take &arg.front() of each argument (undefined for
  // the empty one a job's argv may hold) and match variables by name prefix (a name holding
  // '=' could replace another). The executor's cmd_line/env members are the extension API's
  // way to set them.
  template <class Executor>
  void on_setup(Executor& exec) const {
    exec.cmd_line = plan->argv.data();
    exec.env = plan->envp.data();
  }

  template <class Executor>
  void on_exec_setup(Executor& exec) const {
    const LaunchPlan& p = *plan;
    // Not exec.set_error: Boost 1.74's child side writes the code and the message length in
    // two write(2)s, and its parent reads them with one read(2) of 8 bytes; a read between the
    // two leaves the length uninitialised and the parent throws std::length_error (seen under
    // TSan: "basic_string::_M_create"). One 4-byte write to our own pipe cannot be split.
    const int report_fd = this->report_fd;
    auto fail = [report_fd](int slurm_error) {
      int32_t code = slurm_error;
      while (::write(report_fd, &code, sizeof(code)) < 0 && errno == EINTR) {}
      ::_exit(127);
    };
    // A process group of its own, so a signal reaches the whole script, registered with the
    // watchdog at once (so a server killed from here on still takes it along); default
    // signal handling (the server ignores SIGPIPE and its threads may block signals; exec
    // keeps both).
    ::setpgid(0, 0);
    if (watchdog_fd >= 0) {
      int32_t rec[2] = {kWatchAdd, static_cast<int32_t>(::getpid())};
      while (::write(watchdog_fd, rec, sizeof(rec)) < 0 && errno == EINTR) {}
    }
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    // Boost 1.74 has no descriptor limiting of its own; its error pipe is close-on-exec.
    cloexec_from(3);
    // The job's user before anything of the job is touched: groups, then gid, then uid (after
    // setuid the others can no longer be changed). Each must succeed, and root must be gone.
    if (p.switch_user) {
      if (::setgroups(p.groups.size(), p.groups.data()) != 0) fail(kSlurmdSetUidOrGidError);
      if (::setgid(p.gid) != 0) fail(kSlurmdSetUidOrGidError);
      if (::setuid(p.uid) != 0) fail(kSlurmdSetUidOrGidError);
      if (p.uid != 0 && (::setuid(0) == 0 || ::geteuid() != p.uid || ::getegid() != p.gid))
        fail(kSlurmdSetUidOrGidError);
    }
    // Output files with the user's rights: stdout first, then stderr, then stdin (an error
    // file that cannot be opened leaves the created stdout file behind, as on the oracle).
    int out = ::open(p.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (out < 0) fail(kSlurmdIoError);
    int err = out;
    if (!p.err.empty()) {
      err = ::open(p.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
      if (err < 0) fail(kSlurmdIoError);
    }
    int in = ::open(p.in.c_str(), O_RDONLY);
    if (in < 0) fail(kSlurmdIoError);
    if (::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) fail(kSlurmdIoError);
    for (int fd : {in, out, err})
      if (fd > 2) ::close(fd);
    // A working directory the user cannot enter: slurmstepd says so on the job's stderr
    // (twice, as seen on the oracle) and runs the script in /tmp. (Not bp::start_dir: that
    // would fail the launch instead.)
    if (::chdir(p.cwd.c_str()) != 0) {
      const char* why = ::strerrordesc_np(errno);
      if (!why) why = "Unknown error";
      for (int i = 0; i < 2; ++i) {
        write_all(2, p.chdir_error.data(), p.chdir_error.size());
        write_all(2, why, ::strlen(why));
        static const char kTail[] = ": going to /tmp instead\n";
        write_all(2, kTail, sizeof(kTail) - 1);
      }
      if (::chdir("/tmp") != 0) fail(kSlurmdIoError);
    }
    // Boost execve()s the script next.
  }

  template <class Executor>
  void on_error(Executor& exec, const std::error_code&) const {
    *failed_pid = exec.pid;  // -1 when it failed before the fork
  }
};

// The groups a user's processes get (as initgroups would set them), looked up before the fork.
std::vector<gid_t> groups_of(const std::string& user, gid_t gid) {
  int n = 32;
  std::vector<gid_t> groups(n);
  while (::getgrouplist(user.c_str(), gid, groups.data(), &n) < 0) {
    if (n <= static_cast<int>(groups.size())) n = static_cast<int>(groups.size()) * 2;
    groups.resize(n);
  }
  groups.resize(n);
  return groups;
}

// The watchdog process: reads add/remove records until the server's end of the pipe closes
// (the server exited, however it died), then kills every group still registered and removes
// the spool (by exec'ing `rm_argv`: rm -rf -- SPOOL). Forked from a possibly threaded
// process: async-signal-safe calls only, on a table and arguments allocated before.
// A plain fork, not Boost.Process: the watchdog runs this function of the server's own image
// and only exec()s (rm) after the server is gone, while bp::child exists to exec a program
// right after the fork and reports success only once that exec has happened.
[[noreturn]] void run_watchdog(int fd, pid_t* table, char* const* rm_argv) {
  // Its own process group, deaf to the terminal's and a stop request's signals: only the
  // end of the server ends it.
  ::setpgid(0, 0);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2})
    ::signal(sig, SIG_IGN);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  // Nothing of the server's stays open here (its sockets, other runners' pipes).
  int devnull = ::open("/dev/null", O_RDWR);
  if (devnull >= 0) {
    ::dup2(devnull, 0);
    ::dup2(devnull, 1);
    ::dup2(devnull, 2);
  }
  int keep = ::fcntl(fd, F_DUPFD, 3);
  if (keep < 0) ::_exit(1);
  if (keep > 3) ::close_range(3, keep - 1, 0);
  ::close_range(keep + 1, ~0U, 0);
  size_t count = 0;
  int32_t rec[2];
  while (true) {
    ssize_t n = ::read(keep, rec, sizeof(rec));
    if (n < 0 && errno == EINTR) continue;
    if (n != static_cast<ssize_t>(sizeof(rec))) break;  // EOF: the server is gone
    if (rec[0] == kWatchAdd && count < kWatchCapacity) {
      table[count++] = rec[1];
    } else if (rec[0] == kWatchRemove) {
      for (size_t i = 0; i < count; ++i)
        if (table[i] == rec[1]) {
          table[i] = table[--count];
          break;
        }
    }
  }
  for (size_t i = 0; i < count; ++i) {
    ::kill(-table[i], SIGCONT);
    ::kill(-table[i], SIGKILL);
  }
  // After a normal stop the spool is gone already; after a crash this cleans it up.
  static char* const kNoEnv[] = {nullptr};
  ::execve("/bin/rm", rm_argv, kNoEnv);
  ::_exit(0);
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
    : report_(std::move(report)),
      cluster_name_(std::move(cluster_name)),
      kill_wait_(kill_wait),
      as_root_(::geteuid() == 0) {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/mock-slurmrestd-exec.XXXXXX";
  if (!::mkdtemp(templ.data())) throw std::system_error(errno, std::generic_category(), templ);
  spool_root_ = templ;
  // Scripts run as their users must reach their own spool directory (each is the user's and
  // 0700); nobody may list or change the root.
  if (as_root_) ::chmod(spool_root_.c_str(), 0711);
  start_watchdog();
  reaper_ = std::thread([this] { reap_loop(); });
}

LocalRunner::~LocalRunner() { stop(); }

void LocalRunner::start_watchdog() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw std::system_error(errno, std::generic_category(), "pipe2");
  std::vector<pid_t> table(kWatchCapacity);  // the child's table, allocated before the fork
  std::string rm = "rm", rf = "-rf", dashes = "--", spool = spool_root_;
  char* const rm_argv[] = {rm.data(), rf.data(), dashes.data(), spool.data(), nullptr};
  pid_t pid = ::fork();
  if (pid < 0) {
    int e = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    throw std::system_error(e, std::generic_category(), "fork (watchdog)");
  }
  if (pid == 0) run_watchdog(fds[0], table.data(), rm_argv);
  ::close(fds[0]);
  watchdog_pid_ = pid;
  watchdog_fd_ = fds[1];
}

void LocalRunner::tell_watchdog(int op, pid_t pgid) {
  if (watchdog_fd_ < 0) return;
  int32_t rec[2] = {op, static_cast<int32_t>(pgid)};
  while (::write(watchdog_fd_, rec, sizeof(rec)) < 0 && errno == EINTR) {}
}

void LocalRunner::on_start(const scheduler_sim::Job& job) {
  std::lock_guard<std::mutex> g(mu_);
  const uint32_t id = job.job_id;
  auto fail = [&](int wait_status, int launch_error = 0) {
    failed_launches_.push_back({id, wait_status, launch_error});
    cv_.notify_all();
  };
  if (stopping_) return fail(1 << 8);
  const scheduler_sim::JobSpec& spec = job.spec;

  LaunchPlan plan;
  if (as_root_) {
    // The simulator never starts a job of a user the host does not know (it is requeued);
    // should one arrive, it must not run as root.
    if (!job.user.known) return fail(0, kSlurmdSetUidOrGidError);
    plan.switch_user = true;
    plan.uid = job.user.uid;
    plan.gid = job.user.gid;
    plan.groups = groups_of(job.user.name, job.user.gid);
  }

  // The script goes to a spool file, as slurmd writes it before exec: in a directory of the
  // job's user, readable and executable by them only.
  static uint64_t seq = 0;
  std::string spool = spool_root_ + "/job" + std::to_string(id) + "." + std::to_string(++seq);
  plan.script = spool + "/slurm_script";
  if (::mkdir(spool.c_str(), 0700) != 0) return fail(errno << 8);
  {
    std::ofstream f(plan.script, std::ios::binary);
    f << spec.script;
    if (!f) return fail(1 << 8);
  }
  ::chmod(plan.script.c_str(), 0700);
  if (plan.switch_user && (::chown(plan.script.c_str(), plan.uid, plan.gid) != 0 ||
                           ::chown(spool.c_str(), plan.uid, plan.gid) != 0)) {
    std::error_code ignored;
    std::filesystem::remove_all(spool, ignored);
    return fail(0, kSlurmdSetUidOrGidError);
  }

  // Relative file names are taken in the job's working directory even when it cannot be
  // entered (the oracle then fails to open <dir>/slurm-<id>.out); the child enters it, or
  // falls back to /tmp, after becoming the user.
  std::string cwd = spec.current_working_directory.value_or("/tmp");
  if (cwd.empty()) cwd = "/tmp";
  plan.cwd = cwd;
  plan.chdir_error = "slurmstepd-" + job.batch_host + ": error: couldn't chdir to `" + cwd + "': ";
  std::string out_pattern =
      spec.standard_output.value_or(job.array_task_id ? "slurm-%A_%a.out" : "slurm-%j.out");
  plan.out = absolute(expand_file_pattern(out_pattern, job), cwd);
  if (spec.standard_error) plan.err = absolute(expand_file_pattern(*spec.standard_error, job), cwd);
  plan.in = spec.standard_input ? absolute(expand_file_pattern(*spec.standard_input, job), cwd)
                                : "/dev/null";

  std::map<std::string, std::string> env(spec.environment.begin(), spec.environment.end());
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
  // No HOME, USER or LOGNAME of its own: slurmd passes only the job's environment (oracle:
  // a REST job with {"PATH": ...} sees none of them).
  for (const auto& [k, v] : env) plan.env_strings.push_back(k + "=" + v);
  // argv[0] is the script itself; the job's argv supplies the arguments after it.
  plan.arg_strings.push_back(plan.script);
  for (size_t i = 1; i < spec.argv.size(); ++i) plan.arg_strings.push_back(spec.argv[i]);
  for (auto& a : plan.arg_strings) plan.argv.push_back(a.data());
  plan.argv.push_back(nullptr);
  for (auto& e : plan.env_strings) plan.envp.push_back(e.data());
  plan.envp.push_back(nullptr);

  // The child reports a failed batch step setup (Slurm's error code, 4 bytes) on this pipe;
  // a successful exec closes it (close-on-exec) with nothing written.
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) return fail(errno << 8);
  pid_t failed_pid = -1;
  std::error_code ec;
  bp::child child(bp::exe = plan.script, BatchStep{{}, &plan, watchdog_fd_, report[1], &failed_pid},
                  ec);
  child.detach();  // reaped by reap_loop with waitid/waitpid, never by bp::child
  ::close(report[1]);
  int32_t setup_error = 0;
  // Boost's constructor returned after the child's exec or exit, so this read ends at once.
  ssize_t got;
  while ((got = ::read(report[0], &setup_error, sizeof(setup_error))) < 0 && errno == EINTR) {}
  ::close(report[0]);
  if (!ec && got == static_cast<ssize_t>(sizeof(setup_error))) {
    failed_pid = child.id();
    ec = std::error_code(setup_error, std::system_category());
  }
  if (ec) {
    if (failed_pid > 0) {
      // Unregistered while the unreaped child still holds the id (see reap_loop).
      tell_watchdog(kWatchRemove, failed_pid);
      int status = 0;
      while (::waitpid(failed_pid, &status, 0) < 0 && errno == EINTR) {}
    }
    std::error_code ignored;
    std::filesystem::remove_all(spool, ignored);
    const int code = ec.value();
    if (code == kSlurmdSetUidOrGidError || code == kSlurmdIoError) return fail(0, code);
    // The exec (or the fork) failed: the batch step ends with the errno as its exit code (as
    // the oracle's 2048 = ENOEXEC << 8 for a script without `#!`).
    return fail((code & 0xff) << 8);
  }
  const pid_t pid = child.id();
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
    std::vector<Failure> reports;
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
        // Unregistered while the unreaped leader still holds the id, so the watchdog can
        // never kill a group that reuses it.
        tell_watchdog(kWatchRemove, c.pid);
        int status = 0;
        ::waitpid(c.pid, &status, 0);
        std::error_code ignored;
        std::filesystem::remove_all(c.spool, ignored);  // the user's directory: what they left
        if (!c.killed) reports.push_back({it->first, status, 0});
        it = children_.erase(it);
        continue;
      }
      if (rc != 0 && errno == ECHILD) {
        tell_watchdog(kWatchRemove, c.pid);
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
      for (const Failure& r : reports) report_(r.job_id, r.wait_status, r.launch_error);
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
  // Every group is reaped: the watchdog sees the pipe close and ends with nothing to kill.
  if (watchdog_fd_ >= 0) ::close(watchdog_fd_);
  watchdog_fd_ = -1;
  if (watchdog_pid_ > 0) {
    while (::waitpid(watchdog_pid_, nullptr, 0) < 0 && errno == EINTR) {}
    watchdog_pid_ = 0;
  }
}

}  // namespace mock_slurmrestd
