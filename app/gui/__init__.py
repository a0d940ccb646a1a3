"""GUI layer (PySide6): thin widgets that call services; no SQL here.

Importing it loads Qt and spares the imports that follow PySide6's source scan (see `qt_imports`).
"""

from app.gui.qt_imports import spare_source_scan

spare_source_scan()
