"""The release manifest: the versions and a SHA-256 of every file of a built bundle.

Written at build time into the bundle's folder (``release-manifest.json``); the installation
qualification re-hashes the installed files against it, so a changed, missing or added file in
the installation is named.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from app.validation.versions import versions

MANIFEST_NAME = "release-manifest.json"
# Written by the running station beside itself, or by Python's import system: never part of a
# release.
_IGNORED_SUFFIXES = (".pyc",)


def file_hash(path: Path) -> str:
    """The SHA-256 of one file, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def hash_tree(root: Path) -> dict[str, str]:
    """``relative/posix/path -> sha256`` for every file under ``root`` but the manifest."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name == MANIFEST_NAME or path.suffix in _IGNORED_SUFFIXES:
            continue
        found[path.relative_to(root).as_posix()] = file_hash(path)
    return found


def build(root: Path) -> dict[str, object]:
    """The manifest of the bundle folder ``root``."""
    files = hash_tree(root)
    return {"versions": versions(), "files": files, "file_count": len(files)}


def write(root: Path) -> Path:
    """Writes ``root/release-manifest.json`` and returns its path."""
    path = root / MANIFEST_NAME
    path.write_text(json.dumps(build(root), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


@dataclass
class ManifestCheck:
    """What differs between an installation and its release manifest."""

    checked: int = 0
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    version_differences: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """No file and no version differs."""
        return not (self.changed or self.missing or self.added or self.version_differences)

    def describe(self) -> str:
        """One line for the report."""
        if self.ok:
            return f"{self.checked} files match the release manifest; versions match"
        parts = []
        for label, names in (
            ("changed", self.changed),
            ("missing", self.missing),
            ("added", self.added),
        ):
            if names:
                parts.append(
                    f"{len(names)} {label} ({', '.join(names[:3])}{', …' if len(names) > 3 else ''})"
                )
        for name, (want, have) in self.version_differences.items():
            parts.append(f"{name} {have} installed, {want} released")
        return "; ".join(parts)


def check(root: Path, manifest: Path | None = None) -> ManifestCheck:
    """Compares the files under ``root`` and the running versions with the manifest.

    Raises:
        FileNotFoundError: there is no manifest (a source checkout or a wheel install).
    """
    manifest = manifest or root / MANIFEST_NAME
    released = json.loads(manifest.read_text(encoding="utf-8"))
    want: dict[str, str] = released["files"]
    have = hash_tree(root)
    result = ManifestCheck(checked=len(want))
    result.changed = sorted(p for p in want.keys() & have.keys() if want[p] != have[p])
    result.missing = sorted(want.keys() - have.keys())
    result.added = sorted(have.keys() - want.keys())
    running = versions()
    for name, version in released.get("versions", {}).items():
        if name in ("platform", "frozen"):
            continue  # the same release runs on every patch level of the OS
        if running.get(name) != version:
            result.version_differences[name] = (version, running.get(name, "absent"))
    return result


def installation_root() -> Path | None:
    """The bundle folder this station runs from, or None when it runs from Python sources."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return None


def main(argv: list[str]) -> int:
    """``python -m app.validation.manifest write DIR`` (the bundle build runs it)."""
    if len(argv) != 2 or argv[0] != "write":
        print("usage: python -m app.validation.manifest write DIR", file=sys.stderr)
        return 2
    path = write(Path(argv[1]))
    print(f"release manifest: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
