"""Property-based: no input string of any length or content makes ``interpret`` raise anything but CodeError."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.codes.formats import CodeFormats
from app.codes.interpret import interpret
from app.codes.scan import CodeError, Scan, ScanKind
from app.codes.separators import Separators
from app.domain.entry import EntryMethod

EXAMPLES = [
    e["text"]
    for e in json.loads((Path(__file__).parent / "data" / "published_examples.json").read_text())[
        "examples"
    ]
]

# The characters that steer the parsers, so that generated text reaches deep into them.
TOKENS = [
    "\x1d",
    "\x1e",
    "\x04",
    "<GS>",
    "\\x1d",
    "^]",
    "[)>",
    "[)>\x1e05\x1d",
    "[)>\x1e06\x1d",
    "(",
    ")",
    "01",
    "10",
    "11",
    "17",
    "21",
    "00",
    "8020",
    "7003",
    "]d2",
    "]C0",
    "]C1",
    "]Q3",
    "]e0",
    "]E0",
    "]X",
    "+",
    "$",
    "$$",
    "$$+",
    "/",
    "/S",
    "/14D",
    "/16D",
    "*",
    "=",
    "&",
    "=/",
    "=,",
    "=>",
    "=}",
    "&,1",
    "&>",
    "=)",
    "&)",
    "=+",
    "http://",
    "https://id.gs1.org/01/",
    "?",
    "%",
    " ",
    "\r",
    "\n",
]
tokens = st.lists(
    st.one_of(
        st.sampled_from(TOKENS),
        st.text(alphabet="0123456789", max_size=16),
        st.text(alphabet="ABCXYZ019-.", max_size=8),
        st.text(max_size=3),
    ),
    max_size=24,
).map("".join)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(EXAMPLES))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        piece = draw(st.one_of(st.sampled_from(TOKENS), st.characters()))
        if op == "insert":
            text = text[:i] + piece + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + 1 :]
        elif op == "replace":
            text = text[:i] + piece + text[i + 1 :]
        else:
            text = text[:i]
    return text


separators = st.builds(
    Separators,
    substitute=st.sampled_from([None, "~", "|", "@", "#"]),
    rs_as_gs=st.booleans(),
    written_out=st.booleans(),
)


def only_code_errors(text: str, entry: EntryMethod, seps: Separators, partial: bool) -> None:
    error: CodeError | None = None
    try:
        scan = interpret(
            text,
            entry,
            CodeFormats(forbid_typed=True),
            separators=seps,
            enforce_entry=True,
            allow_partial=partial,
        )
    except CodeError as exc:
        error = exc
    if error is not None:
        assert error.message
        assert error.position is None or 0 <= error.position <= len(text)
        return
    assert isinstance(scan, Scan)
    if scan.kind is ScanKind.UDI:
        assert scan.udi is not None and scan.udi.agency in ("GS1", "HIBCC", "ICCBBA")
        json.dumps(scan.as_content())


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(), st.sampled_from(list(EntryMethod)), separators, st.booleans())
def test_any_text(text: str, entry: EntryMethod, seps: Separators, partial: bool) -> None:
    only_code_errors(text, entry, seps, partial)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tokens, st.sampled_from(list(EntryMethod)), separators, st.booleans())
def test_structured_text(text: str, entry: EntryMethod, seps: Separators, partial: bool) -> None:
    only_code_errors(text, entry, seps, partial)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), st.sampled_from(list(EntryMethod)), separators, st.booleans())
def test_mutated_published_examples(
    text: str, entry: EntryMethod, seps: Separators, partial: bool
) -> None:
    only_code_errors(text, entry, seps, partial)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=2000, max_size=20000))
def test_long_text(text: str) -> None:
    only_code_errors(text, EntryMethod.KEYBOARD_WEDGE, Separators(), False)
