"""Feedback and petitions (phản ánh, kiến nghị) 24/7, and ratings of dossiers."""
