"""The arrows of ARCHITECTURE.md hold: each package imports only what it may."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

PLATFORM = {"appkit", "catalog", "i18n_lib", "tms", "sts_bot", "dss_service", "sandbox"}

# package -> platform packages (or subpackages) it must never import
FORBIDDEN = {
    "catalog": PLATFORM - {"catalog"},
    "i18n_lib": PLATFORM - {"i18n_lib"},
    "appkit": PLATFORM - {"appkit"},
    "sts_bot": {"dss_service", "sandbox", "tms.stub"},
    "dss_service": {"sts_bot", "sandbox", "tms.stub"},
    "tms": {"sts_bot", "dss_service", "sandbox", "catalog"},
    "sandbox": {"sts_bot", "dss_service", "tms", "catalog"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violates(module: str, forbidden: set[str]) -> bool:
    return any(module == bad or module.startswith(bad + ".") for bad in forbidden)


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_it_may(package: str) -> None:
    offences = [
        f"{path.relative_to(REPO_ROOT)} imports {module}"
        for path in sorted((REPO_ROOT / package).rglob("*.py"))
        for module in sorted(imported_modules(path))
        if violates(module, FORBIDDEN[package])
    ]
    assert offences == []


def test_the_vendor_client_needs_no_web_framework() -> None:
    for name in ("client.py", "signing.py"):
        modules = imported_modules(REPO_ROOT / "tms" / name)
        assert not any(violates(m, {"flask", "werkzeug", "tms.stub"}) for m in modules), name


def test_the_checker_catches_a_forbidden_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("from sandbox.client import SandboxClient\nimport os\n")
    modules = imported_modules(probe)
    assert violates("sandbox.client", FORBIDDEN["sts_bot"])
    assert {m for m in modules if violates(m, FORBIDDEN["sts_bot"])} == {"sandbox.client"}
