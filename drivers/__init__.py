"""Instruments and scanners behind one small interface; no Qt."""
