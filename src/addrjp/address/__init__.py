"""Addresses (layer 2): parsing into parts, resolving the town against the town master, house styles."""
