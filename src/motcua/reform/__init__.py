"""The reform team's workspace: internal procedures, overlaps, simplification plans, tasks, mining."""
