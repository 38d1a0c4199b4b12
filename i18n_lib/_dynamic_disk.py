"""Dynamic strings: the disk copy of one bundle, written atomically, for offline start."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

__all__ = ["DiskCopy", "copy_path", "read_copy", "write_copy"]

_FORMAT = 1


@dataclass(frozen=True)
class DiskCopy:
    """What the client keeps of one bundle: its strings, version and ETag."""

    namespace: str
    locale: str
    approved_only: bool
    version: int
    etag: str | None
    strings: dict[str, Any]


def copy_path(cache_dir: Path, namespace: str, locale: str, approved_only: bool) -> Path:
    """Return the file of one namespace + locale (+ approved-only) under ``cache_dir``.

    >>> copy_path(Path('/c'), 'home/web', 'es-MX', False).name
    'home%2Fweb.es-MX.json'
    """
    suffix = ".approved" if approved_only else ""
    return cache_dir / f"{quote(namespace, safe='')}.{quote(locale, safe='')}{suffix}.json"


def read_copy(path: Path, namespace: str, locale: str, approved_only: bool) -> DiskCopy | None:
    """Return the copy at ``path``, or ``None`` when it is missing, unreadable or not this one."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        return None
    version, etag, strings = data.get("version"), data.get("etag"), data.get("strings")
    if (
        data.get("namespace") != namespace
        or data.get("locale") != locale
        or data.get("approved_only") is not approved_only
        or not isinstance(version, int)
        or isinstance(version, bool)
        or not (etag is None or isinstance(etag, str))
        or not isinstance(strings, dict)
    ):
        return None
    return DiskCopy(namespace, locale, approved_only, version, etag, strings)


def write_copy(path: Path, copy: DiskCopy) -> None:
    """Write ``copy`` to ``path`` atomically: a temporary file beside it, then ``os.replace``.

    A crash leaves either the old file or the new one, never a half-written one (the
    temporary file, named ``.<name>.*.tmp``, is never read).
    """
    payload = {
        "format": _FORMAT,
        "namespace": copy.namespace,
        "locale": copy.locale,
        "approved_only": copy.approved_only,
        "version": copy.version,
        "etag": copy.etag,
        "strings": copy.strings,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
