"""Providers of notification channels, one package each."""
