"""UDI parse throughput (codes/s) of ``app.codes.interpret`` vs biip alone on the same inputs.

The baseline is ``biip.parse`` (and, narrower, biip's ``GS1Message.parse`` alone) on exactly the strings the station interprets: GS1 DataMatrix scans
as a keyboard-wedge scanner sends them (``]d2``, GS after the lot). The station's parser does more
per code (positions, separator forms, check-digit errors turned hard, the UDI built), so the ratio
says what that costs. HIBCC and ICCBBA have no biip counterpart; their rates are printed alone.

Usage: python benchmarks/bench_parse.py [--codes 20000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

import biip
from biip.gs1_messages import GS1Message

from app.codes import hibcc
from app.codes.interpret import interpret
from app.domain.entry import EntryMethod

GS = "\x1d"


def gtin(rnd: random.Random) -> str:
    body = "0" + "".join(rnd.choice("0123456789") for _ in range(12))
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def gs1_codes(n: int, rnd: random.Random) -> list[str]:
    codes = []
    for _ in range(n):
        made = f"{rnd.randint(20, 26):02d}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
        expiry = f"{rnd.randint(27, 35):02d}{rnd.randint(1, 12):02d}00"
        lot = "".join(rnd.choice("ABCDEFGHJK0123456789") for _ in range(rnd.randint(4, 10)))
        serial = "".join(rnd.choice("0123456789ABCDEF") for _ in range(rnd.randint(6, 12)))
        codes.append(f"]d201{gtin(rnd)}11{made}17{expiry}10{lot}{GS}21{serial}")
    return codes


def hibc_codes(n: int, rnd: random.Random) -> list[str]:
    codes = []
    for _ in range(n):
        pcn = "".join(rnd.choice("ABCDEFGH0123456789") for _ in range(rnd.randint(4, 12)))
        lot = "".join(rnd.choice("ABCDEFGH0123456789") for _ in range(rnd.randint(4, 10)))
        data = f"+X999{pcn}0/$$3{rnd.randint(27, 35):02d}{rnd.randint(1, 12):02d}15{lot}/S{rnd.randint(1, 10**8)}"
        codes.append(data + hibcc.check_character(data))
    return codes


def iccbba_codes(n: int, rnd: random.Random) -> list[str]:
    return [
        f"=/A9999XYZ100T{rnd.randint(1000, 9999)}=,{rnd.randint(0, 999999):06d}"
        f"=A9997{rnd.randint(10**7, 10**8 - 1)}00=>0{rnd.randint(27, 35)}{rnd.randint(1, 365):03d}"
        for _ in range(n)
    ]


def rate(func: Callable[[str], object], codes: list[str], repeats: int) -> float:
    """Median codes/s over ``repeats`` passes."""
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        for code in codes:
            func(code)
        rates.append(len(codes) / (time.perf_counter() - started))
    return statistics.median(rates)


def station(code: str) -> object:
    return interpret(code, EntryMethod.KEYBOARD_WEDGE)


def biip_alone(code: str) -> object:
    result = biip.parse(code)
    assert result.gs1_message is not None
    return result


def biip_message_only(code: str) -> object:
    return GS1Message.parse(code[3:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    rnd = random.Random(42)
    gs1 = gs1_codes(args.codes, rnd)
    for code in gs1[:50]:  # both parsers agree on the inputs
        assert station(code).udi.di == biip_alone(code).gtin.value  # type: ignore[attr-defined]
    ours = rate(station, gs1, args.repeats)
    baseline = rate(biip_alone, gs1, args.repeats)
    print(f"GS1 DataMatrix scans ({args.codes:,} codes, median of {args.repeats} passes)")
    print(f"  lineside interpret : {ours:10,.0f} codes/s  ({1e6 / ours:6.1f} µs/code)")
    print(f"  biip.parse alone   : {baseline:10,.0f} codes/s  ({1e6 / baseline:6.1f} µs/code)")
    narrow = rate(biip_message_only, gs1, args.repeats)
    print(
        f"  biip GS1Message    : {narrow:10,.0f} codes/s  ({1e6 / narrow:6.1f} µs/code)"
        "  (message parser only, identifier sliced off)"
    )
    print(
        f"  ratio              : {ours / baseline:10.2f} of biip.parse's rate, "
        f"{ours / narrow:.2f} of GS1Message.parse's"
    )
    hibc = hibc_codes(args.codes, rnd)
    iccbba = iccbba_codes(args.codes, rnd)
    print(
        f"HIBCC concatenated   : {rate(station, hibc, args.repeats):10,.0f} codes/s (no biip counterpart)"
    )
    print(
        f"ICCBBA (ISBT 128)    : {rate(station, iccbba, args.repeats):10,.0f} codes/s (no biip counterpart)"
    )


if __name__ == "__main__":
    main()
