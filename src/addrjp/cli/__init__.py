"""The ``addrjp`` command (layer 5): thin; parses options, calls the library, prints a summary."""
