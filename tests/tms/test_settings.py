"""Settings from the environment, and the operator CLI's parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from appkit.settings import SettingsError
from tms.stub.__main__ import main
from tms.stub.settings import Settings


def test_defaults_put_the_database_under_the_data_dir(tmp_path: Path) -> None:
    settings = Settings.for_data_dir(tmp_path, {})
    assert settings.database_url == f"sqlite:///{tmp_path.resolve() / 'tms_stub.sqlite3'}"
    assert settings.tokens == ("dev-token",)
    assert settings.default_turnaround == "instant"
    assert Settings.from_env({"VAR_DIR": str(tmp_path)}).data_dir == tmp_path / "tms_stub"


def test_environment_overrides(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "TMS_STUB_DATA": str(tmp_path),
            "TMS_STUB_TOKENS": "a, b",
            "TMS_STUB_FAULT_ERROR_RATE": "0.25",
            "TMS_STUB_DEFAULT_TURNAROUND": "manual",
        }
    )
    assert settings.tokens == ("a", "b")
    assert settings.faults.error_rate == 0.25
    assert settings.default_turnaround == "manual"


@pytest.mark.parametrize(
    "environ",
    [
        {"TMS_STUB_FAULT_ERROR_RATE": "1.5"},
        {"TMS_STUB_DEFAULT_TURNAROUND": "weekly"},
        {"TMS_STUB_CALLBACK_MAX_ATTEMPTS": "0"},
    ],
)
def test_bad_values_are_refused(environ: dict[str, str], tmp_path: Path) -> None:
    with pytest.raises(SettingsError):
        Settings.for_data_dir(tmp_path, environ)


def test_cli_creates_a_project_and_loads_memory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path)
    assert (
        main(
            [
                "create-project",
                "--data",
                data,
                "--id",
                "web",
                "--name",
                "Web",
                "--target",
                "fr",
                "--target",
                "ja",
            ]
        )
        == 0
    )
    assert '"projectId": "web"' in capsys.readouterr().out
    po = tmp_path / "fr.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "Save"\nmsgstr "Enregistrer"\n',
        encoding="utf-8",
    )
    assert main(["load-memory", "--data", data, "web", str(po)]) == 0
    assert "imported 1 entries" in capsys.readouterr().out
    assert main(["show-job", "--data", data, "web", "job_missing"]) == 1
