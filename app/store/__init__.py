"""The station's SQLite store: schema, hash-chained journal, genealogy, outbox; no Qt."""
