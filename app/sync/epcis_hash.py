"""GS1's canonical EPCIS 2.0 event hash (CBV 2.0 §8.9): the pre-hash string and its ``ni:`` URI.

The event is read as the reference implementation (epcis-event-hash-generator) reads it, which the
tests keep as the oracle: the JSON event becomes a tree of (name, value, children) in the XML data
model, the properties the standard orders are written first in that order, each ``name=value`` with
values canonicalised (CBV web vocabulary, numbers, GS1 keys as canonical GS1 Digital Link URIs,
times in UTC with milliseconds), then every other property sorted. No JSON-LD processing: the
bare CBV words JSON-LD would expand come from a table of the EPCIS 2.0 context's vocabularies.

One module on purpose (~750 lines): the pre-hash rules, their order table and the vocabulary
tables are one algorithm that must be read and checked against the standard as a whole.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

# A node of the event tree: (name, value, children). Names are strings, except the (type, value)
# pairs of bizTransactionList / sourceList / destinationList items, which stay as pairs of nodes.
Node = tuple[Any, str, list[Any]]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


IGNORED_KEYS = frozenset({"#text", "rdfs:comment", "comment"})
NOT_HASHED = frozenset({"recordTime", "eventID", "type", "errorDeclaration"})
UNSORTED = frozenset({"bizTransaction", "source", "destination"})
TYPED_LISTS = ("sourceList", "destinationList", "bizTransactionList")

_QUANTITY = (("epcClass", None), ("quantity", None), ("uom", None))
_SENSOR_METADATA = tuple(
    (name, None)
    for name in _words(
        "time startTime endTime deviceID deviceMetadata rawData dataProcessingMethod bizRules"
    )
)
_SENSOR_REPORT = tuple(
    (name, None)
    for name in _words(
        "type exception deviceID deviceMetadata rawData dataProcessingMethod time microorganism "
        "chemicalSubstance value component stringValue booleanValue hexBinaryValue uriValue "
        "minValue maxValue meanValue sDev percRank percValue uom coordinateReferenceSystem"
    )
)
# The canonical property order (CBV 2.0 §8.9.2). The typed lists (bizTransactionList, sourceList,
# destinationList) are absent: the reference implementation hashes them with the unordered rest.
ORDER: tuple[tuple[str, Any], ...] = (
    ("eventTime", None),
    ("eventTimeZoneOffset", None),
    ("certificationInfo", None),
    ("parentID", None),
    ("epcList", (("epc", None),)),
    ("inputEPCList", (("epc", None),)),
    ("childEPCs", (("epc", None),)),
    ("quantityList", (("quantityElement", _QUANTITY),)),
    ("childQuantityList", (("quantityElement", _QUANTITY),)),
    ("inputQuantityList", (("quantityElement", _QUANTITY),)),
    ("outputEPCList", (("epc", None),)),
    ("outputQuantityList", (("quantityElement", _QUANTITY),)),
    ("action", None),
    ("transformationID", None),
    ("bizStep", None),
    ("disposition", None),
    ("persistentDisposition", (("set", None), ("unset", None))),
    ("readPoint", (("id", None),)),
    ("bizLocation", (("id", None),)),
    (
        "sensorElementList",
        (
            (
                "sensorElement",
                (("sensorMetadata", _SENSOR_METADATA), ("sensorReport", _SENSOR_REPORT)),
            ),
        ),
    ),
)

# The bare words of the EPCIS 2.0 JSON-LD context's CBV vocabularies, by the property they expand in.
_CBV = "https://ref.gs1.org/cbv/"
_VOC = "https://gs1.org/voc/"
_DISPOSITIONS = (
    "active available completeness_verified completeness_inferred conformant container_closed "
    "container_open damaged destroyed dispensed disposed encoded expired in_progress in_transit "
    "inactive mismatch_instance mismatch_class mismatch_quantity needs_replacement "
    "no_pedigree_match non_conformant non_sellable_other partially_dispensed recalled reserved "
    "retail_sold returned sellable_accessible sellable_not_accessible stolen unavailable unknown"
)
_SOURCE_TYPES = "owning_party possessing_party location"
VOCABULARIES: dict[str, tuple[str, frozenset[str]]] = {
    "bizStep": (
        _CBV + "BizStep-",
        frozenset(
            _words(
                "accepting arriving assembling collecting commissioning consigning "
                "creating_class_instance cycle_counting decommissioning departing destroying "
                "disassembling dispensing encoding entering_exiting holding inspecting installing "
                "killing loading other packing picking receiving removing repackaging repairing "
                "replacing reserving retail_selling sampling sensor_reporting shipping "
                "staging_outbound stock_taking stocking storing transporting unloading unpacking "
                "void_shipping"
            )
        ),
    ),
    "disposition": (_CBV + "Disp-", frozenset(_DISPOSITIONS.split())),
    "persistentDisposition": (_CBV + "Disp-", frozenset(_DISPOSITIONS.split())),
    "bizTransactionList": (
        _CBV + "BTT-",
        frozenset(
            _words("bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt")
        ),
    ),
    "sourceList": (_CBV + "SDT-", frozenset(_SOURCE_TYPES.split())),
    "destinationList": (_CBV + "SDT-", frozenset(_SOURCE_TYPES.split())),
    "sensorReport.type": (
        _VOC,
        frozenset(
            _words(
                "AbsoluteHumidity AbsorbedDose AbsorbedDoseRate Acceleration Radioactivity Altitude "
                "AmountOfSubstance AmountOfSubstancePerUnitVolume Angle AngularAcceleration "
                "AngularMomentum AngularVelocity Area Capacitance Conductance Conductivity Count "
                "Density Dimensionless DoseEquivalent DoseEquivalentRate DynamicViscosity "
                "ElectricCharge ElectricCurrent ElectricCurrentDensity ElectricFieldStrength Energy "
                "Exposure Force Frequency Illuminance Inductance Irradiance KinematicViscosity Length "
                "LinearMomentum Luminance LuminousFlux LuminousIntensity MagneticFlux "
                "MagneticFluxDensity MagneticVectorPotential Mass MassConcentration MassFlowRate "
                "MassPerAreaTime MemoryCapacity MolalityOfSolute MolarEnergy MolarMass MolarVolume "
                "Power Pressure RadiantFlux RadiantIntensity RelativeHumidity Resistance Resistivity "
                "SolidAngle SpecificVolume Speed SurfaceDensity SurfaceTension Temperature Time "
                "Torque Voltage Volume VolumeFlowRate VolumeFraction VolumetricFlux Wavenumber"
            )
        ),
    ),
    "sensorReport.exception": (_VOC, frozenset(("ALARM_CONDITION", "ERROR_CONDITION"))),
    "sensorReport.component": (
        _CBV + "Comp-",
        frozenset(
            _words(
                "x y z axial_distance azimuth height spherical_radius polar_angle elevation_angle "
                "easting northing latitude longitude altitude"
            )
        ),
    ),
    "errorDeclaration.reason": (_CBV + "ER-", frozenset(("did_not_occur", "incorrect_data"))),
}
_COMPACT = {"cbv": _CBV, "gs1": _VOC}
OLD_CBV = (
    ("urn:epcglobal:cbv:bizstep:", _CBV + "BizStep-"),
    ("urn:epcglobal:cbv:disp:", _CBV + "Disp-"),
    ("urn:epcglobal:cbv:btt:", _CBV + "BTT-"),
    ("urn:epcglobal:cbv:sdt:", _CBV + "SDT-"),
    ("urn:epcglobal:cbv:er:", _CBV + "ER-"),
)


# -- GS1 keys as canonical GS1 Digital Link URIs ---------------------------------------------------
def check_digit(digits: str) -> int:
    """The GS1 mod-10 check digit of a key written without it (GenSpecs §7.9.1)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return -total % 10


