// libFuzzer target: job submission and update bodies (JSON, or YAML when the input starts
// with '%' or '-') through the body decoder and the v0.0.36 job parsers.
#include <cstddef>
#include <cstdint>
#include <string>

#include "body.h"
#include "router.h"
#include "v0_0_36/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mock_slurmrestd::Request req;
  req.method = "POST";
  req.body.assign(reinterpret_cast<const char*>(data), size);
  bool yaml = size > 0 && (data[0] == '%' || data[0] == '-');
  req.headers.emplace("content-type", yaml ? "application/x-yaml" : "application/json");
  std::optional<mock_slurmrestd::Json> body = mock_slurmrestd::decode_body(req);
  if (!body) return 0;
  mock_slurmrestd::v0_0_36::parse_job_submission(*body);
  mock_slurmrestd::v0_0_36::parse_job_update(*body, "[localhost]:1");
  return 0;
}
