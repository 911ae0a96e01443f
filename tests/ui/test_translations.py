"""The translations: complete for German and Spanish, in step with the code, compiled, and no
user-visible text in app/ui that bypasses Qt's translation (README "Languages")."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
BIN = Path(sys.executable).parent
LANGS = ("de", "es")
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%n")


def _messages(ts: Path) -> list[tuple[str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [
        (context.findtext("name") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_every_string_is_translated(lang: str):
    problems = []
    for context, message in _messages(I18N / f"lineside_{lang}.ts"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        kind = translation.get("type")
        if kind in ("unfinished", "vanished", "obsolete"):
            problems.append(f"{context}: {source!r} is {kind}")
            continue
        forms = (
            [f.text or "" for f in translation.iter("numerusform")]
            if message.get("numerus") == "yes"
            else [translation.text or ""]
        )
        for form in forms:
            if not form.strip():
                problems.append(f"{context}: {source!r} has an empty translation")
            elif sorted(set(PLACEHOLDER.findall(form))) != sorted(set(PLACEHOLDER.findall(source))):
                problems.append(f"{context}: {source!r} -> {form!r} names other placeholders")
    assert problems == []


def _lupdate(target: Path, lang: str, plural_only: bool = False) -> None:
    sources = sorted(str(p) for p in (ROOT / "app" / "ui").rglob("*.py"))
    args = [str(BIN / "pyside6-lupdate"), "-no-obsolete", "-locations", "none"]
    args += ["-pluralonly"] if plural_only else []
    subprocess.run(
        [*args, "-target-language", lang, *sources, "-ts", str(target)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )


@pytest.mark.parametrize("lang", [*LANGS, "en"])
def test_the_translation_files_hold_every_string_of_the_code(lang: str, tmp_path: Path):
    # lupdate over a copy: a string added to the code and not yet in the .ts shows up as new,
    # one removed from the code as gone (-no-obsolete drops it).
    committed = I18N / f"lineside_{lang}.ts"
    fresh = tmp_path / committed.name
    shutil.copy(committed, fresh)
    _lupdate(fresh, lang, plural_only=lang == "en")

    def keys(ts: Path) -> set[tuple[str, str, bool]]:
        return {
            (c, m.findtext("source") or "", m.get("numerus") == "yes") for c, m in _messages(ts)
        }

    assert keys(fresh) - keys(committed) == set(), "run packaging/translations.sh and translate"
    assert keys(committed) - keys(fresh) == set(), "run packaging/translations.sh"


@pytest.mark.parametrize("lang", [*LANGS, "en"])
def test_the_compiled_translations_are_those_of_the_ts_files(lang: str, tmp_path: Path):
    qm = tmp_path / f"lineside_{lang}.qm"
    subprocess.run(
        [
            str(BIN / "pyside6-lrelease"),
            "-silent",
            str(I18N / f"lineside_{lang}.ts"),
            "-qm",
            str(qm),
        ],
        check=True,
        capture_output=True,
    )
    assert qm.read_bytes() == (I18N / qm.name).read_bytes(), "run packaging/translations.sh"


# -- text that bypasses tr() ---------------------------------------------------------------------
#: Qt calls whose string arguments a person reads.
TEXT_CALLS = {
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QToolButton",
    "QAction",
    "QListWidgetItem",
    "QTableWidgetItem",
    "QStandardItem",
    "setText",
    "setToolTip",
    "setPlaceholderText",
    "setWindowTitle",
    "setTitle",
    "setStatusTip",
    "setInformativeText",
    "setHorizontalHeaderLabels",
    "setVerticalHeaderLabels",
    "setHeaderLabels",
    "addTab",
    "addItem",
    "addItems",
    "addRow",
    "addButton",
    "showMessage",
    "setSpecialValueText",
    "setSuffix",
    "setPrefix",
    # Lineside's own helpers that put text on screen (app/ui/supervisor/common.py and the like).
    "heading",
    "section",
    "BannerLabel",
    "set_message",
    "show_message",
    "show_problem",
}
#: Calls whose other arguments are codes, not text (a tone, a state): only these positions count.
TEXT_POSITIONS = {"set_message": (0,), "BannerLabel": (0,), "show_message": (1, 2)}
#: QMessageBox's static dialogs (not a logger's ``warning``).
MESSAGE_BOX_CALLS = {"information", "warning", "critical", "question"}
WORD = re.compile(r"[A-Za-z]{2,}")


def _literal_words(node: ast.AST) -> bool:
    """Whether ``node`` is a string (or f-string, or list of them) with words in it, not a call."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORD.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_literal_words(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.List | ast.Tuple):
        return any(_literal_words(e) for e in node.elts)
    if isinstance(node, ast.BinOp):
        return _literal_words(node.left) or _literal_words(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_words(node.body) or _literal_words(node.orelse)
    return False


def unmarked_texts(path: Path) -> list[str]:
    """``file:line: call`` for each literal with words handed straight to a Qt text call."""
    found = []
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        box = isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "QMessageBox"
        if name not in TEXT_CALLS and not (box and name in MESSAGE_BOX_CALLS):
            continue
        positions = TEXT_POSITIONS.get(name, range(len(node.args)))
        for arg in (a for i, a in enumerate(node.args) if i in positions):
            if _literal_words(arg):
                found.append(f"{where}:{node.lineno}: {name}")
    return found


#: Modules not yet converted (empty: every module of app/ui is checked).
PENDING: set[str] = set()


def test_no_text_reaches_a_widget_without_translation():
    found = []
    for path in sorted((ROOT / "app" / "ui").rglob("*.py")):
        if path.relative_to(ROOT).as_posix() not in PENDING:
            found += unmarked_texts(path)
    assert found == []


def test_the_check_sees_an_unmarked_label(tmp_path: Path):
    sample = tmp_path / "screen.py"
    sample.write_text(
        'label = QLabel("Scan the unit")\n'
        'button.setText(f"Unit {serial}")\n'
        'ok = QLabel(self.tr("Scan the unit"))\n'
        'box.setToolTip(self.tr("a") + " more words")\n',
        encoding="utf-8",
    )
    assert [line.split(":")[1] for line in unmarked_texts(sample)] == ["1", "2", "4"]
