"""Loads the demo data through the real services of every app."""