def _dl_escape(text: str) -> str:
    """Percent-encodes what a GS1 Digital Link path segment may not carry as is (an EPC URI's
    serial may hold these unescaped)."""
    for char, code in (("!", "%21"), ("(", "%28"), (")", "%29"), ("*", "%2A"), ("+", "%2B")):
        text = text.replace(char, code)
    return text.replace(",", "%2C").replace(":", "%3A")


# One character of an EPC URI component (TDS 2.x "GS3A3", escapes allowed).
_C = r"(?:%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]|[!')(*+,.0-9:;=A-Za-z_-])"
# One character of a CPI component.
_CPI = r"(?:%2[3dfDF]|%3[0-9]|%4[1-9A-Fa-f]|%5[0-9Aa]|[0-9A-Z-])"


def _split_cp(digits_total: int, *, last_empty: str = "") -> str:
    """``cp.ref`` with a 6-12 digit company prefix and ``digits_total`` digits in both together."""
    options = [rf"\d{{{n}}}\.\d{{{digits_total - n}}}" for n in range(6, 13) if digits_total > n]
    if digits_total == 12:
        options.append(r"\d{12}\." + last_empty)
    return "(?:" + "|".join(options) + ")"


def _split_text(total: int, char: str) -> str:
    """``cp.ref`` with a 6-12 digit company prefix and up to ``total`` characters together."""
    return "(?:" + "|".join(rf"\d{{{n}}}\.{char}{{1,{total - n}}}" for n in range(6, 13)) + ")"


