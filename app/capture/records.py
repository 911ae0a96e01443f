"""How an assembly record is judged and built: the one path the session and demo data share.

The station session (:class:`app.capture.session.CaptureSession`) and the demo line
(:mod:`app.capture.demo_line`) both judge a step with :func:`judge`, build its content with
:func:`base_content` and :func:`assembly_content`, and write it with :func:`write` (journal row and
projections in the caller's transaction), so a demo record is one the station would write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from app import __version__
from app.capture import rules
from app.capture.events import ChecklistLine
from app.capture.sources import ProfileCheck
from app.codes.scan import Scan
from app.domain.environment import EnvValue
from app.domain.masterdata import Station, Step
from app.domain.roles import Operator
from app.domain.verdict import Finding, Rule, Verdict
from app.store import journal, projection


def base_content(
    station: Station,
    operator: Operator | None,
    work_order: str | None,
    step: Step | None,
    product: str | None,
    clock: str,
) -> dict[str, Any]:
    """The fields every row of a station session carries (who, where, which build and setup)."""
    return {
        "app_version": __version__,
        "config_revision": station.config_revision,
        "clock_source": clock,
        "line": station.line_id,
        "operator": None if operator is None else operator.as_content(),
        "work_order": work_order,
        "step": None if step is None else step.code,
        "product": product,
    }


def judge(
    station: Station,
    step: Step,
    checklist: Sequence[ChecklistLine],
    environment: Sequence[EnvValue],
    unit_findings: Sequence[Finding],
    profile: ProfileCheck | None,
    board: str,
) -> Verdict:
    """The verdict on a whole step: BOM complete, environment, the unit's own findings, profile."""
    findings = [
        Finding(
            Rule.BOM_INCOMPLETE,
            f"{line.bom.part_number} ({line.bom.description}) not yet scanned",
            line.bom.part_number,
            template="bom-incomplete",
            args=(("part", line.bom.part_number), ("description", line.bom.description)),
        )
        for line in checklist
        if not line.complete
    ]
    findings += rules.check_environment(list(environment), station)
    findings += unit_findings
    findings += rules.check_profile(step.requires_profile, profile, board, station)
    return Verdict(tuple(findings))


def refused_summary(verdict: Verdict) -> Finding:
    """The one finding a refused commit is journalled and shown with (every blocking message)."""
    first = verdict.blocking[0]
    return Finding(first.rule, "; ".join(f.message for f in verdict.blocking), first.subject)


def assembly_content(
    base: dict[str, Any],
    unit: Scan,
    serial: str,
    components: Sequence[dict[str, Any]],
    environment: Sequence[EnvValue],
    profile: ProfileCheck | None,
    verdict: Verdict,
) -> dict[str, Any]:
    """The content of an assembly record as journalled (``components`` as
    :meth:`Component.as_content` states each)."""
    content = dict(base)
    udi = unit.udi
    content.update(
        {
            "unit": {
                "serial": serial,
                "di": None if udi is None else udi.di,
                "udi": None if udi is None else udi.as_content(),
                "scan": unit.as_content(),
            },
            "components": list(components),
            "environment": [v.as_content() for v in environment],
            "profile": None if profile is None else profile.as_content(),
            "verdict": verdict.as_content(),
        }
    )
    return content


def write(
    conn: sqlite3.Connection,
    station: str,
    kind: str,
    content: dict[str, Any],
    *,
    at: datetime,
    corrects: str | None = None,
    key: str | None = None,
) -> journal.JournalRow:
    """Journals a record and writes its projections. Call in the writer's transaction."""
    row = journal.append(conn, station, kind, content, at=at, corrects=corrects, key=key)
    projection.apply(conn, row.kind, row.data)
    return row
