"""Command line: thin, calls the same services as the GUI."""
