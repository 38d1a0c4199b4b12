"""One module per file format; each exposes ``FORMAT`` and ``parse(path, data)``."""
