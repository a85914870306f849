"""``motcua bench``: measures the dossier lifecycle against a raw-SQL ceiling and a peer engine."""
