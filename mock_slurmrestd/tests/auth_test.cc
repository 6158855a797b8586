// Tests for JWT minting/verification and the real daemon's answers to failed authentication.
#include "auth.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "v0_0_36/refusals.h"

#if !defined(AUTH_TEST_DATA_DIR) && defined(MOCK_SOURCE_DIR)
#define AUTH_TEST_DATA_DIR MOCK_SOURCE_DIR "/mock_slurmrestd/tests/data"
#endif
#ifndef AUTH_TEST_DATA_DIR
#error "define MOCK_SOURCE_DIR (repo root) or AUTH_TEST_DATA_DIR (mock_slurmrestd/tests/data)"
#endif

namespace mock_slurmrestd {
namespace {

const std::string kKey = "0123456789abcdef0123456789abcdef";
constexpr int64_t kNow = 1795635818;

std::string data_path(const std::string& name) {
  return std::string(AUTH_TEST_DATA_DIR) + "/" + name;
}

// A token from the real `scontrol token username=ec2-user lifespan=3600`, minus "SLURM_JWT=".
std::string oracle_token() {
  std::ifstream in(data_path("oracle_token_ec2-user.txt"));
  std::string line;
  std::getline(in, line);
  const std::string prefix = "SLURM_JWT=";
  EXPECT_EQ(line.rfind(prefix, 0), 0u) << line;
  return line.substr(prefix.size());
}

// Builds a token from raw header/claims JSON, signed HS256 with `key`.
std::string craft(const std::string& header, const std::string& claims,
                  const std::string& key = kKey) {
  std::string input = base64url_encode(header) + "." + base64url_encode(claims);
  return input + "." + base64url_encode(hmac_sha256(key, input));
}

std::string claims_for(const std::string& user, int64_t exp) {
  return R"({"exp":)" + std::to_string(exp) + R"(,"iat":)" + std::to_string(kNow) + R"(,"sun":")" +
         user + R"("})";
}

const std::string kHs256Header = R"({"alg":"HS256","typ":"JWT"})";

AuthOutcome check(const std::string& user, const std::string& token, int64_t now = kNow,
                  const std::string& key = kKey) {
  return authenticate(key, &user, &token, now, "root");
}

std::vector<std::string> split(const std::string& token) {
  std::vector<std::string> parts;
  std::stringstream ss(token);
  std::string part;
  while (std::getline(ss, part, '.')) parts.push_back(part);
  return parts;
}

TEST(Base64Url, RoundTripsAllLengthsAndBytes) {
  std::string bytes;
  for (int i = 0; i < 70; ++i) {
    bytes.push_back(static_cast<char>(i * 37 + 250));
    std::string encoded = base64url_encode(bytes);
    EXPECT_EQ(encoded.find_first_of("+/="), std::string::npos) << encoded;
    auto decoded = base64url_decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(*decoded, bytes);
  }
}

TEST(Base64Url, KnownVectors) {
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(base64url_decode("-_8").value(), "\xfb\xff");
}

TEST(Base64Url, RejectsPaddingForeignCharactersAndImpossibleLengths) {
  EXPECT_FALSE(base64url_decode("Zg==").has_value());
  EXPECT_FALSE(base64url_decode("Zm+v").has_value());
  EXPECT_FALSE(base64url_decode("Zm/v").has_value());
  EXPECT_FALSE(base64url_decode("Zm9vZ").has_value());  // 4n+1 characters
  EXPECT_FALSE(base64url_decode("Zh").has_value());     // non-zero trailing bits
}

