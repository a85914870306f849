"""Stand-ins for the outside systems, each speaking the real protocol on a socket: the e-ID
(VNeID-type OpenID Connect), SMTP, the SMS gateway, the national registries, the time-stamp
authority of the local CA, the payment gateway, the public post and clamd. ``motcua <name>-sim``
serves one of them; ``make run`` starts them all and the tests start the ones they need."""
