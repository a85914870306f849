"""Upload checks and digitization of paper (số hóa): OCR, searchable PDFs, retention."""
