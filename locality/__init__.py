"""Locality: the wiring for an Integrated Neighbourhood Team."""

__version__ = "0.1.0"
