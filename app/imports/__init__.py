"""Readers of catalogue files that come from outside (Aides-territoires, a spreadsheet, the national
`dispositif-aide` schema): each turns a file into a `CatalogueFile`, knowing nothing of the store or of widgets."""
