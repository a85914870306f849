"""Telling applicants and officers what happened: e-mail, SMS, through provider plugins."""
