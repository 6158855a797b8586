"""Authentication: missing headers are rejected at routing; bad tokens fail per handler."""

import base64
import hashlib
import hmac
import json
import time

import pytest

from client import mint_jwt
from helpers import assert_described_error, assert_envelope, assert_error, assert_ok, assert_text

pytestmark = pytest.mark.auth

# A refused token reaches the handlers, whose answers are per version (notes section 6).
PING_ERR = r"_op_handler_ping: slurmctld config is unable to load: Unknown error 5005"


def check_ping_and_jobs_refused(c):
    """What a bad token yields on ping and jobs (HTTP 500 with per-route errors)."""
    if c.api_version == "v0.0.36":
        body = assert_error(c.api("GET", "/ping"), 500, PING_ERR, "errno", 5005)
        assert body["errors"][1] == {"error": "_op_handler_ping: slurmctld config is missing"}
    else:
        body = assert_described_error(c.api("GET", "/ping"), 500,
                                      "slurmctld config is unable to load", -1,
                                      "Unspecified error", "slurm_load_ctl_conf")
        assert len(body["errors"]) == 1
    assert list(body) == ["meta", "errors"]
    r = c.api("GET", "/jobs")
    body = assert_envelope(r, 500, "jobs")
    assert body["jobs"] == []
    if c.api_version == "v0.0.36":
        assert body["errors"] == []
    else:
        assert_described_error(r, 500, "Failed while looking for jobs", -1, "Unspecified error",
                               "slurm_load_jobs")
        assert len(body["errors"]) == 1


def check_rejected(c):
    """... and on diag."""
    check_ping_and_jobs_refused(c)
    r = c.api("GET", "/diag")
    if c.api_version == "v0.0.38":
        body = assert_described_error(r, 500, "request failed", -1, "Unspecified error",
                                      "slurm_get_statistics", "statistics",
                                      {"rpcs_by_message_type": [], "rpcs_by_user": []})
    else:
        body = assert_error(r, 500, "Unspecified error", "errno", -1, "statistics", {})
    assert len(body["errors"]) == 1


def test_no_headers_401(anon):
    assert_text(anon.api("GET", "/ping"), 401, "Authentication failure")


def test_token_without_user_401(client):
    assert_text(client.with_auth(None, client.token).api("GET", "/ping"), 401,
                "Authentication failure")


def test_no_auth_on_unknown_path_is_401(anon):
    # The header check comes before routing (docs/oracle-notes/auth.md): no 404 without them.
    assert_text(anon.get("/nosuch"), 401, "Authentication failure")


def test_garbage_token(client, user):
    check_rejected(client.with_auth(user, "garbage"))


def test_minted_token_accepted(client, jwt_key, user):
    assert_ok(client.with_auth(user, mint_jwt(jwt_key, user)).api("GET", "/ping"))


def test_bad_signature(client, jwt_key, user):
    check_rejected(client.with_auth(user, mint_jwt(b"not-the-key" * 4, user)))


def test_expired_token(client, jwt_key, user):
    now = int(time.time())
    check_rejected(client.with_auth(user, mint_jwt(jwt_key, user, lifespan=-60,
                                                   now=now, iat=now - 120)))


def test_user_mismatch(client, jwt_key, user):
    other = "root" if user != "root" else "ec2-user"
    check_rejected(client.with_auth(other, mint_jwt(jwt_key, user)))
    # ... while a token minted for that other user is fine.
    assert_ok(client.with_auth(other, mint_jwt(jwt_key, other)).api("GET", "/ping"))


def test_tampered_claims(client, jwt_key, user):
    tok = mint_jwt(jwt_key, user)
    head, _, sig = tok.split(".")
    forged = mint_jwt(jwt_key, "root").split(".")[1]
    check_rejected(client.with_auth("root", f"{head}.{forged}.{sig}"))


# ---- Tokens the real daemon (libjwt 1.10 behind slurmctld) refuses or, perhaps unexpectedly,
# accepts. Only ping and jobs are asked: /diag with a refused token can crash a real daemon.

def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segment(obj):
    return _b64(obj if isinstance(obj, bytes) else
                json.dumps(obj, separators=(",", ":")).encode())


def forge(key, header, claims, digest=hashlib.sha256, sig=None):
    """A token from raw header/claims (dicts or bytes), HMAC-signed with `digest` unless `sig`."""
    signing_input = _segment(header) + "." + _segment(claims)
    if sig is None:
        sig = _b64(hmac.new(key, signing_input.encode(), digest).digest())
    return signing_input + "." + sig


def claims_for(user, lifespan=600, **extra):
    now = int(time.time())
    return {"exp": now + lifespan, "iat": now, "sun": user, **extra}


check_ping_refused = check_ping_and_jobs_refused


HS256 = {"alg": "HS256", "typ": "JWT"}


@pytest.mark.parametrize("header,digest,sig", [
    ({"alg": "none", "typ": "JWT"}, None, ""),
    ({"alg": "none", "typ": "JWT"}, hashlib.sha256, None),
    ({"alg": "NONE"}, None, ""),
    ({"alg": "HS384", "typ": "JWT"}, hashlib.sha384, None),
    ({"alg": "HS512", "typ": "JWT"}, hashlib.sha512, None),
    ({"alg": "HS384", "typ": "JWT"}, hashlib.sha256, None),
    ({"alg": "RS256", "typ": "JWT"}, hashlib.sha256, None),
    ({"alg": "RS256", "typ": "JWT"}, None, _b64(b"x" * 256)),
    ({"alg": "HS256 ", "typ": "JWT"}, hashlib.sha256, None),
    ({"alg": 256, "typ": "JWT"}, hashlib.sha256, None),
    ({"typ": "JWT"}, hashlib.sha256, None),
], ids=["none-unsigned", "none-hs256-signed", "NONE", "hs384", "hs512", "hs384-hs256-signed",
        "rs256-hs256-signed", "rs256-junk", "alg-trailing-space", "alg-number", "no-alg"])
