"""A StateSaveLocation keeps what Python changes: the bindings write through the server's saved path."""

import gc

import pytest

import mock_slurmrestd as ms

T0 = 1700000000
NODE = "queue1-dy-t3micro-10"


def server_on(path):
    return ms.Server(clock="manual", start_time=T0, state_save_location=path)


def spec(name, script, **fields):
    return ms.JobSpec(script=script, name=name, current_working_directory="/tmp",
                      environment={"PATH": "/bin"}, **fields)


def snapshot(server):
    return {j.job_id: (j.name, j.state, j.state_reason, j.start_time, j.end_time, j.nodes,
                       j.time_limit, j.held) for j in server.jobs()}


def test_changes_made_from_python_are_restored_by_a_new_server(tmp_path):
    server = server_on(tmp_path)
    long_job = server.submit(spec("long", "#!/bin/bash\nsleep 600"))
    # Fields the bindings did not offer before they walked job.h's list.
    held = server.submit(spec("held", "#!/bin/bash\nsleep 100", hold=True, delay_boot=30,
                              contiguous=True, argv=["held", "-v"]))
    doomed = server.submit(spec("doomed", "#!/bin/bash\nsleep 300"))
    het = server.submit_het([spec("het0", "#!/bin/bash\nsleep 50"),
                             spec("het1", "#!/bin/bash\nsleep 50")])
    server.update(held, ms.JobSpec(comment="kept", time_limit=7))
    server.cancel(doomed)
    server.set_node_state(NODE, "down", "PSU failed")
    server.advance(60)
    server.set_clock("scaled", 8)
    server.set_clock("manual")
    before, now = snapshot(server), server.now()
    assert before[long_job][1] == "RUNNING"
    assert before[doomed][1] == "CANCELLED"
    del server
    gc.collect()  # the old server lets go of the directory's lock

    restored = server_on(tmp_path)
    assert snapshot(restored) == before
    assert restored.now() == now
    assert restored.clock_mode == "manual"
    kept = restored.job(held).spec
    assert (kept.comment, kept.delay_boot, kept.contiguous, kept.argv) == (
        "kept", 30, True, ["held", "-v"])
    assert restored.node(NODE).state == "down"
    assert restored.node(NODE).reason == "PSU failed"
    assert restored.job(het + 1).name == "het1"
    # Ids go on after the last one given out, and the restored jobs keep running.
    assert restored.submit(spec("next", "#!/bin/bash\nsleep 1")) == het + 2
    restored.advance(600)
    assert restored.job(long_job).state == "COMPLETED"
    assert restored.job(long_job).end_time == T0 + 600


def test_a_reset_from_python_empties_the_saved_state(tmp_path):
    server = server_on(tmp_path)
    server.submit(spec("a", "#!/bin/bash\nsleep 100"))
    server.reset()
    del server
    gc.collect()
    restored = server_on(tmp_path)
    assert restored.jobs() == []
    assert restored.submit(spec("b", "#!/bin/bash\nsleep 100")) == 1


def test_a_directory_serves_one_server_at_a_time(tmp_path):
    first = server_on(tmp_path)
    with pytest.raises(RuntimeError, match="in use by another mock-slurmrestd"):
        server_on(tmp_path)
    del first
