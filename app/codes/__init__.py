"""Barcode and UDI interpretation (GS1, HIBCC, ICCBBA, station formats) and labels; no Qt."""
