"""Recalculate a workbook in a real spreadsheet program (headless LibreOffice), when installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed (make test installs it as root)"
)


def recalculated(source: Path, out: Path) -> Path:
    """Open `source` in LibreOffice Calc, let it recalculate, save as xlsx under `out`; the copy's path."""
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--calc",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out / source.name