TEST(Hmac, MatchesRfc4231TestCase2) {
  std::string mac = hmac_sha256("Jefe", "what do ya want for nothing?");
  std::string hex;
  for (unsigned char c : mac) {
    static const char* digits = "0123456789abcdef";
    hex += digits[c >> 4];
    hex += digits[c & 15];
  }
  EXPECT_EQ(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(ConstantTimeEqual, ComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

TEST(MintToken, HasScontrolStructure) {
  std::string token = mint_token(kKey, "ec2-user", 3600, kNow);
  auto parts = split(token);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(base64url_decode(parts[0]).value(), R"({"alg":"HS256","typ":"JWT"})");
  EXPECT_EQ(base64url_decode(parts[1]).value(),
            R"({"exp":1795639418,"iat":1795635818,"sun":"ec2-user"})");
  EXPECT_EQ(base64url_decode(parts[2]).value(), hmac_sha256(kKey, parts[0] + "." + parts[1]));
}

TEST(MintToken, ReproducesARealScontrolTokenByteForByte) {
  std::string key = load_jwt_key(data_path("oracle_jwt_hs256.key"));
  std::string real = oracle_token();
  auto parts = split(real);
  ASSERT_EQ(parts.size(), 3u);
  // The fixture was minted with lifespan=3600 at iat=1795635818.
  EXPECT_EQ(mint_token(key, "ec2-user", 3600, 1795635818), real);
}

TEST(Authenticate, RoundTripOk) {
  std::string token = mint_token(kKey, "ec2-user", 60, kNow);
  AuthOutcome outcome = check("ec2-user", token, kNow + 30);
  EXPECT_TRUE(outcome.ok()) << outcome.detail;
  EXPECT_EQ(outcome.user, "ec2-user");
  EXPECT_EQ(outcome.token_user, "ec2-user");
}

TEST(Authenticate, RealScontrolTokenVerifiesInsideItsLifetimeOnly) {
  std::string key = load_jwt_key(data_path("oracle_jwt_hs256.key"));
  std::string real = oracle_token();
  EXPECT_TRUE(check("ec2-user", real, 1795635818 + 10, key).ok());
  EXPECT_TRUE(check("ec2-user", real, 1795639418, key).ok());  // exp == now still accepted
  EXPECT_EQ(check("ec2-user", real, 1795639419, key).status, AuthStatus::kExpired);
  EXPECT_EQ(check("ec2-user", real, 1795635828, kKey).status, AuthStatus::kBadSignature);
}

TEST(Authenticate, MissingHeaders) {
  std::string user = "ec2-user";
  std::string token = mint_token(kKey, user, 60, kNow);
  EXPECT_EQ(authenticate(kKey, nullptr, nullptr, kNow, "root").status, AuthStatus::kMissingHeaders);
  EXPECT_EQ(authenticate(kKey, &user, nullptr, kNow, "root").status, AuthStatus::kMissingHeaders);
  EXPECT_EQ(authenticate(kKey, nullptr, &token, kNow, "root").status, AuthStatus::kMissingHeaders);
}

TEST(Authenticate, EmptyTokenIsRefusedNotMissing) {
  EXPECT_EQ(check("ec2-user", "").status, AuthStatus::kMalformedToken);
}

TEST(Authenticate, WrongKeyIsBadSignature) {
  std::string token = mint_token("another key entirely", "ec2-user", 60, kNow);
  EXPECT_EQ(check("ec2-user", token).status, AuthStatus::kBadSignature);
}

TEST(Authenticate, TamperedClaimsAreBadSignature) {
  auto parts = split(mint_token(kKey, "ec2-user", 60, kNow));
  std::string forged = base64url_encode(claims_for("root", kNow + 60));
  EXPECT_EQ(check("root", parts[0] + "." + forged + "." + parts[2]).status,
            AuthStatus::kBadSignature);
}

TEST(Authenticate, Expired) {
  std::string token = mint_token(kKey, "ec2-user", 1, kNow);
  EXPECT_TRUE(check("ec2-user", token, kNow + 1).ok());
  EXPECT_EQ(check("ec2-user", token, kNow + 2).status, AuthStatus::kExpired);
  EXPECT_EQ(check("ec2-user", mint_token(kKey, "ec2-user", -5, kNow)).status, AuthStatus::kExpired);
}

TEST(Authenticate, AlgNoneIsRefused) {
  std::string claims = claims_for("ec2-user", kNow + 60);
  std::string unsigned_token =
      base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." + base64url_encode(claims) + ".";
  EXPECT_EQ(check("ec2-user", unsigned_token).status, AuthStatus::kUnsupportedAlgorithm);
  // Even with a valid HS256 signature the header must say HS256.
  EXPECT_EQ(check("ec2-user", craft(R"({"alg":"none","typ":"JWT"})", claims)).status,
            AuthStatus::kUnsupportedAlgorithm);
  EXPECT_EQ(check("ec2-user", craft(R"({"typ":"JWT"})", claims)).status,
            AuthStatus::kUnsupportedAlgorithm);
}

TEST(Authenticate, Hs384IsRefused) {
  std::string claims = claims_for("ec2-user", kNow + 60);
  EXPECT_EQ(check("ec2-user", craft(R"({"alg":"HS384","typ":"JWT"})", claims)).status,
            AuthStatus::kUnsupportedAlgorithm);
}

// What the real daemon (libjwt 1.10 + jansson) makes of odd tokens; each case below was sent
// to a real slurmrestd 22.05.8 signed with its key (docs/oracle-notes/auth.md).
TEST(Authenticate, OtherHmacAndRsaAlgorithmsAreRefused) {
  std::string claims = claims_for("ec2-user", kNow + 60);
  for (const char* alg : {"HS384", "HS512", "RS256", "ES256", "PS256", "HS256 ", ""}) {
    std::string header = std::string(R"({"alg":")") + alg + R"(","typ":"JWT"})";
    EXPECT_EQ(check("ec2-user", craft(header, claims)).status, AuthStatus::kUnsupportedAlgorithm)
        << alg;
  }
  EXPECT_EQ(check("ec2-user", craft(R"({"alg":256,"typ":"JWT"})", claims)).status,
            AuthStatus::kUnsupportedAlgorithm);
  EXPECT_EQ(check("ec2-user", craft(R"({"alg":null,"typ":"JWT"})", claims)).status,
            AuthStatus::kUnsupportedAlgorithm);
}

TEST(Authenticate, AlgAndTypAreCaseInsensitive) {
  std::string claims = claims_for("ec2-user", kNow + 60);
  EXPECT_TRUE(check("ec2-user", craft(R"({"alg":"hs256","typ":"JWT"})", claims)).ok());
  EXPECT_TRUE(check("ec2-user", craft(R"({"alg":"Hs256","typ":"jwt"})", claims)).ok());
}

TEST(Authenticate, TypMustNameJwtWhenItIsAString) {
  std::string claims = claims_for("ec2-user", kNow + 60);
  EXPECT_FALSE(check("ec2-user", craft(R"({"alg":"HS256","typ":"XYZ"})", claims)).ok());
  EXPECT_FALSE(check("ec2-user", craft(R"({"alg":"HS256","typ":""})", claims)).ok());
  // Not a string: ignored.
  EXPECT_TRUE(check("ec2-user", craft(R"({"alg":"HS256","typ":1})", claims)).ok());
  EXPECT_TRUE(check("ec2-user", craft(R"({"alg":"HS256","typ":null})", claims)).ok());
}

TEST(Authenticate, DuplicateMembersLastOneWins) {
  std::string claims = claims_for("ec2-user", kNow + 60);
  EXPECT_TRUE(check("ec2-user", craft(R"({"alg":"none","alg":"HS256"})", claims)).ok());
  EXPECT_EQ(check("ec2-user", craft(R"({"alg":"HS256","alg":"none"})", claims)).status,
            AuthStatus::kUnsupportedAlgorithm);
  // A root "sun" after the user's acts as root: may act for another header user.
  EXPECT_TRUE(check("nosuchuser", craft(kHs256Header, R"({"exp":1795635900,"sun":"ec2-user",)"
                                                      R"("sun":"root"})"))
                  .ok());
}

TEST(Authenticate, HeaderAndClaimsDecodeLeniently) {
  std::string header = base64url_encode(kHs256Header);
  std::string claims = base64url_encode(claims_for("ec2-user", kNow + 60));
  auto sign = [](const std::string& input) {
    return input + "." + base64url_encode(hmac_sha256(kKey, input));
  };
  EXPECT_TRUE(check("ec2-user", sign(header + "." + claims)).ok());
  // Padding, foreign characters anywhere and a lone trailing character are skipped.
  EXPECT_TRUE(check("ec2-user", sign(header + "==." + claims + "====")).ok());
  EXPECT_TRUE(check("ec2-user", sign(header.substr(0, 5) + "!" + header.substr(5) + "." +
                                     claims.substr(0, 9) + " =!" + claims.substr(9) + "A"))
                  .ok());
  // The standard alphabet works as well as the URL-safe one.
  std::string std_claims = claims;
  for (char& c : std_claims) c = c == '-' ? '+' : c == '_' ? '/' : c;
  EXPECT_TRUE(check("ec2-user", sign(header + "." + std_claims)).ok());
}

TEST(JwtSegmentDecode, SkipsForeignCharacters) {
  EXPECT_EQ(jwt_segment_decode("Zm9v"), "foo");
  EXPECT_EQ(jwt_segment_decode("Zm9vYg=="), "foob");
  EXPECT_EQ(jwt_segment_decode("Z!m 9=v"), "foo");
  EXPECT_EQ(jwt_segment_decode("Zm9vZ"), "foo");  // a lone last character makes no byte
  EXPECT_EQ(jwt_segment_decode("-_8"), "\xfb\xff");
  EXPECT_EQ(jwt_segment_decode("+/8"), "\xfb\xff");
  EXPECT_EQ(jwt_segment_decode(""), "");
}

TEST(Authenticate, SignatureMustBeTheUnpaddedBase64UrlText) {
  // Find claims whose signature spells differently in the standard alphabet.
  for (int i = 0; i < 64; ++i) {
    std::string input = base64url_encode(kHs256Header) + "." +
                        base64url_encode(claims_for("ec2-user", kNow + 60 + i));
    std::string sig = base64url_encode(hmac_sha256(kKey, input));
    std::string std_sig = sig;
    for (char& c : std_sig) c = c == '-' ? '+' : c == '_' ? '/' : c;
    if (std_sig == sig) continue;
    EXPECT_TRUE(check("ec2-user", input + "." + sig).ok());
    EXPECT_EQ(check("ec2-user", input + "." + std_sig).status, AuthStatus::kBadSignature);
    EXPECT_EQ(check("ec2-user", input + "." + sig + "=").status, AuthStatus::kBadSignature);
    EXPECT_EQ(check("ec2-user", input + "." + sig.substr(0, 10) + "!" + sig.substr(10)).status,
              AuthStatus::kBadSignature);
    return;
  }
  FAIL() << "no signature with '-' or '_' in 64 tries";
}

TEST(Authenticate, JsonValuesTheDaemonCannotRead) {
  const std::string base = R"({"exp":1795635900,"sun":"ec2-user")";
  EXPECT_TRUE(check("ec2-user", craft(kHs256Header, base + R"(,"zz":1.5e3})")).ok());
  EXPECT_TRUE(check("ec2-user", craft(kHs256Header, R"({"exp":4611686018427387904,)"
                                                    R"("sun":"ec2-user"})"))
                  .ok());
  for (const char* extra : {R"(,"zz":9223372036854775808})", R"(,"zz":-9223372036854775809})",
                            R"(,"zz":18446744073709551621})", R"(,"zz":1e400})",
                            R"(,"zz":"a\u0000b"})", R"(,"a\u0000":1})"}) {
    EXPECT_EQ(check("ec2-user", craft(kHs256Header, base + extra)).status,
              AuthStatus::kMalformedToken)
        << extra;
  }
  EXPECT_EQ(check("ec2-user", craft(kHs256Header, R"({"exp":9223372036854775808,)"
                                                  R"("sun":"ec2-user"})"))
                .status,
            AuthStatus::kMalformedToken);
  EXPECT_EQ(
      check("ec2-user", craft(kHs256Header, R"({"exp":1795635900.0,"sun":"ec2-user"})")).status,
      AuthStatus::kMissingClaims);
  // The decoded text ends at a NUL byte; what follows is never parsed.
  EXPECT_TRUE(
      check("ec2-user", craft(kHs256Header, base + "}" + std::string(1, '\0') + "xyz")).ok());
  EXPECT_EQ(check("ec2-user", craft(kHs256Header, base + "}x")).status,
            AuthStatus::kMalformedToken);
  // Invalid UTF-8 in a string.
  EXPECT_EQ(check("ec2-user", craft("{\"alg\":\"HS256\",\"x\":\"\xff\"}", base + "}")).status,
            AuthStatus::kMalformedToken);
}

TEST(Authenticate, NoClockSkewAllowance) {
  std::string token = craft(kHs256Header, claims_for("ec2-user", kNow));
  EXPECT_TRUE(check("ec2-user", token, kNow).ok());
  EXPECT_EQ(check("ec2-user", token, kNow + 1).status, AuthStatus::kExpired);
  // Future iat and nbf are not checked.
  EXPECT_TRUE(check("ec2-user", craft(kHs256Header, R"({"exp":1795635900,"iat":1795722218,)"
                                                    R"("nbf":1795722218,"sun":"ec2-user"})"))
                  .ok());
}

TEST(Authenticate, HeaderWithoutTypIsAccepted) {
  EXPECT_TRUE(
      check("ec2-user", craft(R"({"alg":"HS256"})", claims_for("ec2-user", kNow + 60))).ok());
}

TEST(Authenticate, MalformedTokens) {
  std::string good = mint_token(kKey, "ec2-user", 60, kNow);
  auto parts = split(good);
  EXPECT_EQ(check("ec2-user", "garbage").status, AuthStatus::kMalformedToken);
  EXPECT_EQ(check("ec2-user", parts[0]).status, AuthStatus::kMalformedToken);
  EXPECT_EQ(check("ec2-user", parts[0] + "." + parts[1]).status, AuthStatus::kMalformedToken);
  EXPECT_EQ(check("ec2-user", good + ".extra").status, AuthStatus::kMalformedToken);
  EXPECT_EQ(check("ec2-user", "!!!!.@@@@." + parts[2]).status, AuthStatus::kMalformedToken);
  EXPECT_EQ(check("ec2-user", good + "=").status, AuthStatus::kBadSignature);
  EXPECT_EQ(check("ec2-user", craft("hello", "world")).status, AuthStatus::kMalformedToken);
  EXPECT_EQ(check("ec2-user", craft("[1,2]", claims_for("ec2-user", kNow + 60))).status,
            AuthStatus::kMalformedToken);
}

TEST(Authenticate, MissingOrMistypedClaims) {
  EXPECT_EQ(check("ec2-user", craft(kHs256Header, R"({"iat":1,"sun":"ec2-user"})")).status,
            AuthStatus::kMissingClaims);
  EXPECT_EQ(
      check("ec2-user", craft(kHs256Header, R"({"exp":"1795635900","sun":"ec2-user"})")).status,
      AuthStatus::kMissingClaims);
  EXPECT_EQ(check("ec2-user", craft(kHs256Header, R"({"exp":1795635900,"iat":1})")).status,
            AuthStatus::kMissingClaims);
  EXPECT_EQ(check("ec2-user", craft(kHs256Header, R"({"exp":1795635900,"sun":5})")).status,
            AuthStatus::kMissingClaims);
  // No iat is fine, and an iat in the future is not checked.
  EXPECT_TRUE(
      check("ec2-user", craft(kHs256Header, R"({"exp":1795635900,"sun":"ec2-user"})")).ok());
  EXPECT_TRUE(check("ec2-user",
                    craft(kHs256Header, R"({"exp":1795639900,"iat":1795639000,"sun":"ec2-user"})"))
                  .ok());
}

TEST(Authenticate, UsernameClaimIsAFallbackForSun) {
  EXPECT_TRUE(
      check("ec2-user", craft(kHs256Header, R"({"exp":1795635900,"username":"ec2-user"})")).ok());
  EXPECT_TRUE(
      check("ec2-user", craft(kHs256Header, R"({"exp":1795635900,"username":"root"})")).ok());
  EXPECT_EQ(
      check("root", craft(kHs256Header, R"({"exp":1795635900,"username":"ec2-user"})")).status,
      AuthStatus::kUserMismatch);
  // sun wins when both are present.
  EXPECT_TRUE(
      check("root", craft(kHs256Header, R"({"exp":1795635900,"sun":"root","username":"ec2-user"})"))
          .ok());
  EXPECT_EQ(
      check("root", craft(kHs256Header, R"({"exp":1795635900,"sun":"ec2-user","username":"root"})"))
          .status,
      AuthStatus::kUserMismatch);
}

TEST(Authenticate, UserMismatchForOrdinaryUsers) {
  EXPECT_EQ(check("root", mint_token(kKey, "ec2-user", 60, kNow)).status,
            AuthStatus::kUserMismatch);
  EXPECT_EQ(check("ec2-user", mint_token(kKey, "slurmrest", 60, kNow)).status,
            AuthStatus::kUserMismatch);
  EXPECT_EQ(check("", mint_token(kKey, "ec2-user", 60, kNow)).status, AuthStatus::kUserMismatch);
}

TEST(Authenticate, RootAndSlurmUserMayActForOthers) {
  AuthOutcome as_root = check("ec2-user", mint_token(kKey, "root", 60, kNow));
  ASSERT_TRUE(as_root.ok()) << as_root.detail;
  EXPECT_EQ(as_root.user, "ec2-user");
  EXPECT_EQ(as_root.token_user, "root");
  EXPECT_TRUE(check("nosuchuser", mint_token(kKey, "root", 60, kNow)).ok());

  std::string user = "ec2-user";
  std::string slurm_token = mint_token(kKey, "slurm", 60, kNow);
  EXPECT_TRUE(authenticate(kKey, &user, &slurm_token, kNow, "slurm").ok());
  EXPECT_EQ(authenticate(kKey, &user, &slurm_token, kNow, "root").status,
            AuthStatus::kUserMismatch);

  // Empty user header with a root token: accepted, acting as the token's user.
  AuthOutcome empty = check("", mint_token(kKey, "root", 60, kNow));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty.user, "root");
}

TEST(Authenticate, UnknownUserIsNotAnAuthError) {
  EXPECT_TRUE(check("nosuchuser", mint_token(kKey, "nosuchuser", 60, kNow)).ok());
}

TEST(AuthRejection, MissingHeadersIs401TextOnEveryEndpoint) {
  for (EndpointKind kind : {EndpointKind::kPing, EndpointKind::kJobs, EndpointKind::kOpenapi,
                            EndpointKind::kOther, EndpointKind::kJobSubmit}) {
    AuthRejection r = v0_0_36::token_refused(AuthStatus::kMissingHeaders, kind);
    EXPECT_TRUE(r.handled);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.content_type, "text/plain");
    EXPECT_EQ(r.text_body, "Authentication failure");
    EXPECT_TRUE(r.close_connection);
  }
}

TEST(AuthRejection, OkAndRefusedTokenOnOpenapiAreNotHandled) {
  EXPECT_FALSE(v0_0_36::token_refused(AuthStatus::kOk, EndpointKind::kPing).handled);
  EXPECT_FALSE(v0_0_36::token_refused(AuthStatus::kBadSignature, EndpointKind::kOpenapi).handled);
  EXPECT_FALSE(v0_0_36::token_refused(AuthStatus::kExpired, EndpointKind::kOther).handled);
}

TEST(AuthRejection, EveryRefusedTokenClassAnswersAlikeOnPing) {
  const Json meta = {{"plugin", "x"}};
  std::string first;
  for (AuthStatus s :
       {AuthStatus::kMalformedToken, AuthStatus::kUnsupportedAlgorithm, AuthStatus::kBadSignature,
        AuthStatus::kMissingClaims, AuthStatus::kExpired, AuthStatus::kUserMismatch}) {
    AuthRejection r = v0_0_36::token_refused(s, EndpointKind::kPing);
    EXPECT_TRUE(r.handled);
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.content_type, "application/json");
    std::string dumped = auth_rejection_document(r, meta).dump();
    if (first.empty()) first = dumped;
    EXPECT_EQ(dumped, first) << auth_status_name(s);
  }
  EXPECT_EQ(first,
            R"({"meta":{"plugin":"x"},"errors":[{"error":"_op_handler_ping: slurmctld config is )"
            R"(unable to load: Unknown error 5005","errno":5005},{"error":"_op_handler_ping: )"
            R"(slurmctld config is missing"}]})");
}

