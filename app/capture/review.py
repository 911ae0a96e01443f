"""Who may review at a station: the supervisor check and the refusal every review action raises.

The supervisor's review is split by concern: ``shifts`` (the production shift), ``shift_log``
(paged log queries), ``exceptions`` (the exception queue and dispositions), ``signatures``
(21 CFR Part 11 shift sign-off), ``record_detail`` and ``recall`` / ``recall_export`` (trace
lists and their CSV/PDF files).
"""

from __future__ import annotations

from typing import Any

from app.capture.session import CaptureSession
from app.domain.roles import Role

REVIEWERS = (Role.SUPERVISOR, Role.ADMIN)


class ReviewRefused(Exception):
    """A review action the rules refuse (wrong password, wrong role, no comment); says why."""


def reviewer(session: CaptureSession) -> dict[str, Any]:
    """The logged-in supervisor as bound into a review row.

    Raises:
        ReviewRefused: nobody logged in, or not a supervisor.
    """
    op = session.operator
    if op is None:
        raise ReviewRefused("log in as a supervisor first")
    if op.role not in REVIEWERS:
        raise ReviewRefused(f"{op.name} is a {op.role}: only supervisors may do this")
    return op.as_content()
