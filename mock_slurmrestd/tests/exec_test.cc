// --exec local: real /bin/bash batch scripts behind the REST API, and --rules files.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "app.h"
#include "auth.h"
#include "exec/local_runner.h"
#include "exec/rules_file.h"
#include "mock_slurmrestd/server.h"
#include "scheduler_sim/slurm_conf.h"

namespace mock_slurmrestd {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Waits until `path` holds a whole line (a script writes it once it got that far); false
// after `within`.
bool wait_for_line(const std::string& path, milliseconds within = milliseconds(5000)) {
  auto end = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < end) {
    std::string s = read_file(path);
    if (!s.empty() && s.back() == '\n') return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return false;
}

// True once no process is left in the group (polls: the reaper works asynchronously).
bool group_gone(pid_t pgid, milliseconds within = milliseconds(5000)) {
  auto end = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < end) {
    if (::kill(-pgid, 0) != 0 && errno == ESRCH) return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return false;
}

class TempDir {
 public:
  TempDir() {
    std::string t = "/tmp/exec_test.XXXXXX";
    if (!::mkdtemp(t.data())) throw std::runtime_error("mkdtemp");
    path_ = t;
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The test process's own user name: with --exec local as root, scripts run as the token's
// user, so tests that only need a script to run use their own.
std::string own_user() {
  struct passwd* pw = ::getpwuid(::geteuid());
  return pw ? pw->pw_name : "ec2-user";
}

// A server (no sockets needed: Server::handle runs the whole request path). Its token is for
// `user`; by default the test's own user for --exec local, else ec2-user.
class Api {
 public:
  explicit Api(ExecMode exec, std::string user = "") {
    if (user.empty()) user = exec == ExecMode::kLocal ? own_user() : "ec2-user";
    ServerOptions o;
    o.port = 0;
    o.clock = exec == ExecMode::kLocal ? ClockMode::kReal : ClockMode::kManual;
    o.start_time = exec == ExecMode::kLocal ? 0 : 1700000000;
    o.jwt_key = std::string(32, 'k');
    o.exec = exec;
    server_ = std::make_unique<Server>(scheduler_sim::default_cluster(), o);
    headers_ = {{"X-SLURM-USER-NAME", user},
                {"X-SLURM-USER-TOKEN", server_->mint_token(user, 3600)},
                {"Content-Type", "application/json"}};
  }
  json call(const std::string& method, const std::string& target, const std::string& body = "") {
    HttpResult r = server_->handle(method, target, headers_, body);
    EXPECT_EQ(r.status, 200) << method << " " << target << ": " << r.body;
    return json::parse(r.body);
  }
  uint32_t submit(const json& doc) {
    json r = call("POST", "/slurm/v0.0.36/job/submit", doc.dump());
    return r.at("job_id").get<uint32_t>();
  }
  json job(uint32_t id) {
    return call("GET", "/slurm/v0.0.36/job/" + std::to_string(id))["jobs"][0];
  }
  // Polls until the job has left RUNNING/PENDING (real scripts take real time).
  json wait_done(uint32_t id, milliseconds within = milliseconds(10000)) {
    auto end = std::chrono::steady_clock::now() + within;
    json j = job(id);
    while (std::chrono::steady_clock::now() < end &&
           (j["job_state"] == "RUNNING" || j["job_state"] == "PENDING")) {
      std::this_thread::sleep_for(milliseconds(20));
      j = job(id);
    }
    return j;
  }
  Server& server() { return *server_; }

 private:
  std::unique_ptr<Server> server_;
  std::multimap<std::string, std::string> headers_;
};

json job_doc(const std::string& script, const std::string& cwd) {
  return json{{"job",
               {{"name", "test"},
                {"current_working_directory", cwd},
                {"environment", {{"PATH", "/bin:/usr/bin"}}}}},
              {"script", script}};
}

// The fields a client reads to learn how a job ended.
json outcome(const json& j) {
  return json{{"job_state", j["job_state"]},
              {"state_reason", j["state_reason"]},
              {"exit_code", j["exit_code"]},
              {"derived_exit_code", j["derived_exit_code"]}};
}

TEST(ExecLocalTest, TheBlogsJobReallyWritesItsOutputFile) {
  TempDir dir;
  json doc = json::parse(read_file(std::string(MOCK_SOURCE_DIR) + "/fixtures/jobs/blog_job.json"));
  doc["job"]["current_working_directory"] = dir.path();
  doc["job"]["standard_output"] = dir.path() + "/test.out";
  doc["job"]["standard_error"] = dir.path() + "/test_error.out";
  Api api(ExecMode::kLocal);
  uint32_t id = api.submit(doc);
  json j = api.wait_done(id);
  EXPECT_EQ(j["job_state"], "COMPLETED");
  EXPECT_EQ(j["exit_code"], 0);
  EXPECT_EQ(read_file(dir.path() + "/test.out"), "I am from the REST API\n");
  EXPECT_EQ(read_file(dir.path() + "/test_error.out"), "");
}

TEST(ExecLocalTest, PatternsCwdEnvironmentAndDefaultOutput) {
  TempDir dir;
  Api api(ExecMode::kLocal);
  json doc = job_doc(
      "#!/bin/bash\npwd\necho \"$SLURM_JOB_ID $SLURM_JOB_NAME $SLURM_JOB_PARTITION "
      "$SLURM_JOB_NODELIST $ENVIRONMENT $FOO\"\necho oops >&2\n",
      dir.path());
  doc["job"]["environment"]["FOO"] = "bar";
  doc["job"]["standard_output"] = "%x-%j-%u-%A-%a.out";  // relative: in the working directory
  uint32_t id = api.submit(doc);
  EXPECT_EQ(api.wait_done(id)["job_state"], "COMPLETED");
  std::string name = "test-" + std::to_string(id) + "-" + own_user() + "-" + std::to_string(id) +
                     "-4294967294.out";
  EXPECT_EQ(read_file(dir.path() + "/" + name),
            dir.path() + "\n" + std::to_string(id) +
                " test queue1 queue1-dy-t3micro-1 BATCH bar\noops\n");
  // No standard_output: slurm-%j.out in the working directory, as sbatch does.
  uint32_t id2 = api.submit(job_doc("#!/bin/bash\necho plain", dir.path()));
  EXPECT_EQ(api.wait_done(id2)["job_state"], "COMPLETED");
  EXPECT_EQ(read_file(dir.path() + "/slurm-" + std::to_string(id2) + ".out"), "plain\n");
}

TEST(ExecLocalTest, ExitCodesMatchTheSimulatedView) {
  TempDir dir;
  Api real(ExecMode::kLocal), sim(ExecMode::kSimulated);
  for (const char* script : {"#!/bin/bash\nexit 3", "#!/bin/bash\ntrue", "#!/nonexistent/sh\n"}) {
    SCOPED_TRACE(script);
    json r = real.wait_done(real.submit(job_doc(script, dir.path())));
    sim.server().advance_clock(5);
    json s = sim.wait_done(sim.submit(job_doc(script, dir.path())));
    if (std::string(script).find("exit 3") != std::string::npos) {
      EXPECT_EQ(r["job_state"], "FAILED");
      EXPECT_EQ(r["state_reason"], "NonZeroExitCode");
      EXPECT_EQ(r["exit_code"], 768);
    }
    if (std::string(script).find("nonexistent") != std::string::npos) {
      // exec fails with ENOENT: exit code 2 (the simulation cannot know; the oracle's
      // script without #! fails the same way with ENOEXEC, 2048).
      EXPECT_EQ(r["job_state"], "FAILED");
      EXPECT_EQ(r["exit_code"], 512);
      continue;
    }
    EXPECT_EQ(outcome(r), outcome(s));
  }
}

TEST(ExecLocalTest, DeleteWithSigusr1EndsTheScriptLikeTheSimulatedJob) {
  TempDir dir;
  Api real(ExecMode::kLocal), sim(ExecMode::kSimulated);
  std::string script = "#!/bin/bash\necho up > ready\nsleep 30\n";
  uint32_t id = real.submit(job_doc(script, dir.path()));
  uint32_t sid = sim.submit(job_doc(script, dir.path()));
  EXPECT_EQ(real.job(id)["job_state"], "RUNNING");
  // The signal must reach bash itself, not only its `sleep`: wait until bash runs the script.
  ASSERT_TRUE(wait_for_line(dir.path() + "/ready"));
  real.call("DELETE", "/slurm/v0.0.36/job/" + std::to_string(id) + "?signal=USR1");
  sim.call("DELETE", "/slurm/v0.0.36/job/" + std::to_string(sid) + "?signal=USR1");
  json r = real.wait_done(id);
  json s = sim.job(sid);
  EXPECT_EQ(r["job_state"], "FAILED");
  EXPECT_EQ(r["state_reason"], "JobLaunchFailure");
  EXPECT_EQ(r["exit_code"], SIGUSR1);
  EXPECT_EQ(outcome(r), outcome(s));
}

TEST(ExecLocalTest, AScriptThatTrapsTheSignalDecidesItsOwnEnd) {
  TempDir dir;
  Api api(ExecMode::kLocal);
  uint32_t id =
      api.submit(job_doc("#!/bin/bash\ntrap 'echo caught; exit 0' USR1\necho up > ready\n"
                         "while true; do sleep 0.05; done\n",
                         dir.path()));
  ASSERT_TRUE(wait_for_line(dir.path() + "/ready"));  // the trap is set
  api.call("DELETE", "/slurm/v0.0.36/job/" + std::to_string(id) + "?signal=USR1");
  json j = api.wait_done(id);
  EXPECT_EQ(j["job_state"], "COMPLETED");
  // bash may also report its `sleep` child killed by the same signal before the trap runs.
  std::string out = read_file(dir.path() + "/slurm-" + std::to_string(id) + ".out");
  EXPECT_TRUE(out.size() >= 7 && out.substr(out.size() - 7) == "caught\n") << out;
}

TEST(ExecLocalTest, CancelKillsTheProcessGroupAndStopLeavesNoOrphans) {
  TempDir dir;
  Api api(ExecMode::kLocal);
  // Each script notes its pid ($$: the group id); a background child shares the group and
  // must die with the script.
  uint32_t a =
      api.submit(job_doc("#!/bin/bash\necho $$ > a.pid\nsleep 30 &\nsleep 30\n", dir.path()));
  uint32_t b = api.submit(job_doc("#!/bin/bash\necho $$ > b.pid\nsleep 30 &\nwait\n", dir.path()));
  auto pgid_of = [&](const std::string& file) {
    for (int i = 0; i < 250; ++i) {
      std::string s = read_file(dir.path() + "/" + file);
      if (!s.empty() && s.back() == '\n') return static_cast<pid_t>(std::stol(s));
      std::this_thread::sleep_for(milliseconds(20));
    }
    return static_cast<pid_t>(0);
  };
  pid_t cancelled = pgid_of("a.pid"), left_running = pgid_of("b.pid");
  ASSERT_GT(cancelled, 0);
  ASSERT_GT(left_running, 0);
  EXPECT_EQ(::getpgid(cancelled), cancelled);  // its own process group
  api.call("DELETE", "/slurm/v0.0.36/job/" + std::to_string(a));
  json j = api.job(a);
  EXPECT_EQ(j["job_state"], "CANCELLED");
  EXPECT_EQ(j["exit_code"], 15);
  EXPECT_TRUE(group_gone(cancelled));
  EXPECT_EQ(api.job(b)["job_state"], "RUNNING");
  EXPECT_EQ(::kill(-left_running, 0), 0);
  api.server().stop();
  EXPECT_TRUE(group_gone(left_running));
}

TEST(ExecLocalTest, NeedsTheRealClock) {
  ServerOptions o;
  o.port = 0;
  o.clock = ClockMode::kManual;
  o.exec = ExecMode::kLocal;
  EXPECT_THROW(Server(scheduler_sim::default_cluster(), o), std::invalid_argument);
}

TEST(ExecLocalTest, TheClockCannotLeaveRealTimeWhileScriptsRun) {
  Api api(ExecMode::kLocal);
  HttpResult r = api.server().handle("POST", "/mock/v1/clock/mode?mode=manual", {}, "");
  EXPECT_EQ(r.status, 409);
  HttpResult ok = api.server().handle("POST", "/mock/v1/clock/mode?mode=real", {}, "");
  EXPECT_EQ(ok.status, 200);
}

// The runner alone: what the simulator's time limit (and cancel) path calls.
TEST(LocalRunnerTest, OnKillTermsThenKillsAndNeverReports) {
  TempDir dir;
  std::atomic<int> reports{0};
  LocalRunner runner([&](uint32_t, int, int) { ++reports; }, "c", milliseconds(200));
  scheduler_sim::Job job;
  job.job_id = 7;
  job.name = "stubborn";
  job.spec.current_working_directory = dir.path();
  // Ignores SIGTERM (and so do its children): only the SIGKILL after kill_wait ends it.
  job.spec.script = "#!/bin/bash\ntrap '' TERM\necho up > ready\nwhile true; do sleep 0.05; done\n";
  runner.on_start(job);
  std::optional<pid_t> pg = runner.process_group(7);
  ASSERT_TRUE(pg);
  ASSERT_TRUE(wait_for_line(dir.path() + "/ready"));  // TERM is ignored from here on
  auto t0 = std::chrono::steady_clock::now();
  runner.on_kill(7);
  EXPECT_FALSE(runner.process_group(7));
  ASSERT_TRUE(group_gone(*pg));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, milliseconds(150));  // survived the TERM
  EXPECT_EQ(reports, 0);
  // A script that ends by itself is reported with its wait status.
  std::atomic<int> status{-1};
  LocalRunner r2(
      [&](uint32_t id, int st, int) {
        if (id == 8) status = st;
      },
      "c", milliseconds(200));
  job.job_id = 8;
  job.spec.script = "#!/bin/bash\nexit 5\n";
  r2.on_start(job);
  for (int i = 0; i < 250 && status < 0; ++i) std::this_thread::sleep_for(milliseconds(20));
  EXPECT_EQ(status, 5 << 8);
  EXPECT_EQ(read_file(dir.path() + "/slurm-8.out"), "");
}

// The script gets the job's argv after its own path, byte for byte (an empty argument too),
// exactly the prepared environment, and no descriptor of the server beyond stdin/out/err.
TEST(LocalRunnerTest, ArgvEnvironmentAndDescriptorsReachTheScriptAsPrepared) {
  TempDir dir;
  std::atomic<int> status{-1};
  LocalRunner runner([&](uint32_t, int st, int) { status = st; }, "c", milliseconds(200));
  int leaked = ::open("/dev/null", O_RDONLY);  // not close-on-exec: must not reach the script
  ASSERT_GE(leaked, 3);
  scheduler_sim::Job job;
  job.job_id = 9;
  job.name = "args";
  job.spec.current_working_directory = dir.path();
  job.spec.argv = {"ignored", "", "a b", "x"};
  job.spec.environment = {{"EMPTY", ""}, {"K", "v=w"}, {"PATH", "/usr/bin:/bin"}};
  // Open descriptors from 3 to 99 (bash's own, reading the script, is 255); `[ -e ]` opens
  // none itself.
  job.spec.script =
      "#!/bin/bash\n"
      "echo \"$# [$1] [$2] [$3] ${0##*/}\"\n"
      "echo \"[${EMPTY-unset}] [$K] [${HOME-nohome}]\"\n"
      "for ((fd = 3; fd < 100; fd++)); do [ -e /proc/$$/fd/$fd ] && echo -n \"$fd \"; done\n"
      "echo end\n";
  runner.on_start(job);
  for (int i = 0; i < 250 && status < 0; ++i) std::this_thread::sleep_for(milliseconds(20));
  ::close(leaked);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(read_file(dir.path() + "/slurm-9.out"),
            "3 [] [a b] [x] slurm_script\n[] [v=w] [nohome]\nend\n");
}

// --- who the scripts run as (docs/security.md) ---

// The user a test's jobs run as: as root, `nobody` (every system has it), to whom `dir` is
// given; otherwise the test's own user (without root rights every script runs as that user,
// whatever name the token carries: AUserWithoutAnAccount).
struct JobUser {
  std::string name;
  uid_t uid;
  gid_t gid;
};
JobUser job_user() {
  if (::geteuid() != 0) return {own_user(), ::geteuid(), ::getegid()};
  struct passwd* pw = ::getpwnam("nobody");
  if (!pw) throw std::runtime_error("no user nobody");
  return {"nobody", pw->pw_uid, pw->pw_gid};
}

// A directory the job user owns, inside `parent` (opened up so that user can reach it).
std::string users_dir(const TempDir& parent, const JobUser& u, const std::string& name) {
  std::string d = parent.path() + "/" + name;
  if (::mkdir(d.c_str(), 0755) != 0 || ::chmod(parent.path().c_str(), 0755) != 0 ||
      ::chown(d.c_str(), u.uid, u.gid) != 0)
    throw std::runtime_error("cannot prepare " + d);
  return d;
}

struct stat stat_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st;
}

TEST(ExecAsUserTest, TheOutputFileBelongsToTheTokensUser) {
  TempDir dir;
  JobUser u = job_user();
  std::string home = users_dir(dir, u, "work");
  Api api(ExecMode::kLocal, u.name);
  json doc = job_doc(
      "#!/bin/bash\nid -u\nid -g\necho \"${HOME-unset} ${USER-unset} ${LOGNAME-unset}\"\n"
      "touch made-by-script\n",
      home);
  uint32_t id = api.submit(doc);
  json j = api.wait_done(id);
  EXPECT_EQ(j["job_state"], "COMPLETED");
  EXPECT_EQ(j["user_id"], u.uid);
  std::string out = home + "/slurm-" + std::to_string(id) + ".out";
  struct stat st = stat_of(out);
  EXPECT_EQ(st.st_uid, u.uid);
  EXPECT_EQ(st.st_gid, u.gid);
  EXPECT_EQ(stat_of(home + "/made-by-script").st_uid, u.uid);
  // As slurmd: no HOME, USER or LOGNAME unless the job's environment gives them (oracle).
  EXPECT_EQ(read_file(out),
            std::to_string(u.uid) + "\n" + std::to_string(u.gid) + "\nunset unset unset\n");
}

TEST(ExecAsUserTest, RootRightsAreGoneInTheScript) {
  TempDir dir;
  JobUser u = job_user();
  std::string home = users_dir(dir, u, "work");
  Api api(ExecMode::kLocal, u.name);
  // A root-only file: the script must not be able to read it, nor regain root.
  std::string secret = dir.path() + "/secret";
  std::ofstream(secret) << "s3cret\n";
  ::chmod(secret.c_str(), 0600);
  uint32_t id = api.submit(job_doc("#!/bin/bash\ncat " + secret +
                                       " || echo refused\n"
                                       "id -G\n",
                                   home));
  EXPECT_EQ(api.wait_done(id)["job_state"], "COMPLETED");
  std::string out = read_file(home + "/slurm-" + std::to_string(id) + ".out");
  if (::geteuid() == 0) {
    EXPECT_EQ(out.find("s3cret"), std::string::npos) << out;
    EXPECT_NE(out.find("refused"), std::string::npos) << out;
    // Root's supplementary groups are gone: only the user's own remain.
    EXPECT_EQ(out.find(" 0\n"), std::string::npos) << out;
    EXPECT_NE(out.rfind("\n" + std::to_string(u.gid)), std::string::npos) << out;
  } else {
    EXPECT_NE(out.find("s3cret"), std::string::npos) << out;  // the server's own user's file
  }
}

TEST(ExecAsUserTest, AnOutputFileTheUserMayNotWriteFailsTheLaunch) {
  TempDir dir;
  JobUser u = job_user();
  std::string home = users_dir(dir, u, "work");
  // As root: a root-owned directory others may enter but not write. Otherwise: one of our
  // own without write permission.
  std::string closed = dir.path() + "/closed";
  ASSERT_EQ(::mkdir(closed.c_str(), 0755), 0);
  if (::geteuid() != 0) ::chmod(closed.c_str(), 0555);
  Api api(ExecMode::kLocal, u.name);
  json doc = job_doc("#!/bin/bash\necho ran\n", home);
  doc["job"]["standard_output"] = closed + "/out.txt";
  uint32_t id = api.submit(doc);
  json j = api.wait_done(id);
  // Oracle: "Could not open stdout file ...: Permission denied": FAILED, JobLaunchFailure,
  // exit_code 4021 (ESLURMD_IO_ERROR), nothing ran.
  EXPECT_EQ(outcome(j), (json{{"job_state", "FAILED"},
                              {"state_reason", "JobLaunchFailure"},
                              {"exit_code", 4021},
                              {"derived_exit_code", 0}}));
  EXPECT_NE(::access((closed + "/out.txt").c_str(), F_OK), 0);
  // An error file that cannot be opened: the same, and the stdout file is left created.
  json doc2 = job_doc("#!/bin/bash\necho ran\n", home);
  doc2["job"]["standard_error"] = closed + "/err.txt";
  uint32_t id2 = api.submit(doc2);
  EXPECT_EQ(outcome(api.wait_done(id2))["exit_code"], 4021);
  std::string out2 = home + "/slurm-" + std::to_string(id2) + ".out";
  EXPECT_EQ(read_file(out2), "");
  EXPECT_EQ(stat_of(out2).st_uid, u.uid);
  // The default output in a working directory the user may enter but not write: the same.
  uint32_t id3 = api.submit(job_doc("#!/bin/bash\necho ran\n", closed));
  EXPECT_EQ(outcome(api.wait_done(id3))["exit_code"], 4021);
}

TEST(ExecAsUserTest, AWorkingDirectoryTheUserCannotEnterFallsBackToTmp) {
  TempDir dir;
  JobUser u = job_user();
  std::string home = users_dir(dir, u, "work");
  std::string locked = dir.path() + "/locked";
  ASSERT_EQ(::mkdir(locked.c_str(), ::geteuid() == 0 ? 0700 : 0), 0);
  Api api(ExecMode::kLocal, u.name);
  json doc = job_doc("#!/bin/bash\npwd\n", locked);
  doc["job"]["standard_output"] = home + "/out.txt";
  uint32_t id = api.submit(doc);
  json j = api.wait_done(id);
  EXPECT_EQ(j["job_state"], "COMPLETED");
  // Oracle: slurmstepd's message, twice, on the job's stderr, then the script runs in /tmp.
  std::string msg = "slurmstepd-" + j["batch_host"].get<std::string>() +
                    ": error: couldn't chdir to `" + locked +
                    "': Permission denied: going to /tmp instead\n";
  EXPECT_EQ(read_file(home + "/out.txt"), msg + msg + "/tmp\n");
  // A relative output name is still taken in that directory, so the launch fails (oracle).
  uint32_t id2 = api.submit(job_doc("#!/bin/bash\npwd\n", locked));
  EXPECT_EQ(outcome(api.wait_done(id2))["exit_code"], 4021);
  ::chmod(locked.c_str(), 0700);  // so TempDir can remove it
}

TEST(ExecAsUserTest, AUserWithoutAnAccount) {
  TempDir dir;
  ::chmod(dir.path().c_str(), 0777);
  const std::string name = "no-such-user-mock-exec";
  ASSERT_EQ(::getpwnam(name.c_str()), nullptr);
  Api api(ExecMode::kLocal, name);
  uint32_t id = api.submit(job_doc("#!/bin/bash\necho ran\n", dir.path()));
  std::string out = dir.path() + "/slurm-" + std::to_string(id) + ".out";
  if (::geteuid() == 0) {
    // As the real controller: accepted, uid/gid 99, and every start is undone (no credential
    // for an unknown user): PENDING, BeginTime, restarted; nothing ever runs.
    json j = api.job(id);
    EXPECT_EQ(j["user_id"], 99);
    EXPECT_EQ(j["group_id"], 99);
    EXPECT_EQ(j["job_state"], "PENDING");
    EXPECT_EQ(j["state_reason"], "BeginTime");
    EXPECT_EQ(j["restart_cnt"], 1);
    EXPECT_EQ(j["eligible_time"].get<int64_t>() - j["submit_time"].get<int64_t>(), 120);
    std::this_thread::sleep_for(milliseconds(300));
    EXPECT_NE(::access(out.c_str(), F_OK), 0);
    // Its owner can still cancel it.
    api.call("DELETE", "/slurm/v0.0.36/job/" + std::to_string(id));
    EXPECT_EQ(api.job(id)["job_state"], "CANCELLED");
  } else {
    // Not root: every script runs as the server's user, whatever the name (docs/security.md).
    json j = api.wait_done(id);
    EXPECT_EQ(j["job_state"], "COMPLETED");
    EXPECT_EQ(read_file(out), "ran\n");
    EXPECT_EQ(stat_of(out).st_uid, ::geteuid());
  }
}

TEST(ExecAsUserTest, SubmissionNeedsAValidTokenAndTheAdminApiCannotSubmit) {
  TempDir dir;
  Api api(ExecMode::kLocal);
  std::string body = job_doc("#!/bin/bash\necho ran\n", dir.path()).dump();
  std::multimap<std::string, std::string> none = {{"Content-Type", "application/json"}};
  EXPECT_EQ(api.server().handle("POST", "/slurm/v0.0.36/job/submit", none, body).status, 401);
  // A token signed with another key is refused (no job).
  std::multimap<std::string, std::string> forged = {
      {"Content-Type", "application/json"},
      {"X-SLURM-USER-NAME", "root"},
      {"X-SLURM-USER-TOKEN", mint_token(std::string(32, 'x'), "root", 3600, wall_now())}};
  HttpResult r = api.server().handle("POST", "/slurm/v0.0.36/job/submit", forged, body);
  EXPECT_NE(r.status, 200) << r.body;
  for (const char* path : {"/mock/v1/job/submit", "/mock/v1/../slurm/v0.0.36/job/submit",
                           "/mock/../slurm/v0.0.36/job/submit"})
    EXPECT_EQ(api.server().handle("POST", path, none, body).status, 404) << path;
  api.server().with_simulator(
      [](const scheduler_sim::Simulator& sim) { EXPECT_TRUE(sim.jobs().empty()); });
}

// --- every process group is reaped ---

// Scripts that leave a grandchild (`sleep 1000 &`) in their group and wait.
std::string lingering_script(const std::string& pid_file) {
  return "#!/bin/bash\necho $$ > " + pid_file + "\nsleep 1000 &\nwait\n";
}

pid_t read_pgid(const std::string& file) {
  for (int i = 0; i < 250; ++i) {
    std::string s = read_file(file);
    if (!s.empty() && s.back() == '\n') return static_cast<pid_t>(std::stol(s));
    std::this_thread::sleep_for(milliseconds(20));
  }
  return 0;
}

TEST(ExecReapTest, TimeLimitNodeFailureAndShutdownLeaveNoProcess) {
  TempDir dir;
  JobUser u = job_user();
  std::string home = users_dir(dir, u, "work");
  Api api(ExecMode::kLocal, u.name);
  json limited = job_doc(lingering_script("t.pid"), home);
  limited["job"]["time_limit"] = 1;
  uint32_t t = api.submit(limited);
  uint32_t n = api.submit(job_doc(lingering_script("n.pid"), home));
  pid_t tg = read_pgid(home + "/t.pid"), ng = read_pgid(home + "/n.pid");
  ASSERT_GT(tg, 0);
  ASSERT_GT(ng, 0);
  // The time limit (simulated time moved past it; the clock stays real).
  api.server().advance_clock(60);
  EXPECT_EQ(api.job(t)["job_state"], "TIMEOUT");
  EXPECT_TRUE(group_gone(tg));
  // Node failure: its node goes down.
  std::string node = api.job(n)["batch_host"];
  EXPECT_EQ(
      api.server().handle("POST", "/mock/v1/node/" + node + "/state?state=down", {}, "").status,
      200);
  EXPECT_EQ(api.job(n)["job_state"], "NODE_FAIL");
  EXPECT_TRUE(group_gone(ng));
  // Server shutdown (what SIGTERM/SIGINT lead to in main.cc).
  uint32_t s = api.submit(job_doc(lingering_script("s.pid"), home));
  pid_t sg = read_pgid(home + "/s.pid");
  ASSERT_GT(sg, 0);
  EXPECT_EQ(api.job(s)["job_state"], "RUNNING");
  EXPECT_EQ(::kill(-sg, 0), 0);
  api.server().stop();
  EXPECT_TRUE(group_gone(sg));
}

TEST(ExecReapTest, AKilledServersGroupsDieWithIt) {
  TempDir dir;
  std::string pid_file = dir.path() + "/w.pid";
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t server = ::fork();
  ASSERT_GE(server, 0);
  if (server == 0) {
    // The server's stand-in: a runner with one lingering script, then SIGKILL from outside.
    ::close(fds[0]);
    LocalRunner runner([](uint32_t, int, int) {}, "c", milliseconds(200));
    scheduler_sim::Job job;
    job.job_id = 1;
    job.name = "w";
    job.user = {"root", 0, 0};
    job.spec.current_working_directory = dir.path();
    job.spec.script = lingering_script(pid_file);
    runner.on_start(job);
    pid_t ids[2] = {runner.process_group(1).value_or(0), runner.watchdog_pid()};
    if (::write(fds[1], ids, sizeof(ids)) != sizeof(ids)) ::_exit(1);
    std::string spool = runner.spool_root();
    if (::write(fds[1], spool.c_str(), spool.size()) != static_cast<ssize_t>(spool.size()))
      ::_exit(1);
    ::close(fds[1]);
    ::pause();
    ::_exit(0);
  }
  ::close(fds[1]);
  pid_t ids[2] = {0, 0};
  bool got = ::read(fds[0], ids, sizeof(ids)) == static_cast<ssize_t>(sizeof(ids));
  char spool[4096] = {0};
  got = got && ::read(fds[0], spool, sizeof(spool) - 1) > 0;
  ::close(fds[0]);
  bool running = got && ids[0] > 0 && ids[1] > 0 && read_pgid(pid_file) > 0 &&
                 ::kill(-ids[0], 0) == 0;  // the script runs, its `sleep 1000` too
  ::kill(server, SIGKILL);
  ::waitpid(server, nullptr, 0);
  ASSERT_TRUE(running);
  EXPECT_TRUE(group_gone(ids[0]));
  // The watchdog ends too (reparented away from us; poll for it).
  bool watchdog_gone = false;
  for (int i = 0; i < 250 && !watchdog_gone; ++i) {
    watchdog_gone = ::kill(ids[1], 0) != 0;
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_TRUE(watchdog_gone);
  // And it removed the spool the dead server left behind.
  EXPECT_NE(std::string(spool).find("/mock-slurmrestd-exec."), std::string::npos) << spool;
  EXPECT_NE(::access(spool, F_OK), 0) << spool;
}

TEST(FilePatternTest, ExpandsSlurmsLetters) {
  scheduler_sim::Job job;
  job.job_id = 42;
  job.name = "n";
  job.user.name = "u";
  job.batch_host = "h1";
  EXPECT_EQ(expand_file_pattern("%x_%j_%u_%A_%a_%N_%%_%q_%5j", job),
            "n_42_u_42_4294967294_h1_%_%q_00042");
  job.array_job_id = 40;
  job.array_task_id = 3;
  EXPECT_EQ(expand_file_pattern("slurm-%A_%a.out%", job), "slurm-40_3.out%");
}

TEST(RulesFileTest, ParsesRulesAndRejectsBadOnes) {
  auto rules = parse_behavior_rules(
      R"([{"match": {"name": "a", "user": "bob"}, "runtime": "2m", "exit": 3},
          {"match": {"partition": "queue2"}, "runtime": 7}, {"exit": 0}])");
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].name, "a");
  EXPECT_EQ(rules[0].user, "bob");
  EXPECT_FALSE(rules[0].partition);
  EXPECT_EQ(rules[0].run_seconds, 120);
  EXPECT_EQ(rules[0].exit_code, 3);
  EXPECT_EQ(rules[1].partition, "queue2");
  EXPECT_EQ(rules[1].run_seconds, 7);
  EXPECT_FALSE(rules[1].exit_code);
  EXPECT_FALSE(rules[2].run_seconds);
  for (const char* bad :
       {"{}", "[1]", R"([{"exit": 256}])", R"([{"runtime": -1}])", R"([{"runtime": "5x"}])",
        R"([{"match": {"qos": "x"}}])", R"([{"sleep": 1}])", "[", R"([{"match": {"name": 1}}])"})
    EXPECT_THROW(parse_behavior_rules(bad), std::runtime_error) << bad;
}

