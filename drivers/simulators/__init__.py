"""Byte-level instrument and scanner simulators on real pseudo-terminals."""
