"""The public post's API protocol (create order, tracking query, signed tracking webhook)."""
