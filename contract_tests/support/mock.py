"""Starts a mock-slurmrestd on a port of its own with a fresh HS256 key: the one launcher of
every suite (contract suite, conformance, soak, scenario)."""

import os
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
import time

from client import mint_jwt

ANNOUNCE = re.compile(r"mock-slurmrestd: listening on (\S+)")


class MockStartError(RuntimeError):
    """The mock exited, or did not announce its URL in time."""


class StartedMock:
    """A running mock: its process, base URL and key; stop() ends it with SIGTERM."""

    def __init__(self, proc, url, key_path, own_dir):
        self.proc = proc
        self.url = url
        self.key_path = key_path
        self._own_dir = own_dir

    @property
    def pid(self):
        return self.proc.pid

    @property
    def key(self):
        with open(self.key_path, "rb") as f:
            return f.read()

    def token(self, user, lifespan=3600):
        return mint_jwt(self.key, user, lifespan=lifespan)

    def stop(self, timeout=60):
        """SIGTERM (a clean shutdown, which sanitizer builds need for their exit checks), then
        the exit status; a mock still there after `timeout` seconds is killed and the answer
        says so. Idempotent."""
        status = self.proc.poll()
        if status is None:
            self.proc.terminate()
            try:
                status = self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                status = f"did not stop within {timeout:g} s of SIGTERM"
        self.cleanup()
        return status

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.cleanup()

    def cleanup(self):
        if self._own_dir:
            shutil.rmtree(self._own_dir, ignore_errors=True)
            self._own_dir = None


def start_mock(binary, args=(), conf=None, listen="127.0.0.1:0", key_path=None, key_bytes=32,
               stderr=None, timeout=30.0):
    """Starts `binary [-f conf] --jwt-key KEY -q ARGS LISTEN` and waits for its announcement.

    The key is written to key_path (mode 0600), or to a directory of its own that stop()
    removes. stderr: where the mock's log goes (None: this process's stderr). Its stdout is
    drained after the announcement so that it can never block on a full pipe."""
    own_dir = None
    if key_path is None:
        own_dir = tempfile.mkdtemp(prefix="mock-slurmrestd-")
        key_path = os.path.join(own_dir, "jwt_hs256.key")
    with open(key_path, "wb") as f:
        f.write(secrets.token_bytes(key_bytes))
    os.chmod(key_path, 0o600)
    cmd = [binary, *(["-f", conf] if conf else []), "--jwt-key", key_path, "-q", *args, listen]
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=stderr,
                                stdin=subprocess.DEVNULL, text=True)
    except OSError as e:
        if own_dir:
            shutil.rmtree(own_dir, ignore_errors=True)
        raise MockStartError(f"cannot run {cmd!r}: {e}") from e
    box = {}

    def reader():
        box["line"] = proc.stdout.readline()
        for _ in proc.stdout:
            pass
    threading.Thread(target=reader, daemon=True).start()
    deadline = time.monotonic() + timeout
    while "line" not in box and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    line = box.get("line", "")
    m = ANNOUNCE.search(line)
    if not m:
        mock = StartedMock(proc, None, key_path, own_dir)
        mock.kill()
        raise MockStartError(f"the mock did not start: {cmd!r} printed {line!r}")
    return StartedMock(proc, m.group(1), key_path, own_dir)
