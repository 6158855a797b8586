"""pytest plugin: an in-process mock slurmrestd for a test session, reset before every test.

Enable it with `-p mock_slurmrestd.pytest_plugin` (or `pytest_plugins = [...]` in a root
conftest.py; an installed copy registers itself through its pytest11 entry point).

Fixtures:
    mock_slurm_server  session   the server for the default slurm.conf, started on a free port
    mock_slurm         function  the server this test uses, reset (no jobs, ids from 1) and with
                                 the test's clock mode; control it through the bindings
                                 (advance, set_node_state, jobs, ...)
    slurm_url          function  its base URL, e.g. http://127.0.0.1:41234
    slurm_user         function  the user the auth headers speak for ("ec2-user"; override it)
    slurm_token        function  a fresh JWT for slurm_user
    slurm_headers      function  {"X-SLURM-USER-NAME": ..., "X-SLURM-USER-TOKEN": ...}

Choosing the cluster and the clock, nearest first:
    @pytest.mark.mock_slurm(conf="clusters/tiny.conf", clock="real")   on a test or a class,
    pytestmark = pytest.mark.mock_slurm(conf=...)                      for a module,
    --mock-slurm-conf PATH / --mock-slurm-clock MODE                   on the command line,
    mock_slurm_conf / mock_slurm_clock                                 in the ini file.
Fault rules for a test: @pytest.mark.mock_slurm(faults=[FaultRule(kind="reset", path="/slurm/*/jobs")])
(FaultRule objects or dicts of their fields); the reset before the next test removes them.
What reached the mock: mock_slurm.requests, mock_slurm.assert_request(method, path, ...).
A relative conf in a marker is relative to the test file's directory. The clock is "manual"
(time moves only through mock_slurm.advance(N)), "real", or "scaled:N" (N times faster).

Choosing the Slurm release and its REST API versions (like slurmrestd's -s and -d), nearest
first:
    @pytest.mark.mock_slurm(slurm_version="22.05", api_versions=["openapi/v0.0.36"])
    @pytest.mark.mock_slurm(slurm_version="26.05", data_parsers=["v0.0.42", "v0.0.43", "v0.0.44"])
    --mock-slurm-version R / --mock-slurm-data-parsers v0.0.42,...     on the command line,
    mock_slurm_version / mock_slurm_data_parsers                       in the ini file
(default: the 22.05 release with every version it loads; mock_slurm.api_versions lists them).
A marker's slurm_version drops the command line's and the ini's data_parsers (they name
another release's plugins). Each distinct (slurm.conf, release, versions) gets one server for
the whole session.
"""

import os

import pytest

import mock_slurmrestd

_MARKER = "mock_slurm"


def pytest_addoption(parser):
    group = parser.getgroup("mock-slurmrestd")
    group.addoption("--mock-slurm-conf", default=None, metavar="PATH",
                    help="slurm.conf for the in-process mock (default: the built-in cluster)")
    group.addoption("--mock-slurm-clock", default=None, metavar="MODE",
                    help="clock of the in-process mock: manual (default), real or scaled:N")
    group.addoption("--mock-slurm-version", default=None, metavar="RELEASE",
                    help="Slurm release the in-process mock mirrors: 22.05 (default), 24.11, "
                         "26.05 (a 25.11 cluster: 26.05 with --mock-slurm-data-parsers "
                         "v0.0.42,v0.0.43,v0.0.44)")
    group.addoption("--mock-slurm-data-parsers", default=None, metavar="vX[,...]",
                    help="data_parser plugins the mock loads, like slurmrestd's -d (24.11 on; "
                         "default all of the release's)")
    parser.addini("mock_slurm_conf", "slurm.conf for the in-process mock (relative to rootdir)")
    parser.addini("mock_slurm_version", "Slurm release the in-process mock mirrors")
    parser.addini("mock_slurm_data_parsers", "data_parser plugins it loads (comma-separated)")
    parser.addini("mock_slurm_clock", "clock of the in-process mock: manual, real or scaled:N")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        f"{_MARKER}(conf=None, clock=None, slurm_version=None, api_versions=None, "
        "data_parsers=None, faults=None): run against the in-process mock slurmrestd loaded "
        "from this slurm.conf, with this clock (manual, real, scaled:N), mirroring this Slurm "
        "release and loading these API versions (openapi plugins, like -s; data_parser "
        "plugins, like -d), with these fault rules (mock_slurmrestd.FaultRule or dicts)")


def parse_clock(text):
    """'manual' | 'real' | 'scaled:N' -> (mode, scale)."""
    mode, _, scale = str(text).partition(":")
    if mode == "scaled":
        return mode, float(scale or 1.0)
    if mode in ("manual", "real") and not scale:
        return mode, 1.0
    raise pytest.UsageError(f"mock_slurm clock must be manual, real or scaled:N, not {text!r}")


