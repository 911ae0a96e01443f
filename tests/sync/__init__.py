"""Tests of the upstream package: plant database, sync, exports."""
