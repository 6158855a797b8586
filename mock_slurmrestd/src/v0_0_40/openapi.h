// The OpenAPI piece of a v0.0.40+ version, as each release's daemon lists it.
#pragma once

#include <initializer_list>

#include "envelope.h"
#include "releases.h"

namespace mock_slurmrestd::v0_0_40 {

// A version's piece of a release's /openapi/v3: the real daemon's paths of the version and
// the schemas they reach, every fact as recorded (tests/data/oracle/<release>/openapi_v3.json),
// our own prose. Kept as data next to the version's plugin.cc (openapi_<release>.json, made by
// contract_tests/tools/openapi_release_pieces.py, compiled in by mock_embed_text): a version
// that two releases serve differently (v0.0.42: 26.05 marks it deprecated) has one per release.
struct ReleasePiece {
  const char* release;  // SlurmRelease::name
  const char* text;
};

// The piece of `release` among `pieces`, parsed (the caller keeps what it renders from it,
// not the piece); an empty object for a release that has none.
Json openapi_piece(const SlurmRelease& release, std::initializer_list<ReleasePiece> pieces);

}  // namespace mock_slurmrestd::v0_0_40
