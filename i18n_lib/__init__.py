"""Formatting per locale on Babel: locales, plurals, numbers, money, dates, units, lists."""
