"""Public pages: the procedure catalogue, and the design system every page uses."""
