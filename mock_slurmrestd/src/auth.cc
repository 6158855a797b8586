// JWT HS256 minting and verification (each API version answers a refused token its own way).
#include "auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "scheduler_sim/ascii.h"

namespace mock_slurmrestd {

using scheduler_sim::ascii_lower;
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// scontrol's default when lifespan is absent or parses to 0.
constexpr int64_t kDefaultLifespan = 1800;

int decode_char(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// Compact JSON, as libjwt writes it (no escaping of '/', UTF-8 kept as is).
std::string compact(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Value rules of the real daemon's JSON reader (jansson, through libjwt) that nlohmann's parser
// does not apply: integers must fit int64, reals must be finite, strings hold no NUL.
class JwtJsonRules : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t value) override {
    return value <= static_cast<number_unsigned_t>(INT64_MAX);
  }
  // nlohmann reads an integer literal too large for 64 bits as a float; its text tells.
  bool number_float(number_float_t value, const string_t& text) override {
    return std::isfinite(value) && text.find_first_of(".eE") != string_t::npos;
  }
  bool string(string_t& value) override { return value.find('\0') == string_t::npos; }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t& value) override { return value.find('\0') == string_t::npos; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }
};

// Parses a decoded segment; nullopt unless it is a JSON object the real daemon would read.
// The text ends at its first NUL byte, as the C string the daemon parses does.
std::optional<Json> parse_object(std::string text) {
  if (size_t nul = text.find('\0'); nul != std::string::npos) text.resize(nul);
  JwtJsonRules rules;
  if (!Json::sax_parse(text, &rules)) return std::nullopt;
  Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

// A string member compared without regard to case, as the daemon compares "alg" and "typ".
bool equals_ignoring_case(const Json& value, std::string_view expected) {
  if (!value.is_string()) return false;
  const auto& text = value.get_ref<const std::string&>();
  if (text.size() != expected.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(expected[i]))) {
      return false;
    }
  }
  return true;
}

AuthOutcome fail(AuthStatus status, std::string detail, std::string token_user = "") {
  AuthOutcome outcome;
  outcome.status = status;
  outcome.token_user = std::move(token_user);
  outcome.detail = std::move(detail);
  return outcome;
}

// Like C atoi into a 32-bit int: optional sign, leading digits, wraps on overflow.
int32_t atoi32(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  uint64_t value = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
    value = value * 10 + static_cast<uint64_t>(text[i] - '0');  // wraps mod 2^64, fine mod 2^32
  }
  uint32_t low = static_cast<uint32_t>(value);
  if (negative) low = 0u - low;
  return static_cast<int32_t>(low);
}

std::string invoking_user() {
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr) {
    return pw->pw_name;
  }
  return std::to_string(getuid());
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
  } else if (rest == 2) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = decode_char(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  // Leftover bits must be zero, otherwise the text is not a canonical encoding.
  if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string jwt_segment_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = c == '+' ? 62 : c == '/' ? 63 : decode_char(c);
    if (v < 0) continue;  // padding, spaces, anything else: skipped
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;  // a final lone character (6 bits) makes no byte
}

