// Signal names in DELETE /job/{job_id}?signal= ("KILL", "SIGUSR1", "10").
#pragma once

#include <string>

namespace mock_slurmrestd::v0_0_36 {

// The signal number, or 0 when the text names no signal (the daemon then answers
// "invalid signal: 0").
int parse_signal(const std::string& text);

}  // namespace mock_slurmrestd::v0_0_36
