"""Malware scan through ClamAV's clamd daemon (INSTREAM over TCP)."""
