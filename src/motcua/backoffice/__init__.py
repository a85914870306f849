"""The officers' back-office."""
