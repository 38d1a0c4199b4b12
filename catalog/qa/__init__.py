"""Placeholder extraction and translation checks, returning problems as data."""

from catalog.qa.checks import CHECKS, Check, Problem, check_translation, plural_categories
from catalog.qa.placeholders import SYNTAXES, Placeholder, extract_placeholders

__all__ = [
    "CHECKS",
    "SYNTAXES",
    "Check",
    "Placeholder",
    "Problem",
    "check_translation",
    "extract_placeholders",
    "plural_categories",
]