_GTIN_CP = _split_cp(13)
_DOT = r"\."  # a 12-digit company prefix and an empty reference written as "cp.."
_EPC_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("sgtin", rf"urn:epc:id:sgtin:{_GTIN_CP}\.{_C}{{1,20}}$"),
        ("sscc", rf"urn:epc:id:sscc:{_split_cp(17)}$"),
        ("sgln", rf"urn:epc:id:sgln:{_split_cp(12)}\.{_C}{{1,20}}$"),
        ("grai", rf"urn:epc:id:grai:{_split_cp(12, last_empty=_DOT)}\.{_C}{{1,16}}$"),
        ("giai", rf"urn:epc:id:giai:{_split_text(30, _C)}$"),
        ("gsrn", rf"urn:epc:id:gsrn:{_split_cp(17)}$"),
        ("gsrnp", rf"urn:epc:id:gsrnp:{_split_cp(17)}$"),
        ("gdti", rf"urn:epc:id:gdti:{_split_cp(12, last_empty=_DOT)}{_C}{{1,20}}$"),
        ("cpi", rf"urn:epc:id:cpi:{_split_text(30, _CPI)}\.\d{{1,12}}$"),
        ("sgcn", rf"urn:epc:id:sgcn:{_split_cp(12)}\.\d{{1,12}}$"),
        ("ginc", rf"urn:epc:id:ginc:{_split_text(30, _C)}$"),
        ("gsin", rf"urn:epc:id:gsin:{_split_cp(16)}$"),
        ("itip", rf"urn:epc:id:itip:{_GTIN_CP}\.\d{{2}}\.\d{{2}}\.{_C}{{1,20}}$"),
        ("upui", rf"urn:epc:id:upui:{_GTIN_CP}\.{_C}{{1,28}}$"),
        ("pgln", rf"urn:epc:id:pgln:{_split_cp(12)}$"),
        ("lgtin", rf"urn:epc:class:lgtin:{_GTIN_CP}\.{_C}{{1,20}}$"),
        ("sgtin*", rf"urn:epc:idpat:sgtin:{_GTIN_CP}\.\*$"),
        ("grai*", rf"urn:epc:idpat:grai:{_split_cp(12, last_empty=_DOT)}\.\*$"),
        ("gdti*", rf"urn:epc:idpat:gdti:{_split_cp(12, last_empty=_DOT)}\.\*$"),
        ("sgcn*", rf"urn:epc:idpat:sgcn:{_split_cp(12, last_empty=_DOT)}\.\*$"),
        ("cpi*", rf"urn:epc:idpat:cpi:{_split_text(30, _CPI)}\.\*$"),
        ("itip*", rf"urn:epc:idpat:itip:{_GTIN_CP}\.\d{{2}}\.\d{{2}}\.\*$"),
        ("upui*", rf"urn:epc:idpat:upui:{_GTIN_CP}\.\*$"),
    )
)


def _gtin(cp: str, item: str) -> str:
    """GTIN-14 from an EPC's company prefix and item reference (indicator digit first)."""
    body = item[:1] + cp + item[1:]
    return f"{body}{check_digit(body)}"


def _with_check(body: str) -> str:
    return f"{body}{check_digit(body)}"


