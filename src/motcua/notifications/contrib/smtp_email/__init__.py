"""E-mail through Django's SMTP back end (``EMAIL_HOST``/``EMAIL_PORT``)."""
