"""Reference registries (population, business, personal e-data store): prefill, once-only reuse."""
