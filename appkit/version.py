"""The installed platform version, reported by every health check."""

from functools import cache
from importlib import metadata


@cache
def platform_version() -> str:
    try:
        return metadata.version("translation-platform")
    except metadata.PackageNotFoundError:
        return "0+unknown"
