// The {job_id} path parameter of v0.0.37 (and v0.0.38): text, read as the daemon reads it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "scheduler_sim/simulator.h"

namespace mock_slurmrestd::v0_0_37 {

// The segment as the handlers get it. slurmrestd's path parser reads a segment that looks like
// a boolean, an integer or a decimal as that type and the handler turns it back into text:
// "yes"/"on"/"t" -> "true", "off"/"n" -> "false", "01"/"+1" -> "1", "2.5" -> "2" (rounded half
// to even), "1.0e300" -> "-9223372036854775808"; "1e0", " 1" and "abc" stay as they are
// (measured, docs/oracle-notes/versions-22.05.md section 6).
std::string job_id_text(const std::string& segment);

// What GET makes of that text (Slurm's job id translation): "N" -> N (read like strtol, kept in
// 32 bits), "N_T" -> the job id of array N's task T (16 bits; 0 when the array has no such
// task record; none without `sim`, as when slurmctld cannot be asked), "N+M" -> N + M;
// anything else, and "0", -> 0 ("Unable to find JobId=...", 400).
uint32_t translate_job_id(const std::string& text, const scheduler_sim::Simulator* sim);

// Whether the text names one array task ("N_T"): slurmctld answers an update of it as an
// array's (measured: 200 and a "job array update ... failed" entry, with or without error).
bool names_array_task(const std::string& text);

// The array id and task index "N_T" names (read as translate_job_id reads them), for the
// signal slurmctld sends to one task of an array; nullopt for any other text.
struct ArrayTaskRef {
  uint32_t array_job_id = 0;
  uint32_t task_id = 0;
};
std::optional<ArrayTaskRef> array_task_ref(const std::string& text);

}  // namespace mock_slurmrestd::v0_0_37
