#!/usr/bin/python3
"""Runs a scripted job scenario (fixtures/scenarios/*.json) against any slurmrestd v0.0.36 URL.

HTTP only. It submits the scenario's jobs, cancels where told, and polls every job
(GET /job/{id}) and watched node (GET /node/{name}) to record, per job record, the sequence of
distinct (job_state, state_reason) pairs (with the second each was first seen, for reading
only) and the final exit_code, and per node the sequence of distinct `state` values. Time passes by sleeping against a real daemon, or, against the mock
with a manual clock, by moving the clock to the simulator's next event (POST
/mock/v1/clock/advance), so that every state the simulator goes through is seen.

  run.py --url http://127.0.0.1:6880 --slurm-jwt TOKEN [--scenario F] [--out F] [--compare F]

`--compare RECORDING` exits 1 when the run's sequences differ from the recording's (after
dropping the scenario's listed transient states from the recording).
"""

import argparse
import copy
import datetime
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))

from client import Client, mint_jwt  # noqa: E402  (contract_tests is not a package)
from support.states import TERMINAL  # noqa: E402

DEFAULT_SCENARIO = os.path.join(ROOT, "fixtures", "scenarios", "blog_scenario.json")
REAL_POLL_SECONDS = 0.25


class ScenarioError(Exception):
    """The target did not behave as the scenario needs (refused submit, wait timed out)."""


def load_scenario(path):
    with open(path) as f:
        return json.load(f)


def job_payload(spec, ids):
    """The job/submit body of a scenario job; '{name}' in a dependency becomes name's job id."""
    if "base" in spec:
        with open(os.path.join(ROOT, spec["base"])) as f:
            body = json.load(f)
    else:
        body = {"job": {"environment": {"PATH": "/bin:/usr/bin"},
                        "current_working_directory": "/tmp"}}
    body = copy.deepcopy(body)
    body["job"].update(copy.deepcopy(spec.get("job", {})))
    if "script" in spec:
        body["script"] = spec["script"]
    if "dependency" in body["job"]:
        body["job"]["dependency"] = body["job"]["dependency"].format_map(ids)
    return body


