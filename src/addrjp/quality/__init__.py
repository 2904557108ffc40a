"""Record-level quality (layer 3): one record's validation, names, duplicates and households, findings."""
