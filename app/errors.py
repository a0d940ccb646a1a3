"""The one base class of errors meant for the user, importable from every layer.

`str(error)` is a French sentence saying what happened and what was (not) changed. The GUI shows these as
a warning and the command line prints them; any other exception is a bug and reaches the exception dialog.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem to tell the user about, in French; nothing was changed unless the message says so."""