std::string rejection_json(EndpointKind kind, const RejectionContext& context = {}) {
  AuthRejection r = v0_0_36::token_refused(AuthStatus::kBadSignature, kind, context);
  EXPECT_EQ(r.status, 500);
  Json doc = auth_rejection_document(r, Json::object());
  doc.erase("meta");
  return doc.dump();
}

TEST(AuthRejection, PerEndpointBodiesMatchTheOracle) {
  EXPECT_EQ(rejection_json(EndpointKind::kJobs), R"({"errors":[],"jobs":[]})");
  RejectionContext job;
  job.job_id = "1";
  EXPECT_EQ(rejection_json(EndpointKind::kJobGet, job),
            R"({"errors":[{"error":"_handle_job_get: unknown job 1","error_code":0}],"jobs":[]})");
  job.job_id = "999999";
  EXPECT_EQ(rejection_json(EndpointKind::kJobDelete, job),
            R"({"errors":[{"error":"_handle_job_delete: unable to kill job 999999 with signal 9: )"
            R"(Zero Bytes were transmitted or received","error_code":0}]})");
  job.peer = "[localhost]:54388";
  EXPECT_EQ(rejection_json(EndpointKind::kJobUpdate, job),
            R"({"errors":[{"error":"_handle_job_post: job update from [localhost]:54388 failed: )"
            R"(Unexpected message received","error_code":0}]})");
  EXPECT_EQ(
      rejection_json(EndpointKind::kJobSubmit),
      R"({"errors":[{"error_code":5005,"error":"Zero Bytes were transmitted or received"}]})");
  EXPECT_EQ(rejection_json(EndpointKind::kNodes),
            R"({"errors":[{"error":"Invalid node name specified","errno":2018}],"nodes":[]})");
  EXPECT_EQ(
      rejection_json(EndpointKind::kPartitions),
      R"({"errors":[{"error":"Invalid partition name specified","errno":2000}],"partitions":[]})");
}

