"""Helpers for the tests (and the bench): simulator processes on free ports
(:mod:`~motcua_dev.testing.processes`), a local CA with its time-stamp authority
(:mod:`~motcua_dev.testing.signing`), small well-formed sample files
(:mod:`~motcua_dev.testing.samples`)."""
