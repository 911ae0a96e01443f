"""Plant database migrations: SQL files applied in the order of their names."""
