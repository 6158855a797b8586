"""Targets of the release-flow tests (Slurm 24.11 and 26.05 clients): each test names the
release profile it needs (`profile` parameter, a key of PROFILES). When the suite started its
own mock (`--mock-binary`), each profile gets a mock of its own (`--slurm-version R [-d ...]`);
against a `--url` target (a real daemon, a gateway) the tests of the profile that target is
(its release from ping's `meta`, its versions from `/openapi/v3`) run and the others are
deselected, never skipped: a 22.05 target deselects them all."""

import os

import pytest

from client import Client, mint_jwt
from release_profiles import PROFILES
from support.mock import MockStartError, start_mock

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


class Target:
    """One daemon the release tests speak to: base URL, user, token; `client(version)`."""

    def __init__(self, url, user, token, headers):
        self.url, self.user, self.token, self.headers = url, user, token, headers

    def client(self, version):
        return Client(self.url, self.user, self.token, headers=self.headers,
                      api_version=version)


def _ours(item):
    return str(item.path).startswith(HERE + os.sep)


def _own_mocks(config):
    """True when the targets are mocks started here: the suite started its own mock, or no
    --url was given at all."""
    return getattr(config, "_contract_mock", None) is not None or not config.getoption("--url")


def _token(config):
    tok = config.getoption("--slurm-jwt")
    if tok:
        return tok
    path = config.getoption("--jwt-key")
    if not path:
        raise pytest.UsageError("release tests: need --slurm-jwt or --jwt-key for --url")
    with open(path, "rb") as f:
        return mint_jwt(f.read(), config.getoption("--slurm-user"))


def _external_profile(config):
    """(release, served versions) of the --url target, read once: `/openapi/v3`'s
    `/slurm/vX/` paths and the release in the newest version's ping `meta` (22.05 spells the
    key `Slurm`)."""
    if not hasattr(config, "_release_target_profile"):
        client = Client(config.getoption("--url"), config.getoption("--slurm-user"),
                        _token(config), headers=getattr(config, "_contract_headers", {}))
        try:
            served, _ = client.served_versions()
            r = client.for_version(served[-1]).api("GET", "/ping")
            meta = r.json().get("meta", {})
        except (OSError, RuntimeError, ValueError, AssertionError, IndexError) as e:
            # Unreadable (a gateway refusing, say): no profile matches; the per-version suite
            # reports the target's problem.
            config._release_target_profile = (f"unreadable ({e})"[:120], ())
            return config._release_target_profile
        release = (meta.get("slurm") or meta.get("Slurm") or {}).get("release", "")
        config._release_target_profile = (".".join(release.split(".")[:2]), tuple(served))
    return config._release_target_profile


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """After -k/-m have deselected theirs. Against a --url target, keeps the tests whose profile is that target (and whose
    version --api-version selects, when given); deselects the rest."""
    mine = [i for i in items if _ours(i) and hasattr(i, "callspec")]
    if not mine:
        return
    asked = getattr(config, "_contract_asked_versions", [])
    if _own_mocks(config):
        gone = [i for i in mine if asked and i.callspec.params.get("version") not in
                (None, *asked)]
    else:
        release, served = _external_profile(config)
        gone = []
        for item in mine:
            profile = PROFILES[item.callspec.params["profile"]]
            version = item.callspec.params.get("version")
            if (profile.release, profile.versions) != (release, served) or (
                    asked and version not in (None, *asked)):
                gone.append(item)
        config._release_deselected = (len(gone), release, served)
    if gone:
        drop = set(gone)
        items[:] = [i for i in items if i not in drop]
        config.hook.pytest_deselected(items=gone)


def pytest_report_collectionfinish(config, items):
    info = getattr(config, "_release_deselected", None)
    if info and info[0]:
        n, release, served = info
        return [f"release tests: {n} deselected (the target is Slurm {release or '?'} serving "
                f"{', '.join(served)}; they need another release profile)"]
    return []


def _mock_binary(config):
    binary = (config.getoption("--mock-binary") or
              os.path.join(ROOT, "build", "bin", "mock-slurmrestd"))
    if not os.path.exists(binary):
        raise pytest.UsageError(f"release tests: no mock binary ({binary}); pass "
                                f"--mock-binary or --url")
    return binary


@pytest.fixture(scope="session")
def release_targets(pytestconfig):
    """Profile name -> Target, mocks started on first use and stopped at the session's end."""
    started, targets = [], {}

    def get(name):
        if name not in targets:
            if _own_mocks(pytestconfig):
                try:
                    mock = start_mock(_mock_binary(pytestconfig),
                                      args=PROFILES[name].mock_args())
                except MockStartError as e:
                    pytest.fail(str(e))
                started.append(mock)
                targets[name] = Target(mock.url, pytestconfig.getoption("--slurm-user"),
                                       mock.token(pytestconfig.getoption("--slurm-user")), {})
            else:
                targets[name] = Target(pytestconfig.getoption("--url"),
                                       pytestconfig.getoption("--slurm-user"),
                                       _token(pytestconfig), pytestconfig._contract_headers)
        return targets[name]
    yield get
    for mock in started:
        status = mock.stop()
        assert status == 0, f"a release mock exited with status {status}"


@pytest.fixture
def target(release_targets, profile):
    return release_targets(profile)


@pytest.fixture
def rclient(target, version):
    """The test's target spoken to over `version`."""
    return target.client(version)


@pytest.fixture
def cancel_after(rclient):
    """Job ids a test submitted; cancelled afterwards whatever the outcome."""
    ids = []
    yield ids
    for job_id in ids:
        rclient.cancel_quietly(job_id)
