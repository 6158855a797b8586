// The mock-slurmrestd command refuses unusable JWT key files at start-up with a clear message.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

const std::string kBinary = std::string(MOCK_BINARY_DIR) + "/bin/mock-slurmrestd";

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs the mock with `args`; with a bad key it must exit at once, so no timeout is needed.
Outcome run_mock(const std::string& args) {
  Outcome r;
  FILE* p = ::popen((kBinary + " " + args + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  char buf[512];
  while (std::fgets(buf, sizeof(buf), p) != nullptr) r.output += buf;
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class StartupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("startup_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string key_file(const std::string& name, size_t bytes) {
    auto path = dir_ / name;
    std::ofstream(path, std::ios::binary) << std::string(bytes, 'k');
    return path.string();
  }
  std::filesystem::path dir_;
};

TEST_F(StartupTest, MissingKeyFileIsAStartupError) {
  Outcome r = run_mock("--jwt-key " + (dir_ / "nosuch.key").string() + " 127.0.0.1:0");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("cannot open JWT key file"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("nosuch.key"), std::string::npos) << r.output;
}

TEST_F(StartupTest, EmptyKeyFileIsAStartupError) {
  Outcome r = run_mock("--jwt-key " + key_file("empty.key", 0) + " 127.0.0.1:0");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("is empty"), std::string::npos) << r.output;
}

TEST_F(StartupTest, ShortKeyFileIsAStartupError) {
  Outcome r = run_mock("--jwt-key " + key_file("short.key", 16) + " 127.0.0.1:0");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("holds 16 bytes"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("at least 32"), std::string::npos) << r.output;
  // `token` reads the same key and refuses it the same way.
  r = run_mock("--jwt-key " + key_file("short.key", 16) + " token username=ec2-user");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("at least 32"), std::string::npos) << r.output;
}

TEST_F(StartupTest, DirectoryAsKeyFileIsAStartupError) {
  Outcome r = run_mock("--jwt-key " + dir_.string() + " 127.0.0.1:0");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("not a regular file"), std::string::npos) << r.output;
}

TEST_F(StartupTest, KeyFromSlurmConfIsCheckedToo) {
  auto conf = dir_ / "slurm.conf";
  std::ofstream(conf) << "ClusterName=c\nAuthAltParameters=jwt_key=" << key_file("c.key", 8)
                      << "\nNodeName=n[1-2] CPUs=2\nPartitionName=p Nodes=n[1-2] Default=YES\n";
  Outcome r = run_mock("-f " + conf.string() + " 127.0.0.1:0");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("holds 8 bytes"), std::string::npos) << r.output;
}

TEST_F(StartupTest, A32ByteKeyMintsTokens) {
  Outcome r = run_mock("--jwt-key " + key_file("ok.key", 32) + " token username=ec2-user");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.rfind("SLURM_JWT=", 0), 0u) << r.output;
}

// With --exec local a token runs commands: a key anyone else can read would let them mint a
// root token, so the mock does not start on one (docs/security.md).
TEST_F(StartupTest, ExecLocalRefusesAKeyFileOthersCanRead) {
  std::string key = key_file("exec.key", 32);
  for (mode_t mode : {0644, 0640, 0604, 0620}) {
    ASSERT_EQ(::chmod(key.c_str(), mode), 0);
    Outcome r = run_mock("--jwt-key " + key + " --exec local 127.0.0.1:0");
    char shown[8];
    std::snprintf(shown, sizeof(shown), "%04o", mode);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("must be readable by its owner only (mode " + std::string(shown)),
              std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("exec.key"), std::string::npos) << r.output;
  }
  // The key from slurm.conf is held to the same rule.
  auto conf = dir_ / "slurm.conf";
  std::ofstream(conf) << "ClusterName=c\nAuthAltParameters=jwt_key=" << key
                      << "\nNodeName=n[1-2] CPUs=2\nPartitionName=p Nodes=n[1-2] Default=YES\n";
  Outcome from_conf = run_mock("-f " + conf.string() + " --exec local 127.0.0.1:0");
  EXPECT_EQ(from_conf.exit_code, 1) << from_conf.output;
  EXPECT_NE(from_conf.output.find("readable by its owner only"), std::string::npos);
  // Simulated jobs run nothing: the same key is fine there (the token command shows it).
  Outcome sim = run_mock("--jwt-key " + key + " token username=ec2-user");
  EXPECT_EQ(sim.exit_code, 0) << sim.output;
  // A private key passes this check: what stops the start now is the manual clock (exit 2).
  ASSERT_EQ(::chmod(key.c_str(), 0600), 0);
  Outcome ok = run_mock("--jwt-key " + key + " --exec local --clock manual 127.0.0.1:0");
  EXPECT_EQ(ok.exit_code, 2) << ok.output;
  EXPECT_NE(ok.output.find("needs --clock real"), std::string::npos) << ok.output;
  if (::geteuid() == 0) {
    // Owned by another user (who could read and rewrite it), even with mode 0600.
    ASSERT_EQ(::chown(key.c_str(), 65534, 65534), 0);
    Outcome other = run_mock("--jwt-key " + key + " --exec local 127.0.0.1:0");
    EXPECT_EQ(other.exit_code, 1) << other.output;
    EXPECT_NE(other.output.find("must belong to this user or root (owner uid 65534)"),
              std::string::npos)
        << other.output;
  }
}

// -s and --slurm-version, shaped like slurmrestd's -s (22.05: "-s list" prints
// "slurmrestd: Possible OpenAPI plugins:" and one "slurmrestd: <plugin>" line each on stderr,
// exit 0; an unknown plugin is "slurmrestd: fatal: Unable to find plugin: openapi/<name>",
// exit 1).
TEST_F(StartupTest, DashSListListsTheReleasesPluginsAndExits) {
  Outcome r = run_mock("-s list");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output.rfind("mock-slurmrestd: Possible OpenAPI plugins:\n", 0), 0u) << r.output;
  EXPECT_NE(r.output.find("\nmock-slurmrestd: openapi/v0.0.36\n"), std::string::npos) << r.output;
  r = run_mock("--slurm-version 22.05 -s list");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("\nmock-slurmrestd: openapi/v0.0.36\n"), std::string::npos) << r.output;
}

TEST_F(StartupTest, AnUnknownPluginIsFatal) {
  Outcome r = run_mock("-s openapi/v0.0.36,v0.0.98 127.0.0.1:0");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "mock-slurmrestd: fatal: Unable to find plugin: openapi/v0.0.98\n");
}

TEST_F(StartupTest, AnUnknownReleaseIsAUsageError) {
  Outcome r = run_mock("--slurm-version 1.2 127.0.0.1:0");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--slurm-version must be one of: 22.05"), std::string::npos) << r.output;
}

}  // namespace

TEST_F(StartupTest, VersionAndHelpListTheAdminApi) {
  Outcome v = run_mock("--version");
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.output, std::string("mock-slurmrestd ") + MOCK_VERSION_TEXT + "\n");
  Outcome h = run_mock("--help");
  EXPECT_EQ(h.exit_code, 0);
  for (const char* path :
       {"/mock/v1/health", "/mock/v1/reset", "/mock/v1/clock/advance", "/mock/v1/clock/mode",
        "/mock/v1/node/NAME/state", "/mock/v1/events", "POST   /mock/v1/faults?",
        "DELETE /mock/v1/faults ", "/mock/v1/faults/rules", "/mock/v1/requests",
        "/mock/v1/openapi.json", "--version", "--verbose", "--journal-limit"}) {
    EXPECT_NE(h.output.find(path), std::string::npos) << path;
  }
}
