// Picking and parsing a version's OpenAPI piece for a release.
#include "v0_0_40/openapi.h"

namespace mock_slurmrestd::v0_0_40 {

Json openapi_piece(const SlurmRelease& release, std::initializer_list<ReleasePiece> pieces) {
  for (const ReleasePiece& p : pieces) {
    if (release.name == p.release) return Json::parse(p.text);
  }
  return Json::object();
}

}  // namespace mock_slurmrestd::v0_0_40
