"""Django's PostgreSQL backend with a health check of a kept connection that costs no round trip
(``ENGINE = "motcua.core.postgresql"``; see :mod:`motcua.core.postgresql.base`)."""
