"""What production never runs: the stand-ins for outside systems, the demo loader and its data, the
bench and the test helpers.

A sibling of ``motcua`` in the same repository and the same editable install, left out of the
product wheel. Only the local (``make run``) and test settings add its apps (``DEV_APPS``); the
product never imports it (import-linter's ``protected`` contract), and the production settings
start without it.
"""
