"""Digital signatures (PAdES) on results and slips, and their public verification."""
