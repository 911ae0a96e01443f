"""The desktop station: the only package that imports Qt (PySide6)."""
