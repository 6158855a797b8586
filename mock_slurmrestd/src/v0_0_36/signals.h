// Signal names in DELETE /job/{job_id}?signal= ("KILL", "SIGUSR1", "10").
#pragma once

#include <string>

namespace mock_slurmrestd::v0_0_36 {

// The signal number as written ("999" gives 999, "-1" gives -1), or 0 when the text names no
// signal.
int parse_signal(const std::string& text);
// Whether a signal number can be delivered (1..64); the daemon answers others with
// "invalid signal: N".
inline bool valid_signal(int signal) { return signal >= 1 && signal <= 64; }

}  // namespace mock_slurmrestd::v0_0_36
