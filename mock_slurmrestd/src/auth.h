// JWT (HS256) authentication as the real slurmrestd + slurmctld pair applies it, and `token`.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "envelope.h"

namespace mock_slurmrestd {

// base64url without padding, the alphabet JWT segments use.
std::string base64url_encode(std::string_view bytes);
// Returns nullopt for any character outside the base64url alphabet (including '=') or an
// impossible length (4n+1), so malformed tokens are rejected rather than half-decoded.
std::optional<std::string> base64url_decode(std::string_view text);

// How the real daemon (libjwt) decodes a token's header and claims segments: both base64
// alphabets, every other character (padding, spaces, '!') skipped, a lone trailing character
// dropped. Never fails; the JSON parse that follows judges the result.
std::string jwt_segment_decode(std::string_view text);

// Raw 32-byte HMAC-SHA256 of `message` keyed with the raw bytes of `key`.
std::string hmac_sha256(std::string_view key, std::string_view message);

// Compares in time independent of where the inputs differ, so signature checks leak nothing.
bool constant_time_equal(std::string_view a, std::string_view b);

// A token byte-for-byte like `scontrol token`: header {"alg":"HS256","typ":"JWT"}, claims
// {"exp":now+lifespan_s,"iat":now,"sun":user} in that order, compact JSON.
std::string mint_token(std::string_view key, std::string_view user, int64_t lifespan_s,
                       int64_t now);

// The shortest key load_jwt_key() accepts: HS256 keys must have at least as many bits as the
// hash (RFC 7518 section 3.2), and Slurm's documentation makes them with `bs=32 count=1`.
inline constexpr size_t kMinJwtKeyBytes = 32;

// The whole file as raw bytes (Slurm keys its HMAC with them). Throws std::runtime_error naming
// the path when the file is missing, not a regular file, unreadable, empty or shorter than
// kMinJwtKeyBytes.
std::string load_jwt_key(const std::string& path);

// For --exec local, where a token runs commands: throws std::runtime_error naming the path
// unless the key file is its owner's alone (no group or other permission bits) and that owner
// is the server's user or root. Anyone else able to read it could mint a token for any user.
void check_private_key_file(const std::string& path);

// 32 random bytes from OpenSSL's RAND_bytes, for a mock started without a key file.
// Throws std::runtime_error if the generator fails.
std::string generate_jwt_key();

// Why a request was (not) authenticated. Everything except kOk and kMissingHeaders is a token
// that slurmctld refuses; the real daemon answers all of those identically (see
// ApiVersion::token_refused), the finer split exists for logs and tests.
enum class AuthStatus {
  kOk,
  kMissingHeaders,        // X-SLURM-USER-NAME or X-SLURM-USER-TOKEN absent: 401 text/plain
  kMalformedToken,        // not 3 segments of JSON objects, or typ names another type
  kUnsupportedAlgorithm,  // header alg is not "HS256" in any case (none, HS384, missing...)
  kBadSignature,          // the signature is not the unpadded base64url of the HMAC-SHA256
  kMissingClaims,         // exp not an integer, or neither "sun" nor "username" is a string
  kExpired,               // exp < now (exp == now is still accepted)
  kUserMismatch,          // token user differs from header user and is not root/SlurmUser
};

// Short stable name of a status ("ok", "missing_headers", "expired", ...), for logs and tests.
const char* auth_status_name(AuthStatus status);

// The verdict for one request. `user` is the effective user when status is kOk.
struct AuthOutcome {
  AuthStatus status = AuthStatus::kMissingHeaders;
  std::string user;        // effective user name (header user; token user if header is empty)
  std::string token_user;  // whom the token names (empty if it could not be read)
  std::string detail;      // human-readable reason, for logs only
  bool ok() const { return status == AuthStatus::kOk; }
};

// Checks the two headers (nullptr = header absent) against `key` at time `now`. Header presence
// is judged first (401 class), then the token as slurmctld does. The token user may act for a
// different header user only if it is "root" or `slurm_user`. Unknown users are not an error
// (the real daemon maps them to uid 99).
AuthOutcome authenticate(std::string_view key, const std::string* user_header,
                         const std::string* token_header, int64_t now,
                         const std::string& slurm_user);

// Which handler a rejected request reached; each answers a refused token differently (and
// each API version in its own words: ApiVersion::token_refused). Paths under /slurm/<version>.
enum class EndpointKind {
  kPing,          // GET .../ping
  kDiag,          // GET .../diag
  kJobs,          // GET .../jobs
  kJobGet,        // GET .../job/{job_id}
  kJobDelete,     // DELETE .../job/{job_id}
  kJobUpdate,     // POST .../job/{job_id}
  kJobSubmit,     // POST .../job/submit
  kNodes,         // GET .../nodes and .../node/{node_name}
  kPartitions,    // GET .../partitions and .../partition/{partition_name}
  kReservations,  // GET .../reservations
  kReservation,   // GET .../reservation/{reservation_name}
  kLicenses,      // GET .../licenses
  kOpenapi,       // GET /openapi, /openapi.json, /openapi.yaml, /openapi/v3 (no RPC)
  kOther,         // anything else (unknown route / wrong method: the router answers first)
};

// Request details some rejection messages quote.
struct RejectionContext {
  std::string job_id;                  // path parameter for kJobGet/kJobDelete/kJobUpdate
  int signal = 9;                      // kJobDelete: ?signal=, SIGKILL by default
  std::string peer = "[localhost]:0";  // kJobUpdate quotes the client as "[host]:port"
};

// What to send for a failed AuthOutcome at a given endpoint.
//  - handled == false: no auth answer; route/serve normally (kOk; or a refused token on
//    kOpenapi/kOther, where the real daemon never consults slurmctld).
//  - JSON answers: body is Envelope-shaped: meta, then `errors` exactly as built here (key order
//    matters, e.g. submit puts "error_code" first), then `data_key: []` when data_key is set.
struct AuthRejection {
  bool handled = false;
  int status = 200;                 // 401 or 500
  std::string content_type;         // "text/plain" or "application/json"
  std::string text_body;            // the text/plain body ("Authentication failure")
  Json errors = Json::array();      // the JSON "errors" array
  std::string data_key;             // "jobs", "nodes", "partitions" or empty
  Json data_value = Json::array();  // what data_key holds: [] ({} for "statistics")
  bool close_connection = true;     // the real daemon sends Connection: Close on both kinds
};
// (Built by the API versions: ApiVersion::token_refused and ::controller_down.)

// Assembles the JSON document for a handled JSON rejection: {"meta": meta, "errors": ...,
// data_key: []}. `meta` is the answering version's meta object.
Json auth_rejection_document(const AuthRejection& rejection, const Json& meta);

// `mock-slurmrestd token [username=NAME] [lifespan=SECONDS]`, behaving like `scontrol token`:
// prints "SLURM_JWT=<token>\n" to `out` and returns 0; an unknown option prints
// "Invalid option: `OPT`\n" to `err` and returns 1. argv[0] is the word "token" (ignored).
// Option keys are case-insensitive and must be spelled in full; lifespan is parsed like atoi into
// 32 bits (wrapping), 0 or unparsable -> 1800, negative kept; default user = the invoking user.
int run_token_command(int argc, char** argv, const std::string& key, std::ostream& out,
                      std::ostream& err, int64_t now);

}  // namespace mock_slurmrestd
