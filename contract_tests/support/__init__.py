"""What every suite of contract_tests shares: the mock launcher, job-state sets, the keep-alive
HTTP connection. Suites put contract_tests/ on sys.path and import `support.<module>`."""
