"""The contract suite's pytest plugin: options, fixtures and guards of the target-agnostic
slurmrestd suite, run once per API version the target serves (or `--api-version` names).
Loaded by contract_tests/conftest.py in this checkout, by `-p contract_tests.plugin`, or by the
pytest11 entry point of an installed copy."""

import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from client import Client, mint_jwt  # noqa: E402
from support.headers import ENV_VAR as HEADERS_ENV, extra_headers  # noqa: E402
from support.mock import MockStartError, start_mock  # noqa: E402
from support import versions as api_versions_of  # noqa: E402

# Fewer tests than this means the suite was mis-collected (a broken import, a bad -k).
MIN_EXPECTED_TESTS = 60


def pytest_addoption(parser):
    g = parser.getgroup("slurmrestd contract")
    g.addoption("--url", default=os.environ.get("SLURM_URL"),
                help="base URL of the target, may carry a path prefix (env SLURM_URL)")
    g.addoption("--slurm-user", default=os.environ.get("SLURM_USER", "ec2-user"),
                help="X-SLURM-USER-NAME (env SLURM_USER; default ec2-user)")
    g.addoption("--slurm-jwt", default=os.environ.get("SLURM_JWT"),
                help="X-SLURM-USER-TOKEN (env SLURM_JWT); minted from --jwt-key when absent")
    g.addoption("--jwt-key", default=os.environ.get("SLURM_JWT_KEY"),
                help="HS256 key file of the target; enables forged/expired-token tests "
                     "(env SLURM_JWT_KEY)")
    g.addoption("--mock-binary", default=os.environ.get("MOCK_SLURMRESTD"),
                help="without --url: start this mock-slurmrestd on a free port with a fresh "
                     "key and run the suite against it (env MOCK_SLURMRESTD)")
    g.addoption("--mock-args", default=os.environ.get("MOCK_SLURMRESTD_ARGS", ""),
                help="extra arguments for the started mock, e.g. '--clock scaled:10'")
    g.addoption("--header", action="append", default=[], metavar="'NAME: VALUE'",
                help="send this header on every request too (repeatable): a gateway's API key "
                     "or Authorization header; env $%s adds more, one per line" % HEADERS_ENV)
    g.addoption("--allow-load", action="store_true",
                default=os.environ.get("CONTRACT_ALLOW_LOAD") == "1",
                help="also run the tests marked `load` (many jobs, big bodies) against a target "
                     "the suite did not start itself (env CONTRACT_ALLOW_LOAD=1)")
    g.addoption("--api-version", action="append", default=[], metavar="vX.Y.Z[,...]",
                help="run the per-version tests on this API version (repeatable or a comma "
                     "list; `openapi/v0.0.37` or `v0.0.37`); default: every version the target "
                     "serves, from the paths of its GET /openapi/v3 (env SLURM_API_VERSIONS)")
    g.addoption("--strict-coverage", action="store_true",
                default=os.environ.get("CONTRACT_STRICT") == "1",
                help="turn every skip into a failure (CI default; env CONTRACT_STRICT=1)")


def _start_mock(config):
    """Starts the mock on 127.0.0.1:0 with its own key; points --url/--jwt-key at it."""
    try:
        mock = start_mock(config.getoption("--mock-binary"),
                          args=config.getoption("--mock-args").split())
    except MockStartError as e:
        raise pytest.UsageError(str(e))
    config.option.url = mock.url
    config.option.jwt_key = mock.key_path
    config._contract_mock = mock


def _stop_mock(config):
    """Stops the mock started by _start_mock (SIGTERM: a clean shutdown); returns its exit
    status, or None when no mock was started. Idempotent."""
    mock = getattr(config, "_contract_mock", None)
    # Sanitizer builds check for leaks at exit, which takes a few seconds.
    return mock.stop(timeout=60) if mock else None


def pytest_unconfigure(config):
    _stop_mock(config)


def pytest_configure(config):
    try:
        config._contract_headers = extra_headers(config.getoption("--header"))
    except ValueError as e:
        raise pytest.UsageError(f"--header / ${HEADERS_ENV}: {e}")
    try:
        config._contract_asked_versions = api_versions_of.parse(
            config.getoption("--api-version"), os.environ.get(api_versions_of.ENV_VAR))
    except api_versions_of.VersionError as e:
        raise pytest.UsageError(f"contract suite: {e}")
    if not config.getoption("--url") and config.getoption("--mock-binary"):
        _start_mock(config)
    config.addinivalue_line("markers", "slow: takes a minute or more (time-limit test)")
    config.addinivalue_line("markers", "api_versions(*versions): run only on these of the "
                                       "selected API versions (what only they serve)")
    config.addinivalue_line("markers", "one_version: run on the first selected API version "
                                       "only (HTTP-layer behaviour that no version changes)")
    config.addinivalue_line("markers", "contract_no_version: none of the test's API versions "
                                       "is selected (set by the plugin; deselected)")
    config.addinivalue_line("markers", "mock_gap(row, *versions): against the mock, these "
                                       "versions' runs are expected to fail (strict xfail): "
                                       "docs/differences.md names the row")
    config.addinivalue_line("markers", "lifecycle: submits real jobs and polls them")
    config.addinivalue_line("markers", "auth: authentication behaviour")
    config.addinivalue_line("markers", "launcher: starts real Slurm daemons (root)")
    config.addinivalue_line("markers", "limits: the daemon's own body size and nesting limits "
                                       "and connection handling (a gateway in front has its own)")
    config.addinivalue_line("markers", "load: creates load or many jobs (soak run, 50 MiB "
                                       "bodies); deselected unless the target is a mock the "
                                       "suite started itself or --allow-load is given")


