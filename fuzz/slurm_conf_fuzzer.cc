// libFuzzer target: slurm.conf text through the loader, then a simulator built from it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "scheduler_sim/simulator.h"
#include "scheduler_sim/slurm_conf.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  scheduler_sim::ClusterConfig config;
  try {
    config = scheduler_sim::parse_slurm_conf(text, "fuzz.conf");
  } catch (const scheduler_sim::ConfigError&) {
    return 0;  // a reported syntax error is the right answer; anything else escapes
  }
  scheduler_sim::SimOptions options;
  options.start_time = 1700000000;
  scheduler_sim::Simulator sim(config, options);
  sim.run_until(1700000000 + 3600);
  return 0;
}