std::string hmac_sha256(std::string_view key, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  // HMAC() rejects a null key pointer even for length 0; give it a valid one.
  static const unsigned char kEmpty = 0;
  const void* key_data = key.empty() ? &kEmpty : static_cast<const void*>(key.data());
  if (HMAC(EVP_sha256(), key_data, static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(),
           &length) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<const char*>(digest.data()), length);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string mint_token(std::string_view key, std::string_view user, int64_t lifespan_s,
                       int64_t now) {
  Json header = Json::object();
  header["alg"] = "HS256";
  header["typ"] = "JWT";
  Json claims = Json::object();
  claims["exp"] = now + lifespan_s;
  claims["iat"] = now;
  claims["sun"] = std::string(user);
  std::string signing_input =
      base64url_encode(compact(header)) + "." + base64url_encode(compact(claims));
  return signing_input + "." + base64url_encode(hmac_sha256(key, signing_input));
}

std::string load_jwt_key(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw std::runtime_error("cannot open JWT key file '" + path + "': " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    throw std::runtime_error("JWT key file '" + path + "' is not a regular file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open JWT key file '" + path + "'");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error("cannot read JWT key file '" + path + "'");
  if (bytes.empty()) throw std::runtime_error("JWT key file '" + path + "' is empty");
  if (bytes.size() < kMinJwtKeyBytes) {
    throw std::runtime_error("JWT key file '" + path + "' holds " + std::to_string(bytes.size()) +
                             " bytes; an HS256 key needs at least " +
                             std::to_string(kMinJwtKeyBytes) +
                             " (make one with: dd if=/dev/urandom of=" + path + " bs=32 count=1)");
  }
  return bytes;
}

void check_private_key_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw std::runtime_error("cannot open JWT key file '" + path + "': " + std::strerror(errno));
  }
  char mode[8];
  std::snprintf(mode, sizeof(mode), "%04o", static_cast<unsigned>(st.st_mode & 07777));
  if ((st.st_mode & 077) != 0) {
    throw std::runtime_error("--exec local runs submitted scripts, so the JWT key file '" + path +
                             "' must be readable by its owner only (mode " + mode +
                             "; chmod 600 it)");
  }
  if (st.st_uid != ::geteuid() && st.st_uid != 0) {
    throw std::runtime_error("--exec local runs submitted scripts, so the JWT key file '" + path +
                             "' must belong to this user or root (owner uid " +
                             std::to_string(st.st_uid) + ")");
  }
}

std::string generate_jwt_key() {
  std::string key(32, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed to generate a JWT key");
  }
  return key;
}

const char* auth_status_name(AuthStatus status) {
  switch (status) {
    case AuthStatus::kOk: return "ok";
    case AuthStatus::kMissingHeaders: return "missing_headers";
    case AuthStatus::kMalformedToken: return "malformed_token";
    case AuthStatus::kUnsupportedAlgorithm: return "unsupported_algorithm";
    case AuthStatus::kBadSignature: return "bad_signature";
    case AuthStatus::kMissingClaims: return "missing_claims";
    case AuthStatus::kExpired: return "expired";
    case AuthStatus::kUserMismatch: return "user_mismatch";
  }
  return "unknown";
}

namespace {

// What a token says once its signature checked out.
struct VerifiedToken {
  std::string key;    // the key it was checked with
  std::string token;  // the whole token text
  int64_t expires = 0;
  std::string user;  // "sun" (or "username")
};

// Decodes and verifies a token's signature and claims. Fails with the daemon's reason; on
// success fills `out` (key and token included).
std::optional<AuthOutcome> verify_token(std::string_view key, const std::string& token,
                                        VerifiedToken* out) {
  size_t first = token.find('.');
  size_t second = first == std::string::npos ? first : token.find('.', first + 1);
  if (second == std::string::npos || token.find('.', second + 1) != std::string::npos) {
    return fail(AuthStatus::kMalformedToken, "token is not three dot-separated segments");
  }
  std::string_view view(token);
  std::string_view header_b64 = view.substr(0, first);
  std::string_view claims_b64 = view.substr(first + 1, second - first - 1);
  std::string_view signature_b64 = view.substr(second + 1);

  auto header = parse_object(jwt_segment_decode(header_b64));
  auto claims = parse_object(jwt_segment_decode(claims_b64));
  if (!header || !claims) {
    return fail(AuthStatus::kMalformedToken, "token segment is not a JSON object");
  }
  auto alg = header->find("alg");
  if (alg == header->end() || !equals_ignoring_case(*alg, "HS256")) {
    return fail(AuthStatus::kUnsupportedAlgorithm, "token alg is not HS256");
  }
  // A string "typ" must name JWT; any other type of value is ignored.
  if (auto typ = header->find("typ");
      typ != header->end() && typ->is_string() && !equals_ignoring_case(*typ, "JWT")) {
    return fail(AuthStatus::kMalformedToken, "token typ is not JWT");
  }
  // The signature is compared as text: only the unpadded base64url spelling matches.
  std::string expected = base64url_encode(hmac_sha256(key, view.substr(0, second)));
  if (!constant_time_equal(expected, signature_b64)) {
    return fail(AuthStatus::kBadSignature, "token signature does not match the key");
  }

  auto exp = claims->find("exp");
  if (exp == claims->end() || !exp->is_number_integer()) {
    return fail(AuthStatus::kMissingClaims, "token has no integer exp claim");
  }
  // "sun" names the user; "username" is honoured only when "sun" is absent.
  std::string token_user;
  if (auto sun = claims->find("sun"); sun != claims->end()) {
    if (!sun->is_string()) return fail(AuthStatus::kMissingClaims, "token sun is not a string");
    token_user = sun->get<std::string>();
  } else if (auto name = claims->find("username"); name != claims->end() && name->is_string()) {
    token_user = name->get<std::string>();
  } else {
    return fail(AuthStatus::kMissingClaims, "token names no user (sun)");
  }
  out->key = std::string(key);
  out->token = token;
  out->expires = exp->get<int64_t>();  // parse_object() kept integers within int64
  out->user = std::move(token_user);
  return std::nullopt;
}

}  // namespace