def _ours(item):
    """Items of this suite (an installed plugin also sees other projects' tests)."""
    return str(item.path).startswith(HERE + os.sep)


def started_own_mock(config):
    return getattr(config, "_contract_mock", None) is not None


def _token(config):
    tok = config.getoption("--slurm-jwt")
    if tok:
        return tok
    path = config.getoption("--jwt-key")
    if path:
        with open(path, "rb") as f:
            return mint_jwt(f.read(), config.getoption("--slurm-user"))
    raise pytest.UsageError("need --slurm-jwt (SLURM_JWT) or --jwt-key (SLURM_JWT_KEY)")


def contract_versions(config):
    """The run's api_versions_of.Versions, read from the target once (None without a target)."""
    if not hasattr(config, "_contract_versions"):
        try:
            asked = config._contract_asked_versions
            versions = None
            if config.getoption("--url"):
                client = Client(config.getoption("--url"), config.getoption("--slurm-user"),
                                _token(config), headers=config._contract_headers)
                versions = api_versions_of.discover(client, asked)
        except api_versions_of.VersionError as e:
            raise pytest.UsageError(f"contract suite: {e}")
        config._contract_versions = versions
    return config._contract_versions


def pytest_generate_tests(metafunc):
    """Every test that uses `api_version` (through `client`, say) runs once per selected
    version, restricted by its `api_versions` marker, or on the first one with `one_version`."""
    if "api_version" not in metafunc.fixturenames:
        return
    if not str(metafunc.definition.path).startswith(HERE + os.sep):
        return
    versions = contract_versions(metafunc.config)
    # Without a target the run stops at collection (--url is required); one id keeps it going.
    selected = versions.selected if versions else ["v0.0.36"]
    only = metafunc.definition.get_closest_marker("api_versions")
    if only:
        selected = [v for v in selected if v in only.args]
    if metafunc.definition.get_closest_marker("one_version"):
        selected = selected[:1]
    # None of its versions selected: deselected at collection (a skip would be a coverage gap).
    params = selected or [pytest.param(None, marks=pytest.mark.contract_no_version)]
    # Session scope: one client (and its cluster look-ups) per version for the whole run.
    metafunc.parametrize("api_version", params, scope="session")


def _mark_mock_gaps(config, items):
    """Against the mock, a run of a version in a `mock_gap` marker is a strict xfail: it must
    fail (the documented difference) and turns into a failure the day the mock matches."""
    versions = getattr(config, "_contract_versions", None)
    if not versions or not versions.mock:
        return
    for item in items:
        version = getattr(item, "callspec", None) and item.callspec.params.get("api_version")
        for gap in item.iter_markers("mock_gap"):
            row, gap_versions = gap.args[0], gap.args[1:]
            if version in gap_versions:
                item.add_marker(pytest.mark.xfail(
                    strict=True, reason=f"mock gap, docs/differences.md row {row}"))


def pytest_collection_modifyitems(session, config, items):
    # Launcher tests (contract_tests/oracle/) need no target; everything else does.
    session.contract_items = [i for i in items if _ours(i) and (
        "client" in i.fixturenames or "anon" in i.fixturenames)]
    if session.contract_items and not config.getoption("--url"):
        raise pytest.UsageError("contract suite: --url (or SLURM_URL) is required")
    _mark_mock_gaps(config, items)
    unversioned = [i for i in items if i.get_closest_marker("contract_no_version")]
    if unversioned:
        gone = set(unversioned)
        items[:] = [i for i in items if i not in gone]
        config.hook.pytest_deselected(items=unversioned)
    # Load is safe only on a mock of our own: any other target may be a shared cluster (whose
    # dynamic nodes start instances for jobs) or a gateway that bills requests. Deselected, not
    # skipped: --strict-coverage keeps failing on every skip.
    config._contract_load_deselected = []
    if not started_own_mock(config) and not config.getoption("--allow-load"):
        load = [i for i in items if _ours(i) and i.get_closest_marker("load")]
        if load:
            gone = set(load)
            items[:] = [i for i in items if i not in gone]
            config.hook.pytest_deselected(items=load)
            config._contract_load_deselected = load


