"""The .essaim package format: writing, checking and reading the files that carry work between workstations."""
