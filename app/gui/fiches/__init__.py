"""Workspace 1: the fiche list and the fiche editor."""
