"""SMS through an HTTP gateway: a JSON POST signed with HMAC-SHA256 over the timestamp and body.

The gateway (and ``motcua sms-sim``) checks ``X-Motcua-Signature: sha256=<hex>``, the HMAC of
``<X-Motcua-Timestamp>.<raw body>`` with the shared secret, in constant time, and refuses a
timestamp older than five minutes.
"""
