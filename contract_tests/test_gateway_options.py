"""The options that aim the suite at a gateway: extra headers reach the target on every request,
load tests are off unless the target is the suite's own mock, and the suite runs as a plugin from
any directory. Each runs the suite itself (a few of its tests) in a subprocess against the
suite's target, through a local proxy where the headers must be seen."""

import http.client
import http.server
import os
import secrets
import subprocess
import sys
import threading
import urllib.parse

import pytest

# Each test runs the suite again in a subprocess: once, on this run's first version.
pytestmark = pytest.mark.one_version

HERE = os.path.dirname(os.path.abspath(__file__))
PROBE = "X-Contract-Probe"
# Not forwarded: what belongs to one connection or is recomputed. The answer's `Connection`
# header is passed on (the suite checks it); the gate closes every connection after one answer.
REQUEST_DROP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
                "host", "content-length"}
ANSWER_DROP = {"transfer-encoding", "content-length"}


class HeaderGate:
    """A tiny gateway on 127.0.0.1: answers 403 to any request without `PROBE: secret`, forwards
    the others to the target unchanged, and remembers (method, path, carried the header)."""

    def __init__(self, target_url, secret):
        t = urllib.parse.urlsplit(target_url)
        self.conn_args = (t.hostname, t.port or (443 if t.scheme == "https" else 80))
        self.conn_cls = (http.client.HTTPSConnection if t.scheme == "https"
                         else http.client.HTTPConnection)
        self.secret = secret
        self.seen = []
        gate = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def handle_one_request(self):
                try:
                    super().handle_one_request()
                except ConnectionError:
                    self.close_connection = True

            def forward(self):
                ok = self.headers.get(PROBE) == gate.secret
                gate.seen.append((self.command, self.path, ok))
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if not ok:
                    self.send_response(403)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                conn = gate.conn_cls(*gate.conn_args, timeout=60)
                try:
                    hdrs = {k: v for k, v in self.headers.items()
                            if k.lower() not in REQUEST_DROP}
                    conn.request(self.command, self.path, body=body if body else None,
                                 headers=hdrs)
                    resp = conn.getresponse()
                    data = resp.read()
                finally:
                    conn.close()
                self.send_response(resp.status, resp.reason)
                for k, v in resp.getheaders():
                    if k.lower() not in ANSWER_DROP:
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = do_HEAD = forward

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self):
        return self.server.server_address[1]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def run_suite(args, env=None, cwd=HERE):
    """Runs pytest in a subprocess; returns (exit code, output)."""
    r = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
                       capture_output=True, text=True, timeout=600, cwd=cwd,
                       env={**os.environ, **(env or {})})
    return r.returncode, r.stdout + r.stderr


def target_args(pytestconfig, client, url=None):
    """The options that aim a subprocess suite at this suite's target as this suite sees it
    (its own extra headers included)."""
    args = ["--url", url or pytestconfig.getoption("--url"), "--slurm-user", client.user,
            "--slurm-jwt", client.token, "--api-version", client.api_version]
    if pytestconfig.getoption("--jwt-key"):
        args += ["--jwt-key", pytestconfig.getoption("--jwt-key")]
    for name, value in client.extra_headers.items():
        args += ["--header", f"{name}: {value}"]
    return args


def gate_url(gate, client):
    return f"http://127.0.0.1:{gate.port}{client.prefix}"


def test_header_option_is_sent_on_every_request(pytestconfig, client):
    secret = secrets.token_hex(8)
    with HeaderGate(pytestconfig.getoption("--url"), secret) as gate:
        args = target_args(pytestconfig, client, gate_url(gate, client))
        code, out = run_suite([os.path.join(HERE, "test_routes.py"),
                               os.path.join(HERE, "test_limits.py"), "-m", "not load", *args,
                               "--header", f"{PROBE}: {secret}"])
        assert code == 0, out
        seen = list(gate.seen)
    # Every request the suite made carried the header, the raw-socket ones of test_limits too.
    assert len(seen) > 20, seen
    assert [s for s in seen if not s[2]] == []
    assert any(p.endswith("/job/submit") for _, p, _ in seen), seen


