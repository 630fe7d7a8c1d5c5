"""Tests of the Django-free analytics libraries."""
