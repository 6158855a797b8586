"""Loads the contract suite's pytest plugin (plugin.py) when the suite runs from this checkout;
an installed copy loads it through its pytest11 entry point, any copy through `-p
contract_tests.plugin` (the same name, so it is never registered twice)."""

pytest_plugins = ["contract_tests.plugin"]
