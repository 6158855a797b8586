"""Authentication: missing headers are rejected at routing; bad tokens fail per handler."""

import time

import pytest

from client import mint_jwt
from helpers import assert_error, assert_ok, assert_text

pytestmark = pytest.mark.auth

PING_ERR = r"_op_handler_ping: slurmctld config is unable to load: Unknown error 5005"


def check_rejected(c):
    """What a bad token yields on ping, jobs and diag (HTTP 500 with per-route errors)."""
    body = assert_error(c.api("GET", "/ping"), 500, PING_ERR, "errno", 5005)
    assert body["errors"][1] == {"error": "_op_handler_ping: slurmctld config is missing"}
    assert list(body) == ["meta", "errors"]
    body = assert_error(c.api("GET", "/diag"), 500, "Unspecified error", "errno", -1,
                        "statistics", {})
    r = c.api("GET", "/jobs")
    assert r.status == 500, r
    assert r.json()["jobs"] == [] and r.json()["errors"] == []


def test_no_headers_401(anon):
    assert_text(anon.api("GET", "/ping"), 401, "Authentication failure")


def test_token_without_user_401(client):
    assert_text(client.with_auth(None, client.token).api("GET", "/ping"), 401,
                "Authentication failure")


def test_no_auth_on_unknown_path_is_404(anon):
    r = anon.get("/nosuch")
    assert r.status in (401, 404)


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
