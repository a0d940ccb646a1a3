"""GUI layer (PySide6): thin widgets that call services; no SQL here."""
