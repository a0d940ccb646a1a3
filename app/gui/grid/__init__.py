"""Workspace 2: the economic-model grid of a fiche."""
