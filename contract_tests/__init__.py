"""The slurmrestd v0.0.36 contract suite, importable so that it runs as a pytest plugin
(`-p contract_tests.plugin`, `--pyargs contract_tests`) outside this repository."""