TEST(RulesFileTest, RulesReachTheSimulatedJobs) {
  ServerOptions o;
  o.port = 0;
  o.clock = ClockMode::kManual;
  o.start_time = 1700000000;
  o.rules = parse_behavior_rules(R"([{"match": {"name": "test"}, "runtime": 60, "exit": 4}])");
  Server server(scheduler_sim::default_cluster(), o);
  scheduler_sim::JobSpec spec;
  spec.script = "#!/bin/bash\nsleep 1";
  spec.name = "test";
  scheduler_sim::SubmitResult r;
  ASSERT_TRUE(server.submit(spec, {"ec2-user", 1000, 1000}, &r).ok());
  const uint32_t id = r.job_id;
  server.advance_clock(59);
  server.with_simulator([&](const scheduler_sim::Simulator& sim) {
    EXPECT_EQ(sim.find_job(id)->state, scheduler_sim::JobState::kRunning);
  });
  server.advance_clock(1);
  server.with_simulator([&](const scheduler_sim::Simulator& sim) {
    EXPECT_EQ(sim.find_job(id)->state, scheduler_sim::JobState::kFailed);
    EXPECT_EQ(sim.find_job(id)->exit_status, 4 << 8);
  });
}

}  // namespace
}  // namespace mock_slurmrestd