class ServerPool:
    """One started Server per (slurm.conf, release, API versions) for the session
    (conf None = the built-in cluster; slurm_version None = the default release;
    api_versions / data_parsers None or empty = every version of the release)."""

    def __init__(self):
        self._servers = {}

    def get(self, conf=None, slurm_version=None, api_versions=None, data_parsers=None):
        path = None if conf is None else os.path.realpath(os.fspath(conf))
        key = (path, slurm_version, tuple(api_versions or ()), tuple(data_parsers or ()))
        server = self._servers.get(key)
        if server is None:
            options = {}
            if slurm_version is not None:
                options["slurm_version"] = slurm_version
            if api_versions:
                options["api_versions"] = list(api_versions)
            if data_parsers:
                options["data_parsers"] = list(data_parsers)
            server = mock_slurmrestd.Server(conf=path, port=0, clock="manual", **options)
            server.start()
            self._servers[key] = server
        return server

    def close(self):
        for server in self._servers.values():
            server.stop()
        self._servers.clear()


def _marker_value(request, name):
    """The value of `name` in the nearest mock_slurm marker that sets it (test, class, module)."""
    for marker in request.node.iter_markers(_MARKER):
        if name in marker.kwargs:
            return marker.kwargs[name]
    return None


@pytest.fixture(scope="session")
def mock_slurm_pool():
    pool = ServerPool()
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def mock_slurm_server(mock_slurm_pool, pytestconfig):
    """The session's server for the default slurm.conf (command line, ini, or built-in) and
    the default release and data_parsers (command line, ini, or 22.05 with all)."""
    return mock_slurm_pool.get(_default_conf(pytestconfig), *_default_api(pytestconfig))


def _split(text):
    return [x.strip() for x in text.split(",") if x.strip()] if text else None


def _default_api(config):
    """(slurm_version, api_versions, data_parsers) from the command line, else the ini file
    (None: the mock's default release, every version of it)."""
    release = config.getoption("--mock-slurm-version") or config.getini("mock_slurm_version")
    parsers = (config.getoption("--mock-slurm-data-parsers")
               or config.getini("mock_slurm_data_parsers"))
    return release or None, None, _split(parsers)


def _default_conf(config):
    conf = config.getoption("--mock-slurm-conf")
    if conf:
        return os.path.join(config.invocation_params.dir, conf)
    conf = config.getini("mock_slurm_conf")
    if conf:
        return os.path.join(config.rootpath, conf)
    return None


@pytest.fixture
def mock_slurm_conf(request):
    """The slurm.conf this test runs against (None = the built-in cluster)."""
    conf = _marker_value(request, "conf")
    if conf is not None:
        return os.path.join(os.path.dirname(str(request.node.fspath)), os.fspath(conf))
    return _default_conf(request.config)


@pytest.fixture
def mock_slurm_clock(request):
    """The clock mode this test runs with: manual, real or scaled:N."""
    clock = _marker_value(request, "clock")
    if clock is None:
        clock = (request.config.getoption("--mock-slurm-clock")
                 or request.config.getini("mock_slurm_clock") or "manual")
    return clock


@pytest.fixture
def mock_slurm_api(request):
    """(slurm_version, api_versions, data_parsers): the nearest mock_slurm marker's, else the
    command line's or the ini's (None: the default release, every version of it). A marker that
    names a release leaves out the session's data_parsers, which name another release's."""
    release, versions, parsers = _default_api(request.config)
    marked = _marker_value(request, "slurm_version")
    if marked is not None:
        release, parsers = marked, None
    marked_parsers = _marker_value(request, "data_parsers")
    return (release, _marker_value(request, "api_versions"),
            marked_parsers if marked_parsers is not None else parsers)


@pytest.fixture
def mock_slurm(request, mock_slurm_pool, mock_slurm_conf, mock_slurm_clock, mock_slurm_api):
    """The server for this test, reset to its initial cluster (no jobs, no fault rules, an
    empty request journal), set to the test's clock and given the marker's fault rules."""
    mode, scale = parse_clock(mock_slurm_clock)
    server = mock_slurm_pool.get(mock_slurm_conf, *mock_slurm_api)
    server.reset()
    server.set_clock(mode, scale)
    faults = _marker_value(request, "faults")
    if faults:
        server.add_fault(*faults)
    return server


@pytest.fixture
def slurm_url(mock_slurm):
    return mock_slurm.url


@pytest.fixture
def slurm_user():
    return "ec2-user"


@pytest.fixture
def slurm_token(mock_slurm, slurm_user):
    return mock_slurm.mint_token(slurm_user)


@pytest.fixture
def slurm_headers(slurm_user, slurm_token):
    return {"X-SLURM-USER-NAME": slurm_user, "X-SLURM-USER-TOKEN": slurm_token}
