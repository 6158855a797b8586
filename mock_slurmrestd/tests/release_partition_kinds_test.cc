// docs/differences.md R8-R10 against the real daemons: partitions of every kind (OverSubscribe
// EXCLUSIVE/FORCE/YES/NO, DefaultTime, MaxNodes, states DOWN/DRAIN/INACTIVE), the update_time and
// flags query parameters of the node and partition reads, and HEAD, an unknown Accept, an
// unparsable path or query. Recorded per served version by
// contract_tests/tools/record_partition_kinds.py on fixtures/clusters/partition-kinds
// (tests/data/oracle/<release>/asked/partition_kinds/); the mock, started on the same fixture,
// must answer each as recorded.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "release_replay.h"

namespace mock_slurmrestd {
namespace {

const std::string kOracle = MOCK_ORACLE_DATA_DIR;
const std::string kFixture =
    std::string(MOCK_SOURCE_DIR) + "/fixtures/clusters/partition-kinds/slurm.conf";

// Leaves naming a time, this host or the connection, and the launcher's NodeAddr/Port (the
// fixture sets none): compared by type only.
const std::set<std::string> kVolatile = {
    "boot_time", "last_busy", "slurmd_start_time", "last_update", "cpu_load",
    "free_mem",  "hostname",  "operating_system",  "source",      "address",
    "port"};

struct Kinds {
  explicit Kinds(const std::string& release)
      : app(scheduler_sim::load_slurm_conf(kFixture), replay::options(release, 1796630199),
            *find_release(release)) {
    register_routes(app);
  }
  Response ask(const Json& request) {
    Request req;
    req.method = request["method"];
    split_target(request["path"], &req.path, &req.raw_query);
    req.query = parse_query(req.raw_query);
    std::string user;
    for (auto it = request["headers"].begin(); it != request["headers"].end(); ++it) {
      std::string k = it.key();
      std::transform(k.begin(), k.end(), k.begin(), ::tolower);
      if (k == "x-slurm-user-name") user = it.value();
      if (k != "x-slurm-user-token") req.headers.emplace(k, it.value().get<std::string>());
    }
    req.headers.emplace("x-slurm-user-token", mint_token(app.jwt_key(), user, 3600, wall_now()));
    req.peer = "127.0.0.1:40000";
    req.local_port = 7230;
    return handle_request(app, req);
  }
  App app;
};

void replay_release(const std::string& release) {
  int asked = 0;
  for (const auto& dir :
       std::filesystem::directory_iterator(kOracle + "/" + release + "/asked/partition_kinds")) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) files.push_back(e);
    std::sort(files.begin(), files.end());
    Kinds k(release);
    for (const auto& f : files) {
      const Json rec = replay::load(f.string());
      replay::Comparison cmp;
      cmp.volatile_keys = kVolatile;
      cmp.volatile_number_only = true;
      cmp.answer(k.ask(rec["request"]), rec["answer"], rec["answer"]["body"]);
      for (const auto& d : cmp.diffs)
        ADD_FAILURE() << dir.path().filename() << "/" << f.filename() << ": " << d;
      ++asked;
    }
  }
  EXPECT_GE(asked, 60);
}

TEST(ReleasePartitionKinds, Release2411AnswersAsRecorded) { replay_release("24.11"); }
TEST(ReleasePartitionKinds, Release2605AnswersAsRecorded) { replay_release("26.05"); }

}  // namespace
}  // namespace mock_slurmrestd
