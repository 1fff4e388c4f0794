"""axe-core for the accessibility tests: from the npm registry, into a cache folder.

The version is pinned. ``tests/run`` installs it before the suite (``npm install --prefix``);
when a test finds it missing, :func:`script` does the same, so the tests run on a fresh
machine with Debian's ``npm``. ``SAMVERKAN_AXE_DIR`` names another folder to install into.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

VERSION = "4.10.2"
PROJECT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = PROJECT / ".cache" / "axe-core"


def folder() -> Path:
    """Return the folder axe-core is installed into."""
    return Path(os.environ.get("SAMVERKAN_AXE_DIR", DEFAULT_DIR))


def script() -> str:
    """Return the text of ``axe.min.js``, installing the pinned version first if missing."""
    found = folder() / "node_modules" / "axe-core" / "axe.min.js"
    if not found.is_file() or _installed(folder()) != VERSION:
        npm = shutil.which("npm")
        assert npm, "npm is missing (Debian's npm package): it installs axe-core for the tests"
        folder().mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--prefix", str(folder()), "--no-audit", "--no-fund",
             f"axe-core@{VERSION}"],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    return found.read_text(encoding="utf-8")


def _installed(where: Path) -> str | None:
    manifest = where / "node_modules" / "axe-core" / "package.json"
    if not manifest.is_file():
        return None
    return str(json.loads(manifest.read_text(encoding="utf-8")).get("version"))
