// GET /slurm/v0.0.45/conf against the real 26.05.5 daemon's answers: one recording per fixture
// (tests/data/oracle/26.05/asked/conf/, contract_tests/tools/record_conf_2605.py) and the routes
// story's (asked/routes/088-090). The mock is started on the same fixture; keys, order, types and
// values must match, except the launcher's own settings (docs/differences.md N15), compared by
// type.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "release_replay.h"

namespace mock_slurmrestd {
namespace {

const std::string kOracle = MOCK_ORACLE_DATA_DIR;
const std::string kRoot = MOCK_SOURCE_DIR;

// What the launcher sets for a loopback run, which the mock has no file, port or user for
// (docs/differences.md N15); and the instants and digest of the recorded run.
const std::set<std::string> kHostFacts = {
    "AuthAltParameters", "AuthInfo",      "SlurmctldLogFile", "SlurmctldPidFile",
    "SlurmdLogFile",     "SlurmdPidFile", "SlurmdSpoolDir",   "StateSaveLocation",
    "SlurmctldPort",     "SlurmdPort",    "SlurmUser",        "SlurmUserId",
    "machine",           "LastUpdate",    "BOOT_TIME",        "HashValue",
    "SLURM_CONF",        "source"};
// Keys the oracle fixture sets and the launcher leaves out of the daemon's slurm.conf: not
// compared (what slurmctld makes of the fixture's values was not seen).
const char* const kLeftOutByLauncher[] = {"PrivateData", "CommunicationParameters"};

struct Conf {
  explicit Conf(const std::string& fixture)
      : app(scheduler_sim::load_slurm_conf(fixture), replay::options("26.05", 1796630199),
            *find_release("26.05")) {
    register_routes(app);
  }
  Response ask(const Json& request) {
    Request req;
    req.method = request["method"];
    split_target(request["path"], &req.path, &req.raw_query);
    const std::string user = request["headers"]["X-SLURM-USER-NAME"];
    req.headers.emplace("x-slurm-user-name", user);
    req.headers.emplace("x-slurm-user-token", mint_token(app.jwt_key(), user, 3600, wall_now()));
    req.peer = "127.0.0.1:40000";
    req.local_port = 7190;
    return handle_request(app, req);
  }
  App app;
};

std::vector<std::string> differences(Conf& c, const Json& rec) {
  replay::Comparison cmp;
  cmp.volatile_keys = kHostFacts;
  const Response r = c.ask(rec["request"]);
  Json want = rec["answer"]["body"];
  if (rec.contains("fixture") &&
      rec["fixture"].get<std::string>().find("/oracle/") != std::string::npos) {
    Json got = Json::parse(r.text());
    for (const char* k : kLeftOutByLauncher) {
      got["slurm_conf"].erase(k);
      want["slurm_conf"].erase(k);
    }
    if (r.status != 200) cmp.diffs.push_back("status " + std::to_string(r.status));
    cmp.compare(got, want, "body");
    return cmp.diffs;
  }
  cmp.answer(r, rec["answer"], want);
  return cmp.diffs;
}

TEST(Release2605Conf, EachFixtureAnswersAsRecorded) {
  int fixtures = 0;
  for (const auto& e : std::filesystem::directory_iterator(kOracle + "/26.05/asked/conf")) {
    const Json rec = replay::load(e.path().string());
    Conf c(kRoot + "/" + rec["fixture"].get<std::string>());
    for (const auto& d : differences(c, rec)) ADD_FAILURE() << e.path().filename() << ": " << d;
    ++fixtures;
  }
  EXPECT_GE(fixtures, 4);
}

// The routes story asked /conf after seven submissions, as the job user and as root, and of
// v0.0.44, which has no /conf.
TEST(Release2605Conf, RoutesStoryAnswersAsRecorded) {
  Conf c(kRoot + "/fixtures/clusters/parallelcluster/slurm.conf");
  {
    auto locked = c.app.lock();
    for (int i = 0; i < 7; ++i) {
      scheduler_sim::JobSpec s;
      s.script = "#!/bin/sh\nsleep 300";
      s.hold = true;
      s.partition = "queue1";
      s.current_working_directory = "/tmp";
      s.environment["PATH"] = "/bin:/usr/bin";
      scheduler_sim::SubmitResult r;
      const scheduler_sim::Status st = locked.sim().submit(s, replay::kRecordedUser, &r);
      ASSERT_TRUE(st.ok()) << st.message();
    }
  }
  for (const char* name : {"088_conf_user", "089_conf_root", "090_conf_v44_unrouted"}) {
    const Json rec = replay::load(kOracle + "/26.05/asked/routes/" + name + ".json");
    for (const auto& d : differences(c, rec)) ADD_FAILURE() << name << ": " << d;
  }
}

// A key the file sets is reported in the type slurmctld reports it in; the rest keep the table.
TEST(Release2605Conf, FileValuesTakeTheDefaultsType) {
  const std::string path = ::testing::TempDir() + "/conf_types.conf";
  {
    std::ofstream out(path);
    out << "ClusterName=Types\nKillWait=7\nSchedulerParameters=bf_continue,defer\n"
           "SelectTypeParameters=CR_Core_Memory\nJobRequeue=0\nDefMemPerCPU=512\n"
           "TaskPlugin=task/none\nReturnToService=2\n"
           "NodeName=n[1-3] CPUs=2\nPartitionName=p Nodes=n[1-3] Default=YES\n";
  }
  Conf c(path);
  const Json request = {{"method", "GET"},
                        {"path", "/slurm/v0.0.45/conf"},
                        {"headers", {{"X-SLURM-USER-NAME", "ec2-user"}}}};
  const Json conf = Json::parse(c.ask(request).text())["slurm_conf"];
  EXPECT_EQ(conf["ClusterName"], "types");
  EXPECT_EQ(conf["KillWait"], 7);
  EXPECT_EQ(conf["SchedulerParameters"], Json::array({"bf_continue", "defer"}));
  EXPECT_EQ(conf["SelectTypeParameters"], Json::array({"CR_CORE_MEMORY"}));
  EXPECT_EQ(conf["JobRequeue"], false);
  EXPECT_EQ(conf["TaskPlugin"], Json::array());  // TaskPlugin=task/none, measured
  EXPECT_EQ(conf["ReturnToService"], "all");     // ReturnToService=2, measured
  EXPECT_EQ(conf["DefMemPerCPU"], Json::parse(R"({"set":true,"infinite":false,"number":512})"));
  EXPECT_EQ(conf["MaxNodeCount"], 3);
  EXPECT_EQ(conf["MessageTimeout"], 10);  // not in the file: slurmctld's
  EXPECT_EQ(conf.size(), 220u);
}

}  // namespace
}  // namespace mock_slurmrestd
