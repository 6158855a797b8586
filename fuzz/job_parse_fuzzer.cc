// libFuzzer target: job submission and update bodies (JSON, or YAML when the input starts
// with '%' or '-') through the body decoder and the job parsers of every API version of every
// release (through their request-gate hooks, which run the parsers).
#include <cstddef>
#include <cstdint>
#include <string>

#include "api_version.h"
#include "body.h"
#include "releases.h"
#include "router.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mock_slurmrestd::Request req;
  req.method = "POST";
  req.body.assign(reinterpret_cast<const char*>(data), size);
  bool yaml = size > 0 && (data[0] == '%' || data[0] == '-');
  req.headers.emplace("content-type", yaml ? "application/x-yaml" : "application/json");
  std::optional<mock_slurmrestd::Json> body = mock_slurmrestd::decode_body(req);
  if (!body) return 0;
  for (const auto& release : mock_slurmrestd::releases()) {
    for (const mock_slurmrestd::ApiVersion* api : release.versions) {
      api->submission_reaches_controller(*body);
      api->update_reaches_controller(*body, "[localhost]:1");
    }
  }
  return 0;
}