def _from_epc(kind: str, uri: str) -> str:
    """The canonical Digital Link URI of an EPC URI that matched ``kind``'s pattern."""
    body = uri.split(":", 4)[4]
    cp, _, rest = body.partition(".")
    dl = "https://id.gs1.org/"
    if kind in ("sgtin", "lgtin", "upui", "sgtin*", "upui*"):
        item, tail = rest[: 13 - len(cp)], rest[14 - len(cp) :]
        if kind == "sgtin":
            return f"{dl}01/{_gtin(cp, item)}/21/{_dl_escape(tail)}"
        if kind == "lgtin":
            return f"{dl}01/{_gtin(cp, item)}/10/{_dl_escape(tail)}"
        if kind == "upui":
            return f"{dl}01/{_gtin(cp, item)}/235/{_dl_escape(tail)}"
        return f"{dl}01/{_gtin(cp, item)}"
    if kind in ("itip", "itip*"):
        item, tail = rest[: 13 - len(cp)], rest[14 - len(cp) :]
        piece, total, serial = tail[0:2], tail[3:5], tail[6:]
        key = f"{dl}8006/{_gtin(cp, item)}{piece}{total}"
        return key if kind == "itip*" else f"{key}/21/{_dl_escape(serial)}"
    if kind == "sscc":
        return f"{dl}00/{_with_check(rest[:1] + cp + rest[1:])}"
    if kind in ("gsrn", "gsrnp", "gsin", "pgln"):
        ai = {"gsrn": "8018", "gsrnp": "8017", "gsin": "402", "pgln": "417"}[kind]
        return f"{dl}{ai}/{_with_check(cp + rest[: (12 if kind == 'pgln' else 99) - len(cp)])}"
    if kind in ("sgln", "grai", "gdti", "sgcn", "grai*", "gdti*", "sgcn*"):
        ref, tail = rest[: 12 - len(cp)], rest[13 - len(cp) :]
        if kind == "sgln":
            gln = f"{dl}414/{_with_check(cp + ref)}"
            return gln if tail == "0" else f"{gln}/254/{_dl_escape(tail)}"
        if kind.startswith("grai"):
            key = f"{dl}8003/{_with_check('0' + cp + ref)}"
            return key if kind == "grai*" else key + _dl_escape(tail)
        if kind.startswith("gdti"):
            key = f"{dl}253/{_with_check(cp + ref)}"
            return key if kind == "gdti*" else key + _dl_escape(rest[13 - len(cp) :])
        key = f"{dl}255/{_with_check(cp + ref)}"
        return key if kind == "sgcn*" else key + tail
    if kind in ("giai", "ginc"):
        return f"{dl}{'8004' if kind == 'giai' else '401'}/{cp}{_dl_escape(rest)}"
    # cpi, cpi*: the serial follows the last dot.
    ref, _, serial = rest.rpartition(".")
    if kind == "cpi*":
        return f"{dl}8010/{_dl_escape(cp + ref)}"
    return f"{dl}8010/{_dl_escape(cp + ref)}/8011/{serial}"


_KEYS = "01|gtin|8006|itip|8010|cpid|414|gln|417|party|8017|gsrnp|8018|gsrn|255|gcn|00|sscc|253|gdti|401|ginc|402|gsin|8003|grai|8004|giai"
_DL_URI = re.compile(rf"https?:[^?#]*/(?:{_KEYS})/\d{{4}}[^/]")
_SHORT_NAMES = (
    ("/gtin/", "/01/"),
    ("/itip/", "/8006/"),
    ("/cpid/", "/8010/"),
    ("/gln/", "/414/"),
    ("/party/", "/417/"),
    ("/gsrnp/", "/8017/"),
    ("/gsrn/", "/8018/"),
    ("/gcn/", "/255/"),
    ("/sscc/", "/00/"),
    ("/gdti/", "/253/"),
    ("/ginc/", "/401/"),
    ("/gsin/", "/402/"),
    ("/grai/", "/8003/"),
    ("/giai/", "/8004/"),
    ("/cpv/", "/22/"),
    ("/lot/", "/10/"),
    ("/ser/", "/21/"),
)
_PRIMARY_KEYS = (
    "00",
    "01",
    "253",
    "255",
    "401",
    "402",
    "414",
    "417",
    "8003",
    "8004",
    "8006",
    "8010",
    "8017",
    "8018",
)
_ID = r"https://id.gs1.org/"  # the dots match any character, as in the reference implementation
_CANONICAL_HOST = re.compile(rf"{_ID}(?:{'|'.join(_PRIMARY_KEYS)})/\d{{4}}[^/]")
# The characters a canonical URI's lot, serial or other qualifier may hold unescaped.
_Q = r"[\x22\x27\x2D\x2E\x30-\x39\x3B-\x3F\x41-\x5A\x5F\x61-\x7A]"
_CPV_LAST = re.compile(rf"{_ID}(?:8006/\d{{18}}|01/\d{{14}})/22/{_Q}{{0,20}}$")
_CPV_INNER = re.compile(
    rf"{_ID}(?:8006/\d{{18}}|01/\d{{14}})/22/[\x2F\x22\x27\x2D\x2E\x30-\x39\x3B-\x3F\x41-\x5A\x5F\x61-\x7A]{{0,20}}$"
)
_LOT_AND_SERIAL = re.compile(
    rf"{_ID}(?:8006/\d{{18}}|01/\d{{14}})/10/{_Q}{{0,20}}/21/{_Q}{{0,20}}$"
)
_CANONICAL = re.compile(
    "|".join(
        _ID + p + "$"
        for p in (
            r"00/\d{18}",
            rf"01/\d{{14}}(?:/21/{_Q}{{0,20}}|/10/{_Q}{{0,20}}|/235/{_Q}{{0,28}})?",
            rf"253/\d{{13}}{_Q}{{0,17}}",
            r"255/\d{13}\d{0,12}",
            rf"401/{_Q}{{0,30}}",
            r"402/\d{17}",
            rf"414/\d{{13}}(?:/254/{_Q}{{0,20}})?",
            r"417/\d{13}",
            rf"8003/\d{{14}}{_Q}{{0,16}}",
            rf"8004/{_Q}{{0,30}}",
            rf"8006/\d{{18}}(?:/21/{_Q}{{0,20}}|/10/{_Q}{{0,20}})?",
            r"8010/[\x23\x2D\x2F\x30-\x39\x41-\x5A]{0,30}(?:/8011/\d{0,12})?",
            r"8017/\d{18}",
            r"8018/\d{18}",
        )
    )
)