class Runner:
    """One run of a scenario against one target; `run()` returns the observation."""

    def __init__(self, client, scenario, log=None):
        self.client = client
        self.scenario = scenario
        self.log = log or (lambda msg: None)
        self.ids = {}        # scenario job name -> job id
        self.jobs = {}       # record key -> {"states": [[state, reason], ...], "at", "exit_code"}
        self.nodes = {n: [] for n in scenario.get("watch_nodes", [])}
        self.polls = 0
        self.meta = None
        self.wall_start = time.monotonic()
        clock = client.request("GET", "/mock/v1/clock")
        # The mock's admin API with a manual clock: time moves only when we move it.
        self.mock_clock = (clock.status == 200 and clock.content_type == "application/json"
                           and clock.json().get("mode") == "manual")
        # Simulated time changes only through our own advances, so it is tracked from their
        # answers rather than asked for.
        self.sim_now = self.sim_start = clock.json()["now"] if self.mock_clock else None
        self.requests = 1

    # ---- observing ------------------------------------------------------------

    def _get(self, path):
        self.requests += 1
        r = self.client.api("GET", path)
        if r.status != 200:
            raise ScenarioError(f"GET {path}: {r.status} {r.text[:300]}")
        body = r.json()
        if self.meta is None:
            self.meta = body.get("meta")
        return body

    def _note(self, key, state, reason, exit_code):
        rec = self.jobs.setdefault(key, {"states": [], "at": [], "exit_code": None})
        pair = [state, reason]
        if not rec["states"] or rec["states"][-1] != pair:
            rec["states"].append(pair)
            rec["at"].append(self.elapsed())
            self.log(f"{self.stamp()} {key}: {state} {reason}")
        rec["exit_code"] = exit_code

    def poll(self):
        """Reads every submitted job and watched node once."""
        self.polls += 1
        for name, job_id in self.ids.items():
            for j in self._get(f"/job/{job_id}")["jobs"]:
                # An array's tasks split off into records of their own; the array's own
                # record (job_id == the submitted id) keeps the scenario name.
                key = name if j["job_id"] == job_id else f"{name}[{j['array_task_id']}]"
                self._note(key, j["job_state"], j["state_reason"], j["exit_code"])
        for node in self.nodes:
            state = self._get(f"/node/{node}")["nodes"][0]["state"]
            if not self.nodes[node] or self.nodes[node][-1] != state:
                self.nodes[node].append(state)
                self.log(f"{self.stamp()} node {node}: {state}")

    def elapsed(self):
        """Seconds since the run started: simulated on the mock's manual clock, else wall."""
        if self.mock_clock:
            return self.sim_now - self.sim_start
        return round(time.monotonic() - self.wall_start, 1)

    def stamp(self):
        return f"t+{self.elapsed()}s"

    def clock(self):
        self.requests += 1
        return self.client.request("GET", "/mock/v1/clock").json()

    # ---- conditions -----------------------------------------------------------

    def _last(self, name):
        return self.jobs[name]["states"][-1]

    def _holds(self, want):
        state, reason = self._last(want["job"])
        return (want.get("state", state) == state and want.get("reason", reason) == reason)

    def _all_final(self):
        return all(rec["states"][-1][0] in TERMINAL for rec in self.jobs.values())

    def _wait(self, predicate, timeout, what):
        """Lets time pass, polling, until predicate() holds; timeout in (simulated) seconds."""
        self.poll()
        if self.mock_clock:
            deadline = self.sim_now + timeout
            while not predicate():
                clock = self.clock()
                nxt = clock["next_event"]
                if nxt is None or nxt > deadline:
                    raise ScenarioError(f"{what}: not reached within {timeout} s "
                                        f"(next event {nxt}, deadline {deadline})")
                step = max(nxt - clock["now"], 1)
                self.requests += 1
                r = self.client.request("POST", f"/mock/v1/clock/advance?seconds={step}")
                if r.status != 200:
                    raise ScenarioError(f"clock advance: {r.status} {r.text[:200]}")
                self.sim_now = r.json()["now"]
                self.poll()
            return
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise ScenarioError(f"{what}: not reached within {timeout} s")
            time.sleep(REAL_POLL_SECONDS)
            self.poll()

    # ---- steps ----------------------------------------------------------------

    def submit(self, name):
        body = job_payload(self.scenario["jobs"][name], self.ids)
        body["job"].setdefault("name", name)
        self.requests += 1
        r = self.client.api("POST", "/job/submit", body)
        data = r.json() if r.content_type == "application/json" else {}
        if r.status != 200 or data.get("errors") or not data.get("job_id"):
            raise ScenarioError(f"submit {name}: {r.status} {r.text[:300]}")
        self.ids[name] = data["job_id"]
        self.log(f"{self.stamp()} submitted {name} = job {data['job_id']}")

    def cancel(self, name):
        self.requests += 1
        r = self.client.api("DELETE", f"/job/{self.ids[name]}")
        if r.status != 200:
            raise ScenarioError(f"cancel {name}: {r.status} {r.text[:300]}")
        self.log(f"{self.stamp()} cancelled {name}")

    def run(self):
        self.wall_start = time.monotonic()
        self.poll()  # the watched nodes before anything is submitted
        for step in self.scenario["steps"]:
            if "submit" in step:
                names = step["submit"]
                for name in [names] if isinstance(names, str) else names:
                    self.submit(name)
                self.poll()
            elif "cancel" in step:
                self.cancel(step["cancel"])
                self.poll()
            elif "wait" in step:
                want = step["wait"]
                self._wait(lambda: self._holds(want), step["timeout"], f"wait {want}")
            elif step.get("wait_all_final"):
                self._wait(self._all_final, step["timeout"], "every job finished")
            else:
                raise ValueError(f"unknown scenario step {step!r}")
        wall = time.monotonic() - self.wall_start
        out = {
            "clock": "mock-manual" if self.mock_clock else "wall",
            "wall_seconds": round(wall, 3),
            "polls": self.polls,
            "requests": self.requests,
            "jobs": self.jobs,
            "nodes": self.nodes,
        }
        if self.mock_clock:
            out["simulated_seconds"] = self.clock()["now"] - self.sim_start
        if self.meta:
            out["meta"] = self.meta
        return out


