// slurm.conf parsing: the modelled subset, Slurm's defaults, and line-numbered errors.
#include "scheduler_sim/slurm_conf.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace scheduler_sim {
namespace {

namespace fs = std::filesystem;

ClusterConfig parse(const std::string& text) { return parse_slurm_conf(text, "test.conf"); }

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ParseTimeLimit, SlurmFormats) {
  std::optional<int64_t> m;
  struct Case {
    const char* text;
    int64_t minutes;
  } cases[] = {{"30", 30},    {"5:00", 5},      {"5:01", 6},        {"1:00:00", 60}, {"2-0", 2880},
               {"1-2", 1560}, {"1-2:30", 1590}, {"1-0:0:30", 1441}, {"0", 0}};
  for (const Case& c : cases) {
    ASSERT_TRUE(parse_time_limit(c.text, &m)) << c.text;
    ASSERT_TRUE(m.has_value()) << c.text;
    EXPECT_EQ(*m, c.minutes) << c.text;
  }
  for (const char* inf : {"INFINITE", "unlimited"}) {
    m = 5;
    ASSERT_TRUE(parse_time_limit(inf, &m));
    EXPECT_FALSE(m.has_value());
  }
  for (const char* bad : {"", "abc", "1:2:3:4", "1-", "-5", "1:", "x-1"})
    EXPECT_FALSE(parse_time_limit(bad, &m)) << bad;
}

TEST(SlurmConf, NodesPartitionsAndGlobals) {
  ClusterConfig c = parse(
      "clustername=MyCluster  # trailing comment\n"
      "SlurmUser=slurm\n"
      "AuthAltTypes=auth/jwt\n"
      "AuthAltParameters=disable_token_creation,jwt_key=/etc/jwt.key\n"
      "MinJobAge=60\nSuspendTime=120\nResumeTimeout=1800\nSuspendTimeout=90\nMaxArraySize=50\n"
      "StateSaveLocation=\"/var/spool/slurm state\"\n"
      "NodeName=DEFAULT RealMemory=4000 Weight=5\n"
      "NodeName=n[01-04] Sockets=2 CoresPerSocket=4 ThreadsPerCore=2 Gres=gpu:1 Features=fast,big "
      "Port=[17001-17004] NodeAddr=10.0.0.[1-4]\n"
      "NodeName=m1 CPUs=8 State=DOWN TmpDisk=100\n"
      "PartitionName=DEFAULT MaxTime=1-0 DefaultTime=30 MaxNodes=3\n"
      "PartitionName=batch Nodes=n[01-04] Default=YES PriorityTier=10 PriorityJobFactor=2\n"
      "PartitionName=all Nodes=ALL MaxTime=UNLIMITED MaxNodes=UNLIMITED MinNodes=1 State=down "
      "OverSubscribe=EXCLUSIVE\n");
  EXPECT_EQ(c.cluster_name, "mycluster");  // Slurm lower-cases ClusterName
  EXPECT_EQ(c.slurm_user, "slurm");
  EXPECT_EQ(c.jwt_key_path, "/etc/jwt.key");
  EXPECT_EQ(c.min_job_age, 60);
  EXPECT_EQ(c.suspend_time, 120);
  EXPECT_EQ(c.resume_timeout, 1800);
  EXPECT_EQ(c.suspend_timeout, 90);
  EXPECT_EQ(c.max_array_size, 50);
  EXPECT_EQ(c.state_save_location, "/var/spool/slurm state");
  ASSERT_EQ(c.nodes.size(), 5u);
  const NodeConfig& n2 = c.nodes[1];
  EXPECT_EQ(n2.name, "n02");
  EXPECT_EQ(n2.cpus, 16);  // Boards*Sockets*Cores*Threads when CPUs is not given
  EXPECT_EQ(n2.real_memory, 4000);
  EXPECT_EQ(n2.weight, 5);
  EXPECT_EQ(n2.features, "fast,big");
  EXPECT_EQ(n2.gres, "gpu:1");
  EXPECT_EQ(n2.port, 17002);
  EXPECT_EQ(n2.address, "10.0.0.2");
  EXPECT_EQ(n2.hostname, "n02");
  const NodeConfig& m1 = c.nodes[4];
  EXPECT_EQ(m1.cpus, 8);
  EXPECT_EQ(m1.sockets, 8);  // CPUs alone: one core per socket, as the oracle shows
  EXPECT_EQ(m1.cores_per_socket, 1);
  EXPECT_EQ(m1.state, "DOWN");
  EXPECT_EQ(m1.tmp_disk, 100);
  EXPECT_EQ(m1.address, "m1");
  EXPECT_FALSE(m1.port.has_value());
  ASSERT_EQ(c.partitions.size(), 2u);
  const PartitionConfig& b = c.partitions[0];
  EXPECT_EQ(b.name, "batch");
  EXPECT_TRUE(b.is_default);
  EXPECT_EQ(b.nodes_expr, "n[01-04]");
  EXPECT_EQ(b.max_time, 1440);
  EXPECT_EQ(b.default_time, 30);
  EXPECT_EQ(b.max_nodes, 3);
  EXPECT_EQ(b.priority_tier, 10);
  EXPECT_EQ(b.priority_job_factor, 2);
  const PartitionConfig& a = c.partitions[1];
  EXPECT_FALSE(a.is_default);
  EXPECT_EQ(a.node_names.size(), 5u);
  EXPECT_EQ(a.nodes_expr, "m1,n[01-04]");
  EXPECT_FALSE(a.max_time.has_value());
  EXPECT_FALSE(a.max_nodes.has_value());
  EXPECT_EQ(a.min_nodes, 1);
  EXPECT_EQ(a.state, "DOWN");
  EXPECT_TRUE(a.exclusive);
}

