"""Writers (Word, Excel, PDF) that know nothing of widgets."""
