"""The station's resources (Qt style sheet, feedback sounds, icon), read with importlib.resources.

A package of its own so that an editable install, a plain source checkout, a wheel and the
PyInstaller bundle all find the files the same way: ``importlib.resources.files("resources")``.
"""