def test_header_from_the_environment_and_its_absence(pytestconfig, client):
    secret = secrets.token_hex(8)
    ping = [os.path.join(HERE, "test_routes.py"), "-k", "test_ping_reports_primary_up"]
    with HeaderGate(pytestconfig.getoption("--url"), secret) as gate:
        args = target_args(pytestconfig, client, gate_url(gate, client))
        code, out = run_suite([*ping, *args],
                              env={"SLURM_EXTRA_HEADERS": f"X-Other: 1\n{PROBE}: {secret}\n"})
        assert code == 0, out
        with_env = list(gate.seen)
        gate.seen.clear()
        code, out = run_suite([*ping, *args], env={"SLURM_EXTRA_HEADERS": ""})
        without = list(gate.seen)
    assert with_env and all(ok for _, _, ok in with_env), with_env
    assert code != 0 and "403" in out, out
    assert without and not any(ok for _, _, ok in without), without


def test_malformed_header_is_a_usage_error(pytestconfig, client):
    code, out = run_suite([os.path.join(HERE, "test_routes.py"), "--collect-only", "-q",
                           *target_args(pytestconfig, client), "--header", "no colon here"])
    assert code == pytest.ExitCode.USAGE_ERROR, out
    assert "expected 'Name: value'" in out, out


# The load tests by file; the soak's is not in an installed copy (it needs the repository).
LOAD_TESTS = {"test_limits.py": ["test_body_at_the_limit_is_read",
                                 "test_body_over_the_limit_is_413"],
              os.path.join("soak", "test_soak.py"): ["test_short_soak_run"]}
LOAD_FILES = [f for f in LOAD_TESTS if os.path.exists(os.path.join(HERE, f))]
LOAD_NAMES = [t for f in LOAD_FILES for t in LOAD_TESTS[f]]


def collected(out):
    return [t for t in LOAD_NAMES if f"::{t}" in out]


def test_load_tests_are_off_against_a_target_the_suite_did_not_start(pytestconfig, client):
    files = [os.path.join(HERE, f) for f in LOAD_FILES]
    # --url: the suite cannot know what is behind it, so load tests are deselected
    code, out = run_suite([*files, "--collect-only", "-q", *target_args(pytestconfig, client)])
    assert code == 0, out
    assert collected(out) == [], out
    assert f"{len(LOAD_NAMES)} load tests deselected" in out, out
    assert "test_json_nesting_of_32_is_parsed" in out, out  # the rest of the file stays
    # --allow-load turns them on
    code, out = run_suite([*files, "--collect-only", "-q", "--allow-load",
                           *target_args(pytestconfig, client)])
    assert code == 0, out
    assert collected(out) == LOAD_NAMES, out


def test_load_tests_run_against_the_suites_own_mock(pytestconfig, request):
    """In this very session: no load test was deselected when the suite started its mock (or
    --allow-load was given); otherwise every one collected was, and nothing else."""
    deselected = pytestconfig._contract_load_deselected
    kept_load = [i.name for i in request.session.items if i.get_closest_marker("load")]
    own = getattr(pytestconfig, "_contract_mock", None) is not None
    if own or pytestconfig.getoption("--allow-load"):
        assert deselected == []
    else:
        assert kept_load == []
        assert all(i.get_closest_marker("load") for i in deselected), deselected


def test_suite_runs_as_a_plugin_from_another_directory(pytestconfig, client, tmp_path):
    """`-p contract_tests.plugin --pyargs contract_tests` from a directory outside the checkout,
    with only the checkout's root on PYTHONPATH (what an installed copy has on sys.path)."""
    code, out = run_suite(["-p", "contract_tests.plugin", "--pyargs", "contract_tests", "-v",
                           "-k", "test_ping_reports_primary_up or test_meta_shape",
                           *target_args(pytestconfig, client)],
                          env={"PYTHONPATH": os.path.dirname(HERE)}, cwd=str(tmp_path))
    assert code == 0, out
    v = client.api_version
    assert f"test_routes.py::test_ping_reports_primary_up[{v}] PASSED" in out, out
    assert f"test_shapes.py::test_meta_shape[{v}] PASSED" in out, out
