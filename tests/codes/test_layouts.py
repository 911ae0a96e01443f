"""Keyboard layouts: a US-layout wedge scanner on a German or French PC, found from the test
label, and failed scans re-mapped to say which layout to set."""

from __future__ import annotations

import pytest

from app.codes import layouts
from app.codes.layouts import TEST_LABEL, Mismatch


@pytest.mark.parametrize(
    ("text", "scanner", "host", "received"),
    [
        # Key positions as printed on the keyboards: QWERTZ swaps Y/Z and has ß on US minus;
        # AZERTY has & é " ' ( - è _ ç à on the unshifted digit row and M where US has ;.
        ("BDG-1002", "us", "de", "BDGß1002"),
        ("Yz/", "us", "de", "Zy-"),
        ("ML-000071", "us", "fr", "?L)ààààè&"),
        ("aqzw", "us", "fr", "qawz"),
        ("BDGß1002", "de", "us", "BDG-1002"),
    ],
)
def test_what_a_scanner_of_one_layout_types_on_a_pc_of_another(
    text: str, scanner: str, host: str, received: str
) -> None:
    assert layouts.typed_as(text, scanner, host) == received
    assert layouts.remapped(received, scanner, host) == text


def test_the_test_label_names_both_layouts_for_every_pair() -> None:
    assert layouts.diagnose_test_label(TEST_LABEL) is None
    for scanner, host in layouts.pairs():
        received = layouts.typed_as(TEST_LABEL, scanner, host)
        assert received is not None and received != TEST_LABEL
        assert layouts.diagnose_test_label(received) == Mismatch(scanner, host)


def test_the_message_says_which_layout_to_set() -> None:
    message = Mismatch("us", "de").message
    assert "scanner types a US English (QWERTY) layout" in message
    assert "this PC uses German (QWERTZ)" in message
    assert "Set the scanner to German (QWERTZ)" in message


def test_a_scan_that_is_not_the_test_label_is_said_so() -> None:
    with pytest.raises(ValueError, match="not the scanner test label"):
        layouts.diagnose_test_label("ML-000071")


def test_a_failed_scan_that_reads_once_remapped_names_the_mismatch() -> None:
    reads = {"BDG-1002"}.__contains__
    assert layouts.diagnose_scan("BDGß1002", reads) == Mismatch("us", "de")
    assert layouts.diagnose_scan("BDG#1002", reads) is None