def pytest_report_collectionfinish(config, items):
    lines = []
    versions = getattr(config, "_contract_versions", None)
    if versions:
        lines.append(f"contract suite: API versions {', '.join(versions.selected)} (the target "
                     f"serves {', '.join(versions.served)}"
                     + ("; it is the mock: documented gaps are expected failures)"
                        if versions.mock else ")"))
    n = len(getattr(config, "_contract_load_deselected", []))
    if n:
        lines.append(f"contract suite: {n} load tests deselected (the target is not a mock this "
                     f"suite started; --allow-load runs them)")
    return lines


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    # An expected failure of a documented mock gap is not a gap in coverage: it was run.
    gap = hasattr(rep, "wasxfail") and rep.wasxfail.startswith("mock gap")
    if rep.skipped and not gap and item.config.getoption("--strict-coverage") and _ours(item):
        rep.outcome = "failed"
        rep.longrepr = f"skipped under --strict-coverage: {rep.longrepr}"


def pytest_sessionfinish(session, exitstatus):
    tr = session.config.pluginmanager.get_plugin("terminalreporter")
    passed = len(tr.stats.get("passed", [])) if tr else 0
    selected = session.testscollected - len(tr.stats.get("deselected", [])) if tr else 0
    filtered = bool(session.config.getoption("keyword") or session.config.getoption("markexpr"))
    problem = None
    if session.config.getoption("collectonly") or not _session_is_ours(session):
        pass
    elif session.testscollected == 0:
        problem = "NO TESTS WERE COLLECTED OR SELECTED"
    elif passed == 0 and selected > 0:
        problem = "NO TEST PASSED"
    elif (not filtered and getattr(session, "contract_items", None)
          and len(session.contract_items) < MIN_EXPECTED_TESTS):
        problem = (f"only {len(session.contract_items)} contract tests collected, expected at "
                   f"least {MIN_EXPECTED_TESTS}")
    # A mock that crashed, or that a sanitizer failed at exit (leaks), fails the run even when
    # every test passed: the SIGTERM shutdown otherwise exits 0.
    status = _stop_mock(session.config)
    if status and not problem:
        problem = f"the mock exited with status {status} (see its stderr above)"
    if problem:
        if tr:
            tr.write_sep("!", f"contract suite: {problem}", red=True, bold=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _session_is_ours(session):
    """True when this session runs (part of) this suite: an installed plugin must leave other
    projects' sessions alone."""
    if getattr(session, "contract_items", None) or any(
            _ours(i) for i in getattr(session, "items", [])):
        return True
    for arg in session.config.args:
        path = os.path.abspath(arg.split("::")[0])
        if path == HERE or path.startswith(HERE + os.sep) or arg.split(".")[0] == "contract_tests":
            return True
    return False


def load_expected(name):
    with open(os.path.join(HERE, "expected", name + ".json")) as f:
        return json.load(f)


@pytest.fixture(scope="session")
def jwt_key(pytestconfig):
    path = pytestconfig.getoption("--jwt-key")
    if not path:
        pytest.skip("needs --jwt-key FILE (or SLURM_JWT_KEY) to mint forged/expired tokens")
    with open(path, "rb") as f:
        return f.read()


@pytest.fixture(scope="session")
def user(pytestconfig):
    return pytestconfig.getoption("--slurm-user")


@pytest.fixture(scope="session")
def token(pytestconfig, user):
    return _token(pytestconfig)


@pytest.fixture(scope="session")
def versions(pytestconfig):
    """The run's versions: `selected`, `served`, `document` (the first plugin loaded), `mock`."""
    return contract_versions(pytestconfig)


@pytest.fixture(scope="session")
def client(pytestconfig, user, token, api_version):
    """The target, spoken to under /slurm/<api_version> (the test runs once per version)."""
    return Client(pytestconfig.getoption("--url"), user, token,
                  headers=pytestconfig._contract_headers, api_version=api_version)


@pytest.fixture(scope="session")
def anon(client):
    """Same target, no slurmrestd credentials (a gateway's own headers are still sent)."""
    return client.with_auth(None, None)


@pytest.fixture(scope="session")
def partitions(client):
    r = client.api("GET", "/partitions")
    assert r.status == 200, r
    parts = r.json()["partitions"]
    assert parts, "target reports no partitions"
    return parts


@pytest.fixture(scope="session")
def nodes(client):
    r = client.api("GET", "/nodes")
    assert r.status == 200, r
    ns = r.json()["nodes"]
    assert ns, "target reports no nodes"
    return ns


@pytest.fixture(scope="session")
def default_partition(partitions):
    for p in partitions:
        if "default" in p["flags"]:
            return p
    return partitions[0]


@pytest.fixture(scope="session")
def unknown_job_id(client):
    r = client.api("GET", "/jobs")
    ids = [j["job_id"] for j in r.json()["jobs"]]
    return max(ids + [0]) + 900000


@pytest.fixture
def jobs_to_cancel(client):
    """Job ids a test submitted; cancelled afterwards whatever the outcome."""
    ids = []
    yield ids
    for jid in ids:
        client.cancel_quietly(jid)


ENV = {"PATH": "/bin:/usr/bin/:/usr/local/bin/"}


@pytest.fixture
def job_desc():
    """A minimal valid job description (cwd /tmp so any target user can write output)."""
    def make(**extra):
        d = {"name": "contract", "current_working_directory": "/tmp", "environment": dict(ENV),
             "standard_output": "/dev/null", "standard_error": "/dev/null"}
        d.update(extra)
        return d
    return make