AuthOutcome authenticate(std::string_view key, const std::string* user_header,
                         const std::string* token_header, int64_t now,
                         const std::string& slurm_user) {
  if (user_header == nullptr || token_header == nullptr) {
    return fail(AuthStatus::kMissingHeaders, "X-SLURM-USER-NAME and X-SLURM-USER-TOKEN required");
  }
  // A client sends the same token on every request of a connection, and httplib serves a
  // connection on one thread: the last token this thread verified is remembered, so decoding,
  // two JSON parses and an HMAC are spent once per connection, not per request. Only what the
  // token itself says is remembered; expiry and the user checks below run every time.
  thread_local VerifiedToken last;
  if (last.token != *token_header || last.key != key) {
    VerifiedToken fresh;
    if (auto failed = verify_token(key, *token_header, &fresh)) return *failed;
    last = std::move(fresh);
  }
  const std::string& token_user = last.user;
  if (last.expires < now) {
    return fail(AuthStatus::kExpired, "token expired", token_user);
  }
  const std::string& header_user = *user_header;
  if (token_user != header_user && token_user != "root" && token_user != slurm_user) {
    return fail(AuthStatus::kUserMismatch,
                "token of '" + token_user + "' may not act for '" + header_user + "'", token_user);
  }
  AuthOutcome outcome;
  outcome.status = AuthStatus::kOk;
  outcome.token_user = token_user;
  outcome.user = header_user.empty() ? token_user : header_user;
  outcome.detail = "authenticated";
  return outcome;
}

Json auth_rejection_document(const AuthRejection& rejection, const Json& meta) {
  Json doc = Json::object();
  doc["meta"] = meta;
  doc["errors"] = rejection.errors;
  if (!rejection.data_key.empty()) doc[rejection.data_key] = rejection.data_value;
  return doc;
}

int run_token_command(int argc, char** argv, const std::string& key, std::ostream& out,
                      std::ostream& err, int64_t now) {
  std::optional<std::string> user;
  int32_t lifespan = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i] == nullptr ? "" : argv[i];
    size_t eq = arg.find('=');
    std::string name = eq == std::string::npos ? "" : ascii_lower(arg.substr(0, eq));
    if (name == "username") {
      user = arg.substr(eq + 1);
    } else if (name == "lifespan") {
      lifespan = atoi32(arg.substr(eq + 1));
    } else {
      err << "Invalid option: `" << arg << "`\n";
      return 1;
    }
  }
  int64_t span = lifespan == 0 ? kDefaultLifespan : static_cast<int64_t>(lifespan);
  out << "SLURM_JWT=" << mint_token(key, user ? *user : invoking_user(), span, now) << "\n";
  return 0;
}

}  // namespace mock_slurmrestd