@lru_cache(maxsize=4_096)  # lots, stations, units of measure repeat; serials do not
def canonical_dl(uri: str) -> str | None:
    """The constrained canonical GS1 Digital Link URI of an EPC URI, EPC class or pattern URI, or
    Digital Link URI (finest key level, no query, no CPV); None when ``uri`` conveys no GS1 key."""
    if "." not in uri:
        return None
    if uri.startswith("urn:epc:"):
        for kind, pattern in _EPC_PATTERNS:
            if pattern.match(uri):
                return _from_epc(kind, uri)
    if not _DL_URI.match(uri):
        return None
    uri = uri.split("?", 1)[0]
    for short, ai in _SHORT_NAMES:
        uri = uri.replace(short, ai)
    if not _CANONICAL_HOST.match(uri):
        for key in _PRIMARY_KEYS:
            at = uri.find(f"/{key}/")
            if at != -1:
                uri = "https://id.gs1.org" + uri[at:]
                break
    if not re.match(rf"{_ID}01/\d{{14}}", uri):
        for digits, pad in ((13, "0"), (12, "00"), (8, "000000")):
            if re.match(rf"{_ID}01/\d{{{digits}}}", uri):
                uri = uri.replace("/01/", "/01/" + pad)
                break
    if _CPV_LAST.match(uri):
        uri = uri[: uri.find("/22/")]
    elif _CPV_INNER.match(uri):
        after = uri[uri.find("/22/") + 4 :]
        uri = uri[: uri.find("/22/")] + after[after.find("/") :]
    if _LOT_AND_SERIAL.match(uri):
        after = uri[uri.find("/10/") + 4 :]
        uri = uri[: uri.find("/10/")] + after[after.find("/") :]
    return uri if _CANONICAL.match(uri) else None


# -- values ----------------------------------------------------------------------------------------
_PLAIN_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@lru_cache(maxsize=4_096)  # lots, stations, units of measure repeat; serials do not
def canonical_value(text: str) -> str:
    """A value as the pre-hash string writes it: current CBV URIs, plain numbers, GS1 keys as DL."""
    for old, new in OLD_CBV:
        text = text.replace(old, new)
    try:
        number = float(text)
        text = str(int(number)) if int(number) == number else str(number)
    except ValueError:  # not a number, or NaN (left as written)
        pass
    return canonical_dl(text) or text


def canonical_time(text: str) -> str:
    """A time in UTC with milliseconds and ``Z`` (left as is when it is no ISO 8601 time)."""
    if _PLAIN_TIME.fullmatch(text):
        return text
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    moment = moment.astimezone(UTC)
    moment = moment.replace(microsecond=round(moment.microsecond, -3))
    return moment.isoformat(timespec="milliseconds")[:-6] + "Z"


