"""Plain data and rules of the traceability record; no I/O, no Qt."""
