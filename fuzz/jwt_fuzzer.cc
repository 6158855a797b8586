// libFuzzer target: X-SLURM-USER-NAME and X-SLURM-USER-TOKEN values through JWT verification.
// Input: the user name, a NUL byte, the token. Checks that whatever verifies carries the
// key's HMAC and names an allowed user, and that a token minted for the user verifies.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "auth.h"

namespace {

const std::string kKey(32, 'k');
constexpr int64_t kNow = 1700000000;

bool valid_utf8(const std::string& text) {
  try {
    mock_slurmrestd::Json(text).dump();  // strict: throws on invalid UTF-8
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  size_t nul = input.find('\0');
  std::string user = input.substr(0, nul);
  std::string token = nul == std::string::npos ? "" : input.substr(nul + 1);

  auto outcome = mock_slurmrestd::authenticate(kKey, &user, &token, kNow, "slurm");
  if (outcome.ok()) {
    size_t dot = token.rfind('.');
    if (dot == std::string::npos || mock_slurmrestd::base64url_encode(mock_slurmrestd::hmac_sha256(
                                        kKey, token.substr(0, dot))) != token.substr(dot + 1))
      std::abort();  // verified without the key's signature
    if (outcome.token_user != user && outcome.token_user != "root" && outcome.token_user != "slurm")
      std::abort();  // acted for another user
  }
  mock_slurmrestd::jwt_segment_decode(token);

  std::string minted = mock_slurmrestd::mint_token(kKey, user, 60, kNow);
  bool representable = valid_utf8(user) && user.find('\0') == std::string::npos;
  if (representable && !mock_slurmrestd::authenticate(kKey, &user, &minted, kNow, "slurm").ok())
    std::abort();  // our own token refused
  return 0;
}
