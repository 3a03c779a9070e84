"""Kunskapsnod: the platform of the knowledge nodes for completed studies."""
