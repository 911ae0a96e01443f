"""Record detail: environment neighbours and signatures bound to one record."""

from __future__ import annotations

from app.capture import (
    record_detail,
)
from tests.helpers.review import humid_record
from tests.helpers.stations import DemoStation


def test_record_detail_binds_environment_neighbours_and_signatures(station: DemoStation) -> None:
    key = humid_record(station)
    detail = record_detail.record_detail(station.conn, key)
    assert detail.content["unit"]["serial"] == "SN-IP-200-7100001"
    assert detail.neighbours and detail.neighbours[-1]["environment"][0]["value"] == 71.5
    assert detail.superseded_by is None and detail.profile is None
