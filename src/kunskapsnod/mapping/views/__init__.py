"""Mapping pages: thin views over the services (one module per sub-concept)."""
