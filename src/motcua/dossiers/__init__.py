"""The dossier (hồ sơ) lifecycle: submission, processing on the internal process, history, lookup."""
