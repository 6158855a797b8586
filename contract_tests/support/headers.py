"""Extra request headers given as `Name: value` lines (a gateway's API key, an Authorization
header), from the command line and from the environment."""

import os

ENV_VAR = "SLURM_EXTRA_HEADERS"


def parse_header(line):
    """`Name: value` -> (name, value); ValueError for anything else."""
    name, sep, value = line.partition(":")
    name, value = name.strip(), value.strip()
    if not sep or not name or any(c.isspace() for c in name):
        raise ValueError(f"bad header {line!r}: expected 'Name: value'")
    return name, value


def extra_headers(lines=(), environ=None):
    """The headers of $SLURM_EXTRA_HEADERS (one `Name: value` per line), then those of `lines`
    (the command line), a later one replacing an earlier one of the same name (any case)."""
    environ = os.environ if environ is None else environ
    out = {}
    env_lines = [x for x in environ.get(ENV_VAR, "").splitlines() if x.strip()]
    for line in env_lines + list(lines or ()):
        name, value = parse_header(line)
        for old in [k for k in out if k.lower() == name.lower()]:
            del out[old]
        out[name] = value
    return out
