// Loads reference bodies captured from the real slurmrestd (tests/data/oracle).
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#ifndef MOCK_ORACLE_DATA_DIR
#error "MOCK_ORACLE_DATA_DIR must name mock_slurmrestd/tests/data/oracle"
#endif

namespace mock_slurmrestd::testing {

// Whole file as bytes; throws if missing so a lost fixture fails loudly.
inline std::string read_oracle_file(const std::string& relative) {
  const std::string path = std::string(MOCK_ORACLE_DATA_DIR) + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing oracle fixture " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace mock_slurmrestd::testing
