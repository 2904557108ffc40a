"""Japan Post postal code data (layer 2): importers, note rules, the compact index, look-ups."""
