"""Placeholder extraction and translation checks, returning problems as data."""
