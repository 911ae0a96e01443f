"""Lineside: a traceability station for medical-device assembly lines."""

__version__ = "0.1.0"
