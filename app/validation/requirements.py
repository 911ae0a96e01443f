"""The user requirements (``requirements.toml``) and their trace to tests and qualification checks."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Requirement:
    """One user requirement with what verifies it.

    Attributes:
        id: ``URS-nn``, never reused.
        title: what the station must do, in the user's words.
        source: the clause it answers (ISO 13485, 21 CFR 11/820, …).
        tests: pytest node ids that verify it on every change (CI).
        checks: the IQ/OQ check ids ``lineside validate`` runs for it on site.
    """

    id: str
    title: str
    source: str
    tests: tuple[str, ...]
    checks: tuple[str, ...]


def load() -> list[Requirement]:
    """The requirements shipped with this build, in file order."""
    text = resources.files("app.validation").joinpath("requirements.toml").read_text("utf-8")
    return [
        Requirement(
            id=r["id"],
            title=r["title"],
            source=r.get("source", ""),
            tests=tuple(r.get("tests", ())),
            checks=tuple(r.get("checks", ())),
        )
        for r in tomllib.loads(text)["requirement"]
    ]