TEST(SlurmConf, ErrorsNameFileAndLine) {
  EXPECT_EQ(error_of("ClusterName=x\nthis line has no equals\n"),
            "test.conf:2: expected Key=Value, got 'this'");
  EXPECT_NE(error_of("NodeName=a CPUs=2\nPartitionName=p Nodes=a,b\n").find("test.conf:2: "),
            std::string::npos);
  EXPECT_NE(error_of("NodeName=a CPUs=two\n").find("test.conf:1: invalid number"),
            std::string::npos);
  EXPECT_NE(error_of("NodeName=a RealMemory=-5\n").find("test.conf:1:"), std::string::npos);
  EXPECT_NE(error_of("\n\nNodeName=a[1-\n").find("test.conf:3:"), std::string::npos);
  EXPECT_NE(error_of("PartitionName=p MaxTime=soon\n").find("invalid time"), std::string::npos);
  EXPECT_NE(error_of("NodeName=a\nNodeName=a\n").find("duplicate node"), std::string::npos);
  EXPECT_NE(error_of("Include nope.conf\n").find("test.conf:1: cannot open included file"),
            std::string::npos);
  EXPECT_NE(error_of("NodeName=a[1-3] Port=[1-2]\n").find("Port count"), std::string::npos);
  EXPECT_NE(error_of("PartitionName=p Default=maybe\n").find("invalid boolean"), std::string::npos);
}

TEST(SlurmConf, IncludeIsRelativeToTheIncludingFile) {
  fs::path dir = fs::temp_directory_path() / ("slurm_conf_test_" + std::to_string(::getpid()));
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "slurm.conf")
      << "ClusterName=inc\nInclude sub/nodes.conf\nPartitionName=p Nodes=x[1-2]\n";
  std::ofstream(dir / "sub" / "nodes.conf") << "NodeName=x[1-2] CPUs=4\n";
  ClusterConfig c = load_slurm_conf((dir / "slurm.conf").string());
  EXPECT_EQ(c.cluster_name, "inc");
  ASSERT_EQ(c.nodes.size(), 2u);
  EXPECT_EQ(c.nodes[1].cpus, 4);
  EXPECT_EQ(c.partitions.at(0).node_names.size(), 2u);
  EXPECT_EQ(c.source_path, (dir / "slurm.conf").string());
  fs::remove_all(dir);
  EXPECT_THROW(load_slurm_conf((dir / "slurm.conf").string()), ConfigError);
}

