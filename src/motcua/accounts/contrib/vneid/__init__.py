"""VNeID (the national e-ID) as an OpenID Connect provider: the relying-party plugin and a local
simulator that stands in for it in the demo and the tests."""
