// What the daemon makes of a job's `cpu_frequency` text (sbatch's --cpu-freq=p1[-p2[:p3]]).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace mock_slurmrestd::v0_0_36 {

// The request in Slurm's encoding, as the job shows it (cpu_frequency_minimum/maximum/
// governor): a frequency in kHz, or a word with the top bit set (low 0x80000001, medium
// ...02, high ...03, highm1 ...04; governors performance 0x82000000, ondemand 0x84000000,
// userspace 0x80800000). Unset parts are not shown.
struct CpuFrequency {
  std::optional<uint32_t> minimum, maximum, governor;
};

// nullopt: refused ("Unable to parse CPU frequency"). Measured on 22.05
// (docs/oracle-notes/jobs-input.md, "cpu_frequency"): words are matched by their first letters
// ("lo", "med", "hi", "him1"/"highm1"; "perf", "onde", "user"), numbers are read like strtoul
// (blanks and '+' first, anything after the digits ignored, kept in 32 bits, 0 refused); a
// governor comes alone or after a range, never after one value; the range must not fall
// (its ends compared in the encoding); only the governors slurm.conf's default
// CpuFreqGovernors allows (OnDemand, Performance, UserSpace) pass.
std::optional<CpuFrequency> read_cpu_frequency(const std::string& text);

}  // namespace mock_slurmrestd::v0_0_36
