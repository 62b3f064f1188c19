"""The install is reproducible: what runs is what requirements*.txt lock, and the lock matches pyproject.toml."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / "scripts" / "check_lock.py"


def run_check(root: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, str(CHECK), str(root)]
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 -- our own script


def test_every_installed_package_is_the_locked_version():
    result = run_check(ROOT)

    assert result.returncode == 0, result.stderr
    assert "Lock matches pyproject.toml" in result.stdout


def test_every_locked_line_carries_a_hash():
    for name in ("requirements.txt", "requirements-dev.txt"):
        text = (ROOT / name).read_text()
        pins = [line for line in text.splitlines() if "==" in line and not line.startswith("#")]
        assert pins, name
        assert text.count("--hash=sha256:") >= len(pins), name


def test_a_dependency_changed_without_relocking_fails_the_check(tmp_path):
    for name in ("requirements.txt", "requirements-dev.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    pyproject = (ROOT / "pyproject.toml").read_text()
    (tmp_path / "pyproject.toml").write_text(pyproject.replace('"segno>=1.6"', '"segno>=99"'))

    result = run_check(tmp_path)

    assert result.returncode == 1
    assert "pyproject.toml asks segno>=99" in result.stderr
    assert "run `make lock`" in result.stderr
