"""Administrative units, agencies, one-stop units, officers and their roles, applicants."""
