// libFuzzer target: a StateSaveLocation file (a valid header, then the input as its records)
// through a server's start-up replay. Only StateError (a one-line start-up error) may escape.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "mock_slurmrestd/server.h"
#include "scheduler_sim/slurm_conf.h"
#include "state_save.h"

namespace {

// One directory per process, removed at exit.
struct StateDir {
  std::string path;
  StateDir() {
    std::string templ = std::filesystem::temp_directory_path().string() + "/fuzz_state.XXXXXX";
    if (!::mkdtemp(templ.data())) std::abort();
    path = templ;
  }
  ~StateDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

mock_slurmrestd::ServerOptions options(const std::string& dir) {
  mock_slurmrestd::ServerOptions o;
  o.clock = mock_slurmrestd::ClockMode::kManual;
  o.start_time = 1700000000;
  o.jwt_key = std::string(32, 'k');
  o.state_save_location = dir;
  return o;
}

// The header a fresh server writes for this cluster and these options (its fingerprint must
// match for the records to be replayed at all).
std::string fresh_header(const std::string& dir) {
  { mock_slurmrestd::Server server(scheduler_sim::default_cluster(), options(dir)); }
  std::ifstream in(dir + "/mock-slurmrestd.state", std::ios::binary);
  std::string line;
  std::getline(in, line);
  return line + "\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static StateDir dir;
  static const std::string header = fresh_header(dir.path);
  {
    std::ofstream out(dir.path + "/mock-slurmrestd.state", std::ios::binary | std::ios::trunc);
    out << header;
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    mock_slurmrestd::Server server(scheduler_sim::default_cluster(), options(dir.path));
    server.handle("GET", "/mock/v1/clock", {}, "");
  } catch (const mock_slurmrestd::StateError&) {
    // refused with a message: the right answer for a bad file
  }
  return 0;
}