TEST(LoadJwtKey, ReadsRawBytes) {
  std::string key = load_jwt_key(data_path("oracle_jwt_hs256.key"));
  EXPECT_EQ(key.size(), 64u);
}

TEST(LoadJwtKey, ClearErrorsForMissingAndEmptyFiles) {
  EXPECT_THROW(load_jwt_key("/nonexistent/dir/jwt.key"), std::runtime_error);
  auto empty = std::filesystem::temp_directory_path() / "auth_test_empty.key";
  { std::ofstream(empty).flush(); }
  try {
    load_jwt_key(empty.string());
    ADD_FAILURE() << "empty key accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("empty"), std::string::npos) << e.what();
  }
  std::filesystem::remove(empty);
  EXPECT_THROW(load_jwt_key(std::filesystem::temp_directory_path().string()), std::runtime_error);
}

TEST(LoadJwtKey, RefusesKeysShorterThan32Bytes) {
  auto path = std::filesystem::temp_directory_path() /
              ("auth_test_short_" + std::to_string(::getpid()) + ".key");
  { std::ofstream(path, std::ios::binary) << std::string(31, 'k'); }
  try {
    load_jwt_key(path.string());
    ADD_FAILURE() << "31-byte key accepted";
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("31 bytes"), std::string::npos) << what;
    EXPECT_NE(what.find("at least 32"), std::string::npos) << what;
  }
  { std::ofstream(path, std::ios::binary) << std::string(32, 'k'); }
  EXPECT_EQ(load_jwt_key(path.string()), std::string(32, 'k'));
  std::filesystem::remove(path);
}

