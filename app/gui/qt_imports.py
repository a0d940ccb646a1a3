"""Spare every later import PySide6's scan of its source (issue 20: start-up).

Once loaded, PySide6 (through shiboken) wraps `import` and, for each new module, reads its whole source with
`inspect.getsource` to decide whether the module may switch on the optional `__feature__` syntax (snake_case,
true_property): a module that mentions PySide6 gets the « no feature » default, any other is ignored. Essaim
selects no feature, so the answer is known without reading: its GUI modules use PySide6, nothing else does.
Reading the sources costs a sixth of the start-up (the storage, SQLAlchemy and every page imported after Qt).
If a PySide6 version no longer has this scan, nothing is changed.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (loads shiboken, which installs the scan)

GUI_PACKAGE = __name__.rpartition(".")[0]


def _uses_pyside(module: ModuleType) -> bool:
    return getattr(module, "__name__", "").startswith(GUI_PACKAGE)


def spare_source_scan() -> bool:
    """Answer PySide6's question by the module's name instead of its source; False if PySide6 asks no more."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    setattr(feature, "_mod_uses_pyside", _uses_pyside)  # noqa: B010  (a private name of PySide6)
    return True
