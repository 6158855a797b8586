"""Assertions shared by the contract tests (envelope, error entries, shapes)."""

import json
import os
import re

import version_facts

HERE = os.path.dirname(os.path.abspath(__file__))


def expected(name, version=None):
    """The captured shape `name`: expected/<version>/name.json where a version has its own,
    else the v0.0.36 capture expected/name.json."""
    if version:
        own = os.path.join(HERE, "expected", version, name + ".json")
        if os.path.exists(own):
            with open(own) as f:
                return json.load(f)
    with open(os.path.join(HERE, "expected", name + ".json")) as f:
        return json.load(f)


META = expected("meta_values") if os.path.exists(os.path.join(HERE, "expected",
                                                               "meta_values.json")) else None


def meta(version):
    """Every JSON answer's `meta` over `version` (the same Slurm release, its own plugin)."""
    return dict(META, plugin=version_facts.plugin(version or version_facts.OLDEST))

ROUTING_404 = "Unable find requested URL. Please view /openapi/v3 for API reference."
ROUTING_405 = ("Requested REST method is not defined at URL. Please view /openapi/v3 for API "
               "reference.")


def json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def assert_envelope(resp, status=200, data_key=None):
    """JSON body with meta (plugin + Slurm version) and an errors list; returns the body."""
    assert resp.status == status, resp
    body = resp.json()
    assert list(body)[:2] == ["meta", "errors"], f"envelope must start meta, errors: {list(body)}"
    assert body["meta"] == meta(resp.api_version), body["meta"]
    assert isinstance(body["errors"], list)
    if data_key is not None:
        assert data_key in body, f"missing {data_key!r}: {list(body)}"
    return body


def assert_ok(resp, data_key=None):
    body = assert_envelope(resp, 200, data_key)
    assert body["errors"] == [], body["errors"]
    return body


def assert_text(resp, status, text):
    assert resp.status == status, resp
    assert resp.content_type == "text/plain", resp
    assert resp.text == text, resp


def assert_error(resp, status, pattern, code_key=None, code=None, data_key=None,
                 data_value=None, index=0):
    """errors[index] has a message matching pattern (regex) and, if given, code_key == code."""
    body = assert_envelope(resp, status, data_key)
    errs = body["errors"]
    assert len(errs) > index, f"expected an error entry, got {errs}"
    e = errs[index]
    assert re.fullmatch(pattern, e.get("error", "")), f"{e!r} !~ {pattern!r}"
    if code_key is not None:
        assert set(e) == {"error", code_key}, f"error entry keys {set(e)}"
        assert e[code_key] == code, e
    if data_key is not None and data_value is not None:
        assert body[data_key] == data_value, body[data_key]
    return body


def assert_shape(obj, name, version=None):
    """obj has exactly the captured key set of its version, each value of a captured type."""
    doc = expected(name, version)
    exp = doc["keys"]
    got = set(obj)
    missing = sorted(set(exp) - got - set(doc.get("optional", [])))
    extra = sorted(got - set(exp))
    assert not missing and not extra, f"{name}: missing {missing}, unexpected {extra}"
    bad = {k: (json_type(v), exp[k]) for k, v in obj.items() if json_type(v) not in exp[k]}
    assert not bad, f"{name}: wrong value types (got, allowed): {bad}"


def assert_described_error(resp, status, description, number, error, source, data_key=None,
                           data_value=None, index=0):
    """errors[index] is v0.0.37's described entry `{description, error_number, error, source}`
    (in that order) with a description matching `description` (regex)."""
    body = assert_envelope(resp, status, data_key)
    errs = body["errors"]
    assert len(errs) > index, f"expected an error entry, got {errs}"
    e = errs[index]
    assert list(e) == ["description", "error_number", "error", "source"], e
    assert re.fullmatch(description, e["description"]), f"{e!r} !~ {description!r}"
    assert (e["error_number"], e["error"], e["source"]) == (number, error, source), e
    if data_key is not None and data_value is not None:
        assert body[data_key] == data_value, body[data_key]
    return body


def unknown_key_entry(version, key):
    """The entry naming a key whose value did not parse (notes section 5): v0.0.36 `process
    failed for key K`, v0.0.37 `Unknown key "K"`, v0.0.38 `Unable to process key "K"`."""
    if version == version_facts.OLDEST:
        return {"error": f"process failed for key {key} with error: Unspecified error",
                "error_code": -1}
    text = "Unknown key" if version == "v0.0.37" else "Unable to process key"
    return {"description": f'{text} "{key}"', "error_number": -1, "error": "Unspecified error",
            "source": "slurm_process_option_data"}