# -- the event tree --------------------------------------------------------------------------------
def _expanded_words(event: dict[str, Any]) -> set[str]:
    """The CBV / GS1 vocabulary URIs the event's vocabulary-typed properties expand to in JSON-LD."""
    found: set[str] = set()

    def add(vocabulary: str, value: Any) -> None:
        if not isinstance(value, str):
            return
        base, words = VOCABULARIES[vocabulary]
        if value in words:
            found.add(base + value)
        elif value.startswith((_CBV, _VOC)):
            found.add(value)
        elif value.split(":", 1)[0] in _COMPACT and ":" in value:
            prefix, rest = value.split(":", 1)
            found.add(_COMPACT[prefix] + rest)

    for key in ("bizStep", "disposition"):
        add(key, event.get(key))
    persistent = event.get("persistentDisposition")
    if isinstance(persistent, dict):
        for key in ("set", "unset"):
            values = persistent.get(key)
            for value in values if isinstance(values, list) else [values]:
                add("persistentDisposition", value)
    for key in TYPED_LISTS:
        for item in event.get(key) or ():
            if isinstance(item, dict):
                add(key, item.get("type"))
    for element in event.get("sensorElementList") or ():
        reports = element.get("sensorReport") if isinstance(element, dict) else None
        for report in reports or ():
            if isinstance(report, dict):
                for key in ("type", "exception", "component"):
                    add(f"sensorReport.{key}", report.get(key))
    declaration = event.get("errorDeclaration")
    if isinstance(declaration, dict):
        add("errorDeclaration.reason", declaration.get("reason"))
    return found


@lru_cache(maxsize=256)
def _suffixes(expanded: frozenset[str]) -> dict[str, str]:
    """Each text that ends exactly one expanded URI after a ``-`` or ``/``, with that URI."""
    found: dict[str, set[str]] = {}
    for uri in expanded:
        for at, char in enumerate(uri):
            if char in "-/":
                found.setdefault(uri[at + 1 :], set()).add(uri)
    return {suffix: next(iter(uris)) for suffix, uris in found.items() if len(uris) == 1}


def _qualified(name: str, namespaces: dict[str, str], *, value: bool = False) -> str:
    """A prefixed name with its namespace: ``{ns}local`` for keys, ``nslocal`` for values."""
    if not namespaces:
        return name
    prefix, colon, local = name.partition(":")
    if colon and prefix in namespaces:
        return namespaces[prefix] + local if value else "{" + namespaces[prefix] + "}" + local
    return name


def _xml_name(node: Node) -> Node:
    """A node under the name the XML binding gives it (``epc``, ``quantityElement``)."""
    name = node[0]
    if name in ("inputEPC", "outputEPC"):
        return ("epc", node[1], node[2])
    if name in ("inputQuantity", "outputQuantity", "childQuantity") or (
        name == "quantity" and node[2]
    ):
        return ("quantityElement", node[1], node[2])
    return node


def _tree(value: Any, namespaces: dict[str, str], words: dict[str, str]) -> Node:
    """A JSON value as a (name, text, children) node in the XML data model.

    Bare CBV words become their URIs (``words``); prefixed names get their namespace; each
    ``fooList`` array becomes a ``fooList`` node of ``foo`` items (``epc`` / ``quantityElement``
    where XML names them so) and ``childEPCs`` a list of ``epc``.
    """
    if isinstance(value, str):
        return ("", _qualified(words.get(value, value), namespaces, value=True), [])
    if isinstance(value, list):
        return ("", "", [_tree(v, namespaces, words) for v in value])
    if not isinstance(value, dict):
        return ("", str(value), [])
    kind = value.get("type", "")
    text = value.get("#text", "")
    kept: list[Any] = []
    lists: dict[str, list[Any]] = {}
    epcs: list[Any] = []
    for key, item in value.items():
        if key in IGNORED_KEYS:
            continue
        key = _qualified(key, namespaces)
        child = _tree(item, namespaces, words)
        nodes = [(key, c[1], c[2]) for c in child[2]] if isinstance(item, list) else [child]
        if key.endswith("List"):
            lists.setdefault(key, []).extend(_xml_name((key[:-4], n[1], n[2])) for n in nodes)
        elif key == "childEPCs":
            epcs.extend(("epc", n[1], []) for n in nodes)
        else:
            kept.extend(_xml_name((key, n[1], n[2])) for n in nodes)
    for name, items in lists.items():
        if name in TYPED_LISTS:
            kept.append((name, "", [(item[2][0], item[2][1]) for item in items]))
        else:
            kept.append((name, "", items))
    if epcs:
        kept.append(("childEPCs", "", epcs))
    return (
        words.get(kind, kind) if isinstance(kind, str) else kind,
        words.get(text, text) if isinstance(text, str) else text,
        kept,
    )


