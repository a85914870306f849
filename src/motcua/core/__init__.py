"""Cross-cutting pieces every app uses: the audit log, text normalisation, domain errors."""
