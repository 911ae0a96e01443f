"""Upstream: the PostgreSQL plant database, master data down, EPCIS and FHIR exports; no Qt."""