# -- the pre-hash string ---------------------------------------------------------------------------
def _ordered_child(child: Node, order: Any) -> str:
    grandchildren = _ordered(child[2], order) if order else ""
    text = ""
    if child[1]:
        text = child[1].strip()
        lowered = child[0].lower()
        if "time" in lowered and "offset" not in lowered:
            text = canonical_time(text)
        else:
            text = canonical_value(text)
        if text:
            text = "=" + text
    if text or grandchildren:
        return child[0] + text + grandchildren
    return ""


def _is_extension(name: Any) -> bool:
    return isinstance(name, str) and "{" in name and "/}" in name


@lru_cache(maxsize=64)
def _positions(order: Any) -> dict[str, tuple[int, Any]]:
    return {name: (at, sub_order) for at, (name, sub_order) in enumerate(order)}


def _ordered(children: list[Any], order: Any) -> str:
    """The ordered part of ``children``; consumes what it writes (leaves the rest in the list)."""
    # User extensions inside an ordered property come right after its ordered children; at the
    # event's own level (it has an eventTime or action) they go with the unordered rest.
    extensions = [c for c in children if _is_extension(c[0])] if len(children) > 1 else []
    if extensions and not any(
        isinstance(c[0], str) and ("eventTime" in c[0] or "action" in c[0]) for c in children
    ):
        children[:] = [c for c in children if not _is_extension(c[0])]
    else:
        extensions = []
    positions = _positions(order)
    written: dict[int, list[str]] = {}
    kept = []
    for child in children:
        place = positions.get(child[0]) if isinstance(child[0], str) else None
        if place is None:
            kept.append(child)
            continue
        text = _ordered_child(child, place[1])
        if text:
            written.setdefault(place[0], []).append(text)
        if child[2]:
            kept.append(child)
    children[:] = kept
    text = "".join("".join(sorted(written[at])) for at in sorted(written))
    if extensions:
        text += _unordered(extensions)
    return text


def _unordered(children: list[Any]) -> str:
    """Children outside the canonical order: ``name=value`` and their own children, sorted."""
    values = []
    for child in children:
        if len(child) == 2 and isinstance(child[0], tuple):
            values.append(_unordered(list(child)))
            continue
        text = child[1].strip()
        if text:
            text = "=" + canonical_value(text)
        values.append(child[0] + text + _unordered(child[2]))
    if len(children) > 1 and not any(isinstance(c[0], str) and c[0] in UNSORTED for c in children):
        values.sort()
    return "".join(values)


def prehash(
    event: dict[str, Any], namespaces: dict[str, str] | None = None, *, shortcut: bool = True
) -> str:
    """The canonical pre-hash string of one EPCIS 2.0 JSON-LD event.

    Args:
        event: the event as JSON (its ``eventID``, ``recordTime`` and ``errorDeclaration`` do not
            count).
        namespaces: the prefixes of user extensions the document's ``@context`` declares inline.
        shortcut: write events of the plain shape straight from the JSON (the same string, about
            three times faster); False always builds the tree.
    """
    expanded = _expanded_words(event)
    words = _suffixes(frozenset(expanded)) if expanded else {}
    if shortcut and not namespaces:
        fast = _plain_prehash(event, words)
        if fast is not None:
            return fast
    root = _tree(event, namespaces or {}, words)
    children = root[2]
    ordered = _ordered(children, ORDER)
    rest = _unordered([c for c in children if c[0] not in NOT_HASHED])
    return f"eventType={root[0]}{ordered}{rest}"


# -- the same string, written straight from the JSON for events of the plain shape ------------------
_TIMES = frozenset(("eventTime", "time", "startTime", "endTime"))
_EPC_LISTS = frozenset(("epcList", "inputEPCList", "childEPCs", "outputEPCList"))
_QUANTITY_LISTS = frozenset(
    ("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList")
)
_QUANTITY_KEYS = tuple(name for name, _ in _QUANTITY)
_METADATA_KEYS = tuple(name for name, _ in _SENSOR_METADATA)
_REPORT_KEYS = tuple(name for name, _ in _SENSOR_REPORT)
_ORDER_NAMES = frozenset(name for name, _ in ORDER)