TEST(GenerateJwtKey, RandomAndLongEnough) {
  std::string a = generate_jwt_key();
  std::string b = generate_jwt_key();
  EXPECT_GE(a.size(), 32u);
  EXPECT_NE(a, b);
}

int run(std::vector<std::string> args, std::string* out, std::string* err, int64_t now = kNow) {
  args.insert(args.begin(), "token");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream o, e;
  int rc = run_token_command(static_cast<int>(argv.size()), argv.data(), kKey, o, e, now);
  *out = o.str();
  *err = e.str();
  return rc;
}

// Decodes the claims of the token printed by run_token_command.
std::string printed_claims(const std::string& out) {
  EXPECT_EQ(out.rfind("SLURM_JWT=", 0), 0u) << out;
  EXPECT_EQ(out.back(), '\n');
  auto parts = split(out.substr(10, out.size() - 11));
  EXPECT_EQ(parts.size(), 3u);
  return parts.size() == 3 ? base64url_decode(parts[1]).value_or("?") : "?";
}

TEST(TokenCommand, PrintsLikeScontrol) {
  std::string out, err;
  ASSERT_EQ(run({"username=ec2-user", "lifespan=3600"}, &out, &err), 0);
  EXPECT_EQ(err, "");
  EXPECT_EQ(out, "SLURM_JWT=" + mint_token(kKey, "ec2-user", 3600, kNow) + "\n");
}