# ---- comparing -------------------------------------------------------------------

def drop_transients(states, rules):
    """The state sequence without entries a rule marks as transient (see the scenario file).

    A rule matches on `state`, optionally `reasons` (one of them), and optionally `next`: the
    following entry's state must be one of those. Consecutive duplicates left behind are
    merged.
    """
    out = []
    for i, (state, reason) in enumerate(states):
        nxt = states[i + 1][0] if i + 1 < len(states) else None
        if any(r["state"] == state and reason in r.get("reasons", [reason]) and
               ("next" not in r or nxt in r["next"]) for r in rules):
            continue
        if not out or out[-1] != [state, reason]:
            out.append([state, reason])
    return out


def expected_from(recording, rules):
    """What a run must observe: the recording's jobs with transients dropped, and its nodes."""
    return {
        "jobs": {k: {"states": drop_transients(v["states"], rules), "exit_code": v["exit_code"]}
                 for k, v in recording["jobs"].items()},
        "nodes": recording["nodes"],
    }


def differences(expected, observed):
    """Human-readable differences between expected and observed jobs/nodes ([] if none)."""
    diffs = []
    for k in sorted(set(expected["jobs"]) | set(observed["jobs"])):
        e, o = expected["jobs"].get(k), observed["jobs"].get(k)
        if e is None or o is None:
            diffs.append(f"job {k}: {'not in the recording' if e is None else 'not observed'}")
            continue
        if e["states"] != o["states"]:
            diffs.append(f"job {k}: states {o['states']} != recorded {e['states']}")
        if e["exit_code"] != o["exit_code"]:
            diffs.append(f"job {k}: exit_code {o['exit_code']} != recorded {e['exit_code']}")
    for n in sorted(set(expected["nodes"]) | set(observed["nodes"])):
        if expected["nodes"].get(n) != observed["nodes"].get(n):
            diffs.append(f"node {n}: {observed['nodes'].get(n)} != recorded "
                         f"{expected['nodes'].get(n)}")
    return diffs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--slurm-user", default="ec2-user")
    ap.add_argument("--slurm-jwt", help="token; else minted from --jwt-key")
    ap.add_argument("--jwt-key", help="the target's HS256 key file")
    ap.add_argument("--scenario", default=DEFAULT_SCENARIO)
    ap.add_argument("--out", help="write the observation (JSON) here")
    ap.add_argument("--recorded-by", default="",
                    help="how the target was started (stored in --out)")
    ap.add_argument("--compare", help="a recording to compare the run with")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)
    token = a.slurm_jwt
    if not token:
        if not a.jwt_key:
            ap.error("need --slurm-jwt or --jwt-key")
        with open(a.jwt_key, "rb") as f:
            token = mint_jwt(f.read(), a.slurm_user)
    scenario = load_scenario(a.scenario)
    log = None if a.quiet else (lambda m: print(m, file=sys.stderr, flush=True))
    runner = Runner(Client(a.url, a.slurm_user, token), scenario, log)
    try:
        obs = runner.run()
    except ScenarioError as e:
        print(f"scenario failed: {e}", file=sys.stderr)
        return 1
    print(f"scenario: {len(obs['jobs'])} job records, {obs['polls']} polls, "
          f"{obs['requests']} requests, {obs['wall_seconds']} s wall, clock {obs['clock']}",
          file=sys.stderr)
    if a.out:
        rec = {
            "scenario": os.path.relpath(os.path.abspath(a.scenario), ROOT),
            "recorded_at": datetime.datetime.now(datetime.timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%SZ"),
            "recorded_by": a.recorded_by,
            **obs,
        }
        with open(a.out, "w") as f:
            json.dump(rec, f, indent=1)
            f.write("\n")
    if a.compare:
        with open(a.compare) as f:
            rules = scenario.get("transient", [])
            # Transient states are dropped on both sides: how long each lasts differs.
            diffs = differences(expected_from(json.load(f), rules), expected_from(obs, rules))
        for d in diffs:
            print(d)
        print(f"compare: {len(diffs)} differences from {a.compare}", file=sys.stderr)
        return 1 if diffs else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
