"""Read-only figures: the Decision 766 index, public dashboards, exports."""