TEST(TokenCommand, OptionParsingQuirks) {
  std::string out, err;
  ASSERT_EQ(run({"USERNAME=ec2-user"}, &out, &err), 0);
  EXPECT_EQ(printed_claims(out), R"({"exp":1795637618,"iat":1795635818,"sun":"ec2-user"})");
  ASSERT_EQ(run({"Lifespan=60x", "username=a", "username=b"}, &out, &err), 0);
  EXPECT_EQ(printed_claims(out), R"({"exp":1795635878,"iat":1795635818,"sun":"b"})");
  ASSERT_EQ(run({"username=x", "lifespan=abc"}, &out, &err), 0);
  EXPECT_EQ(printed_claims(out), R"({"exp":1795637618,"iat":1795635818,"sun":"x"})");
  ASSERT_EQ(run({"username=x", "lifespan=-5"}, &out, &err), 0);
  EXPECT_EQ(printed_claims(out), R"({"exp":1795635813,"iat":1795635818,"sun":"x"})");
  ASSERT_EQ(run({"username=x", "lifespan=99999999999"}, &out, &err), 0);
  EXPECT_EQ(printed_claims(out), R"({"exp":3011388009,"iat":1795635818,"sun":"x"})");
  ASSERT_EQ(run({"username=x=y"}, &out, &err), 0);
  EXPECT_EQ(printed_claims(out), R"({"exp":1795637618,"iat":1795635818,"sun":"x=y"})");
  ASSERT_EQ(run({"username=a/b"}, &out, &err), 0);
  EXPECT_EQ(printed_claims(out), R"({"exp":1795637618,"iat":1795635818,"sun":"a/b"})");
  ASSERT_EQ(run({"username="}, &out, &err), 0);
  EXPECT_EQ(printed_claims(out), R"({"exp":1795637618,"iat":1795635818,"sun":""})");
}

TEST(TokenCommand, DefaultsToTheInvokingUser) {
  std::string out, err;
  ASSERT_EQ(run({}, &out, &err), 0);
  EXPECT_NE(printed_claims(out).find(R"("sun":")"), std::string::npos);
  EXPECT_EQ(printed_claims(out).find(R"("sun":"")"), std::string::npos);
}

TEST(TokenCommand, InvalidOptions) {
  for (const char* bad : {"foo=bar", "user=ec2-user", "username", "usernam=x", "=x"}) {
    std::string out, err;
    EXPECT_EQ(run({"username=ec2-user", bad}, &out, &err), 1) << bad;
    EXPECT_EQ(out, "");
    EXPECT_EQ(err, std::string("Invalid option: `") + bad + "`\n");
  }
}

}  // namespace
}  // namespace mock_slurmrestd
