"""Readers and converters into the Locality person-event format."""