def test_algorithms_other_than_hs256_refused(client, jwt_key, user, header, digest, sig):
    check_ping_refused(client.with_auth(user, forge(jwt_key, header, claims_for(user),
                                                    digest or hashlib.sha256, sig)))


@pytest.mark.parametrize("header", [{"alg": "hs256", "typ": "JWT"}, {"alg": "Hs256"},
                                    {"alg": "HS256", "typ": "jwt"}, {"alg": "HS256", "typ": 1},
                                    {"alg": "HS256", "typ": None}, {"alg": "HS256", "kid": "k"}])
def test_hs256_spellings_accepted(client, jwt_key, user, header):
    assert_ok(client.with_auth(user, forge(jwt_key, header, claims_for(user))).api("GET", "/ping"))


@pytest.mark.parametrize("typ", ["XYZ", "", "JWS"])
def test_typ_naming_another_type_refused(client, jwt_key, user, typ):
    check_ping_refused(client.with_auth(user, forge(jwt_key, {"alg": "HS256", "typ": typ},
                                                    claims_for(user))))


def test_duplicate_alg_last_one_wins(client, jwt_key, user):
    claims = claims_for(user)
    ok = forge(jwt_key, b'{"alg":"none","alg":"HS256","typ":"JWT"}', claims)
    assert_ok(client.with_auth(user, ok).api("GET", "/ping"))
    bad = forge(jwt_key, b'{"alg":"HS256","alg":"none","typ":"JWT"}', claims)
    check_ping_refused(client.with_auth(user, bad))


def test_expiry_has_no_clock_skew_allowance(client, jwt_key, user):
    check_ping_refused(client.with_auth(user, forge(jwt_key, HS256, claims_for(user, -1))))
    check_ping_refused(client.with_auth(user, forge(jwt_key, HS256, claims_for(user, -30))))
    assert_ok(client.with_auth(user, forge(jwt_key, HS256, claims_for(user, 5)))
              .api("GET", "/ping"))


def test_iat_and_nbf_in_the_future_not_checked(client, jwt_key, user):
    now = int(time.time())
    tok = forge(jwt_key, HS256, claims_for(user, iat=now + 86400, nbf=now + 3600))
    assert_ok(client.with_auth(user, tok).api("GET", "/ping"))


@pytest.mark.parametrize("exp", [b"9223372036854775808", b"18446744073709551621", b"1e400",
                                 b'"1900000000"', b"true", b"1900000000.0"])
def test_unreadable_exp_refused(client, jwt_key, user, exp):
    claims = b'{"exp":' + exp + b',"sun":"' + user.encode() + b'"}'
    check_ping_refused(client.with_auth(user, forge(jwt_key, HS256, claims)))


def test_out_of_range_integer_in_any_claim_refused(client, jwt_key, user):
    base = json.dumps(claims_for(user), separators=(",", ":")).encode()[:-1]
    for extra in (b',"zz":9223372036854775808}', b',"zz":-9223372036854775809}'):
        check_ping_refused(client.with_auth(user, forge(jwt_key, HS256, base + extra)))
    assert_ok(client.with_auth(user, forge(jwt_key, HS256, base + b',"zz":1.5e3}'))
              .api("GET", "/ping"))


def test_header_and_claims_decoded_leniently(client, jwt_key, user):
    """Padding, the standard alphabet and characters outside base64 are skipped."""
    header = _segment(HS256)
    for i in range(64):  # claims whose standard base64 spelling differs from base64url
        raw = json.dumps(claims_for(user, zz="?>" * i), separators=(",", ":")).encode()
        std = base64.b64encode(raw).decode().rstrip("=")
        if "+" in std or "/" in std:
            break
    else:
        pytest.fail("no claims with '+' or '/' in standard base64 in 64 tries")
    for claims in (std, base64.urlsafe_b64encode(raw).decode() + "==",
                   _b64(raw)[:9] + "! =" + _b64(raw)[9:] + "A"):
        signing_input = header[:5] + "!" + header[5:] + "==." + claims
        tok = signing_input + "." + _b64(hmac.new(jwt_key, signing_input.encode(),
                                                  hashlib.sha256).digest())
        assert_ok(client.with_auth(user, tok).api("GET", "/ping"))


def test_signature_must_be_unpadded_base64url(client, jwt_key, user):
    for i in range(64):
        signing_input = _segment(HS256) + "." + _segment(claims_for(user, 600 + i))
        mac = hmac.new(jwt_key, signing_input.encode(), hashlib.sha256).digest()
        std = base64.b64encode(mac).decode().rstrip("=")
        if "+" in std or "/" in std:
            break
    else:
        pytest.fail("no signature with '+' or '/' in 64 tries")
    check_ping_refused(client.with_auth(user, signing_input + "." + std))
    check_ping_refused(client.with_auth(
        user, signing_input + "." + base64.urlsafe_b64encode(mac).decode()))
    assert_ok(client.with_auth(user, signing_input + "." + _b64(mac)).api("GET", "/ping"))


def test_claims_end_at_a_nul_byte(client, jwt_key, user):
    raw = json.dumps(claims_for(user), separators=(",", ":")).encode()
    assert_ok(client.with_auth(user, forge(jwt_key, HS256, raw + b"\x00junk"))
              .api("GET", "/ping"))
    check_ping_refused(client.with_auth(user, forge(jwt_key, HS256, raw + b"junk")))
    escaped = raw[:-1] + b',"zz":"a\\u0000b"}'
    check_ping_refused(client.with_auth(user, forge(jwt_key, HS256, escaped)))