TEST(SlurmConf, TheOraclesConfigLoadsUnchanged) {
  // A copy of the real cluster's slurm.conf (/tmp/real-slurm/etc/slurm.conf), kept as a fixture.
  ClusterConfig c =
      load_slurm_conf(std::string(SIM_REPO_DIR) + "/fixtures/clusters/oracle/slurm.conf");
  EXPECT_EQ(c.cluster_name, "parallelcluster");
  EXPECT_EQ(c.slurm_user, "root");
  EXPECT_EQ(c.min_job_age, 600);
  EXPECT_EQ(c.jwt_key_path, "/tmp/real-slurm/jwt_hs256.key");
  ASSERT_EQ(c.nodes.size(), 20u);
  EXPECT_EQ(c.nodes[0].name, "queue1-dy-t3micro-1");
  EXPECT_EQ(c.nodes[0].address, "127.0.0.1");
  EXPECT_EQ(c.nodes[0].hostname, "localhost");
  EXPECT_EQ(c.nodes[0].port, 17001);
  EXPECT_EQ(c.nodes[19].port, 17020);
  EXPECT_EQ(c.nodes[0].sockets, 2);
  EXPECT_EQ(c.nodes[0].cores_per_socket, 1);
  EXPECT_EQ(c.nodes[0].threads_per_core, 1);
  ASSERT_EQ(c.partitions.size(), 2u);
  EXPECT_EQ(c.partitions[1].nodes_expr, "queue2-dy-c5large-[1-10]");
}

// Memory is a consumable resource only when SelectTypeParameters names it.
TEST(SlurmConf, SelectTypeParametersDecideWhetherMemoryIsBooked) {
  const char* nodes = "NodeName=n1 CPUs=2\nPartitionName=p Nodes=n1\n";
  auto consumable = [&](const std::string& line) {
    return parse_slurm_conf(line + nodes, "t").memory_consumable;
  };
  EXPECT_FALSE(consumable(""));
  EXPECT_FALSE(consumable("SelectTypeParameters=CR_CPU\n"));
  EXPECT_FALSE(consumable("SelectTypeParameters=CR_Core,CR_ONE_TASK_PER_CORE\n"));
  EXPECT_TRUE(consumable("SelectTypeParameters=CR_CPU_Memory\n"));
  EXPECT_TRUE(consumable("selecttypeparameters=cr_core_memory,CR_LLN\n"));
  EXPECT_TRUE(consumable("SelectTypeParameters=CR_Memory\n"));
}

TEST(SlurmConf, DefaultClusterEqualsTheFixture) {
  ClusterConfig file =
      load_slurm_conf(std::string(SIM_REPO_DIR) + "/fixtures/clusters/parallelcluster/slurm.conf");
  file.source_path.clear();
  ClusterConfig built_in = default_cluster();
  EXPECT_TRUE(built_in == file);
  EXPECT_EQ(built_in.cluster_name, "parallelcluster");
  ASSERT_EQ(built_in.nodes.size(), 20u);
  EXPECT_EQ(built_in.nodes[0].cpus, 2);
  EXPECT_EQ(built_in.nodes[0].real_memory, 900);
  EXPECT_EQ(built_in.nodes[0].features, "dynamic,t3.micro,t3micro");
  ASSERT_EQ(built_in.partitions.size(), 2u);
  EXPECT_TRUE(built_in.partitions[0].is_default);
  EXPECT_EQ(built_in.partitions[0].nodes_expr, "queue1-dy-t3micro-[1-10]");
}

TEST(SlurmConf, ParallelClusterCloudFixtureHasPowerSavingAndTheMockBootDelay) {
  ClusterConfig c = load_slurm_conf(std::string(SIM_REPO_DIR) +
                                    "/fixtures/clusters/parallelcluster-cloud/slurm.conf");
  EXPECT_EQ(c.suspend_time, 600);
  EXPECT_EQ(c.resume_timeout, 1800);
  EXPECT_EQ(c.suspend_timeout, 120);
  EXPECT_EQ(c.cloud_boot_seconds, 90);
  ASSERT_EQ(c.nodes.size(), 20u);
  for (const NodeConfig& n : c.nodes) EXPECT_EQ(n.state, "CLOUD") << n.name;
  EXPECT_EQ(default_cluster().cloud_boot_seconds, 30);  // without the directive
}

TEST(SlurmConf, MockCloudBootSecondsDirectiveMustBeANumber) {
  EXPECT_EQ(parse_slurm_conf("#MockCloudBootSeconds=5\n", "a").cloud_boot_seconds, 5);
  EXPECT_EQ(parse_slurm_conf("# MockCloudBootSeconds=5\n", "a").cloud_boot_seconds,
            30);  // a comment
  try {
    parse_slurm_conf("ClusterName=x\n#MockCloudBootSeconds=soon\n", "b.conf");
    FAIL() << "accepted a bad MockCloudBootSeconds";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_NE(std::string(e.what()).find("MockCloudBootSeconds"), std::string::npos);
  }
}

}  // namespace
}  // namespace scheduler_sim
