"""Every published example parses to its published fields, or is refused for the published reason.

The examples and their sources are in ``tests/codes/data/published_examples.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.codes import hibcc
from app.codes.interpret import interpret
from app.codes.scan import CodeError, ScanKind
from app.domain.entry import EntryMethod

DATA = json.loads((Path(__file__).parent / "data" / "published_examples.json").read_text())
EXAMPLES = DATA["examples"]
TEMPLATES = DATA["hibc_secondary_templates"]
PRIMARY_DATA = (
    "+A999ABC123DE0"  # the IMDRF example's primary (labeler A999, product ABC123DE, U/M 0)
)
PRIMARY = PRIMARY_DATA + hibcc.check_character(PRIMARY_DATA)
LINK = PRIMARY[-1]


def fields(text: str, **kwargs: Any) -> dict[str, Any]:
    scan = interpret(text, EntryMethod.KEYBOARD_WEDGE, **kwargs)
    assert scan.kind is ScanKind.UDI and scan.udi is not None
    return scan.udi.as_content()


def assert_expected(content: dict[str, Any], expect: dict[str, Any]) -> None:
    for key, value in expect.items():
        if key == "other":
            for name, v in value.items():
                assert content["other"].get(name) == v, (name, content)
        elif key in ("quantity", "expiry_hour"):
            assert content["other"].get(key) == value, (key, content)
        else:
            assert content[key] == value, (key, content)


def test_every_example_names_a_known_source() -> None:
    for example in EXAMPLES:
        assert example["source"] in DATA["sources"], example["id"]
        assert ("expect" in example) != ("refuse" in example) or "corrected" in example


@pytest.mark.parametrize(
    "example", [e for e in EXAMPLES if "refuse" not in e], ids=lambda e: e["id"]
)
def test_published_example_parses_to_its_fields(example: dict[str, Any]) -> None:
    assert_expected(fields(example["text"]), example["expect"])


@pytest.mark.parametrize("example", [e for e in EXAMPLES if "refuse" in e], ids=lambda e: e["id"])
def test_published_example_is_refused_for_its_reason(example: dict[str, Any]) -> None:
    with pytest.raises(CodeError) as caught:
        interpret(example["text"], EntryMethod.KEYBOARD_WEDGE)
    assert caught.value.rule == example["refuse"]
    if example["refuse"] == "check-character":
        assert caught.value.position == len(example["text"]) - 1
        assert f"character {len(example['text'])}" in caught.value.message
    if "corrected" in example:
        assert_expected(fields(example["corrected"]), example["expect"])


def secondary_from(template: str) -> str:
    assert template.endswith("LC")
    data = template[:-2] + LINK
    return data + hibcc.check_character(data)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t["id"])
def test_hibc_secondary_table_as_separate_labels(template: dict[str, Any]) -> None:
    secondary = interpret(
        secondary_from(template["template"]), EntryMethod.KEYBOARD_WEDGE, allow_partial=True
    )
    primary = interpret(PRIMARY, EntryMethod.KEYBOARD_WEDGE)
    assert secondary.udi is not None and primary.udi is not None
    assert secondary.udi.other["link"] == LINK
    combined = hibcc.combine(primary.udi, secondary.udi)
    assert combined.di == "A999ABC123DE0"
    assert_expected(combined.as_content(), template["expect"])


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t["id"])
def test_hibc_secondary_table_concatenated(template: dict[str, Any]) -> None:
    data = PRIMARY_DATA + "/" + template["template"][1:-2]
    content = fields(data + hibcc.check_character(data))
    assert content["di"] == "A999ABC123DE0"
    assert_expected(content, template["expect"])


def test_secondary_alone_is_refused_by_default_naming_the_primary() -> None:
    with pytest.raises(CodeError) as caught:
        interpret(secondary_from("+$3C001LC"), EntryMethod.KEYBOARD_WEDGE)
    assert caught.value.rule == "hibc-secondary-alone"
    assert "primary" in caught.value.message


def test_secondary_of_another_primary_is_refused_by_its_link_character() -> None:
    other_data = "+A999ABC123DE1"
    other = interpret(other_data + hibcc.check_character(other_data), EntryMethod.KEYBOARD_WEDGE)
    secondary = interpret(
        secondary_from("+$3C001LC"), EntryMethod.KEYBOARD_WEDGE, allow_partial=True
    )
    assert other.udi is not None and secondary.udi is not None
    with pytest.raises(CodeError) as caught:
        hibcc.combine(other.udi, secondary.udi)
    assert caught.value.rule == "link-character"


def secondary(data: str, link: str = LINK) -> str:
    """A HIBC secondary symbol for ``data`` linked to ``link``, with its check character."""
    body = "+" + data + link
    return body + hibcc.check_character(body)


def test_primary_and_secondary_read_in_one_scan_are_one_udi() -> None:
    # Scanners set to concatenate send the two linear symbols as one string.
    udi = fields(PRIMARY + secondary("$$3271231LOT42/Q24"))
    assert (udi["di"], udi["lot"], udi["expiry"]) == ("A999ABC123DE0", "LOT42", "2027-12-31")
    assert udi["other"]["quantity"] == "24" and udi["other"]["hibc_symbols"] == "2"


def test_primary_and_two_secondaries_in_one_scan() -> None:
    udi = fields(PRIMARY + secondary("$LOT42") + secondary("$+SER9"))
    assert (udi["lot"], udi["serial"]) == ("LOT42", "SER9")
    assert udi["other"]["hibc_symbols"] == "3"


def test_each_symbol_keeps_its_own_check_character_and_link() -> None:
    wrong_link = PRIMARY + secondary("$LOT42", link="0")
    with pytest.raises(CodeError) as caught:
        interpret(wrong_link, EntryMethod.KEYBOARD_WEDGE)
    assert caught.value.rule == "link-character"
    assert caught.value.position == len(PRIMARY) + len("+$LOT42")
    broken = PRIMARY + secondary("$LOT42")[:-1] + "0"  # the secondary's own check is wrong
    with pytest.raises(CodeError) as caught:
        interpret(broken, EntryMethod.KEYBOARD_WEDGE)
    assert caught.value.rule == "check-character"