class _NotPlain(Exception):
    """The event has a shape the plain writer leaves to the general one."""


def _text(value: Any, words: dict[str, str]) -> str:
    if isinstance(value, str):
        return words.get(value, value)
    if isinstance(value, dict | list):
        raise _NotPlain
    return str(value)


def _leaf(name: str, value: Any, words: dict[str, str]) -> str:
    """``name=value`` as :func:`_ordered_child` writes a node without children."""
    text = _text(value, words)
    if not text:
        return ""
    text = text.strip()
    text = canonical_time(text) if name in _TIMES else canonical_value(text)
    return f"{name}={text}" if text else ""


def _fields(item: Any, keys: tuple[str, ...], words: dict[str, str]) -> str:
    """An object of plain fields, in ``keys`` order (no other keys allowed)."""
    if not isinstance(item, dict) or not item.keys() <= set(keys):
        raise _NotPlain
    return "".join(_leaf(k, item[k], words) for k in keys if k in item)


def _plain_prehash(event: dict[str, Any], words: dict[str, str]) -> str | None:
    """The pre-hash string of an event without user extensions or nested oddities (what the
    station exports), written in one pass; None for any other event (the tree handles those)."""
    if any("{" in key for key in event):
        return None
    parts: list[str] = []
    try:
        for name, _order in ORDER:
            if name not in event:
                continue
            value = event[name]
            if name in _EPC_LISTS:
                if not isinstance(value, list):
                    return None
                epcs = sorted(x for x in (_leaf("epc", v, words) for v in value) if x)
                parts.append(name + "".join(epcs) if epcs else "")
            elif name in _QUANTITY_LISTS:
                if not isinstance(value, list):
                    return None
                items = [_fields(v, _QUANTITY_KEYS, words) for v in value]
                written = sorted("quantityElement" + x for x in items if x)
                parts.append(name + "".join(written) if written else "")
            elif name in ("readPoint", "bizLocation"):
                where = _fields(value, ("id",), words)
                parts.append(name + where if where else "")
            elif name == "sensorElementList":
                if not isinstance(value, list):
                    return None
                elements = sorted(x for x in (_sensor_element(v, words) for v in value) if x)
                parts.append(name + "".join(elements) if elements else "")
            elif name == "persistentDisposition":
                return None
            else:
                parts.append(_leaf(name, value, words))
    except _NotPlain:
        return None
    rest = {k: v for k, v in event.items() if k not in _ORDER_NAMES and k not in NOT_HASHED}
    unordered = _unordered(_tree(rest, {}, words)[2]) if rest else ""
    kind = event.get("type", "")
    kind = words.get(kind, kind) if isinstance(kind, str) else kind
    return f"eventType={kind}{''.join(parts)}{unordered}"


def _sensor_element(element: Any, words: dict[str, str]) -> str:
    if not isinstance(element, dict) or not element.keys() <= {"sensorMetadata", "sensorReport"}:
        raise _NotPlain
    text = ""
    if "sensorMetadata" in element:
        metadata = _fields(element["sensorMetadata"], _METADATA_KEYS, words)
        text = "sensorMetadata" + metadata if metadata else ""
    reports = element.get("sensorReport", [])
    if not isinstance(reports, list):
        raise _NotPlain
    written = sorted(
        "sensorReport" + x for x in (_fields(r, _REPORT_KEYS, words) for r in reports) if x
    )
    text += "".join(written)
    return "sensorElement" + text if text else ""


def event_hash(event: dict[str, Any], namespaces: dict[str, str] | None = None) -> str:
    """GS1's canonical event hash of ``event`` as ``ni:///sha-256;<hex>?ver=CBV2.0``."""
    digest = hashlib.sha256(prehash(event, namespaces).encode("utf-8")).hexdigest()
    return f"ni:///sha-256;{digest}?ver=CBV2.0"


def context_namespaces(document: dict[str, Any]) -> dict[str, str]:
    """The extension prefixes an EPCIS document's ``@context`` declares inline."""
    context = document.get("@context")
    found: dict[str, str] = {}
    for entry in context if isinstance(context, list) else []:
        if isinstance(entry, dict):
            found.update({k: v for k, v in entry.items() if isinstance(v, str)})
    return found
