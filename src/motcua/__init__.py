"""motcua: one-stop administrative procedures (thủ tục hành chính một cửa), fully online."""
