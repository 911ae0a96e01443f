"""Printing and "Save as PDF" of review documents (shift log, record detail, recall list).

A document is HTML (built on a worker from the core's query results, or from what a dialog
shows) laid out by ``QTextDocument``: the Qt print dialog sends it to a printer, ``save_pdf``
writes it through ``QPrinter``'s PDF format. Tables wrap long cells instead of overlapping.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMarginsF, QObject, QUrl, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton, QWidget

from app.ui.context import StationContext, TaskError

STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 8pt; color: #111; }
h1 { font-size: 14pt; margin: 0 0 4px 0; }
h2 { font-size: 10pt; margin: 10px 0 4px 0; }
p.facts { color: #333; margin: 0 0 6px 0; }
table { border-collapse: collapse; }
th { background: #1f3a5f; color: white; text-align: left; padding: 2px 4px; }
td { padding: 2px 4px; border-bottom: 1px solid #c5ccd6; }
"""


@dataclass
class Document:
    """A printable document: a title, lines of facts, sections of text, tables or images."""

    title: str
    facts: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # HTML fragments, in order
    images: dict[str, QImage] = field(default_factory=dict)

    def heading(self, text: str) -> None:
        """A section heading."""
        self.parts.append(f"<h2>{html.escape(text)}</h2>")

    def text(self, text: str) -> None:
        """A paragraph (line breaks kept)."""
        self.parts.append(f"<p>{html.escape(text).replace(chr(10), '<br/>')}</p>")

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """A table of ``rows`` under ``headers``; long cells wrap within the page."""
        head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
        body = "".join(
            "<tr>"
            + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row)
            + "</tr>"
            for row in rows
        )
        self.parts.append(
            f'<table width="100%" cellspacing="0"><thead><tr>{head}</tr></thead>{body}</table>'
        )

    def image(self, name: str, image: QImage, width_px: int = 900) -> None:
        """A picture (a plot) scaled to ``width_px`` of the page's text width."""
        self.images[name] = image
        self.parts.append(f'<p><img src="{html.escape(name)}" width="{width_px}"/></p>')

    def html(self) -> str:
        """The whole document as HTML."""
        facts = "".join(f"{html.escape(f)}<br/>" for f in self.facts)
        return (
            f"<html><head><style>{STYLE}</style></head><body>"
            f"<h1>{html.escape(self.title)}</h1><p class='facts'>{facts}</p>"
            + "".join(self.parts)
            + "</body></html>"
        )

    def text_document(self) -> QTextDocument:
        """The laid-out document (GUI thread: it uses fonts)."""
        doc = QTextDocument()
        for name, image in self.images.items():
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        doc.setHtml(self.html())
        return doc


def _page(printer: QPrinter, title: str) -> None:
    printer.setDocName(title)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )
    )


def render(document: Document, printer: QPrinter) -> None:
    """Lays ``document`` out on ``printer``'s pages and prints it."""
    _page(printer, document.title)
    document.text_document().print_(printer)


def save_pdf(document: Document, path: str | Path) -> str:
    """Writes ``document`` as a landscape A4 PDF at ``path``; returns the path."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setCreator("Lineside")
    render(document, printer)
    return str(path)


class PrintActions(QObject):
    """A "Print…" and a "Save as PDF…" button for one screen's document.

    ``build`` makes the document's data off the GUI thread (a query); ``compose`` turns it into
    a :class:`Document` on the GUI thread. ``report(text, tone)`` shows progress and errors.
    """

    printed = Signal()
    saved = Signal(str)  # the PDF's path

    def __init__(
        self,
        parent: QWidget,
        context: StationContext,
        compose: Callable[[Any], Document],
        report: Callable[[str, str], None],
        *,
        build: Callable[[], Any] | None = None,
        file_name: Callable[[], str] = lambda: "lineside.pdf",
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._context = context
        self._build = build
        self._compose = compose
        self._report = report
        self._file_name = file_name
        self.print_button = QPushButton(self.tr("Print…"))
        self.pdf_button = QPushButton(self.tr("Save as PDF…"))
        self.print_button.clicked.connect(self._on_print_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_clicked)

    def set_enabled(self, enabled: bool) -> None:
        """Enables both buttons (when there is something to print)."""
        self.print_button.setEnabled(enabled)
        self.pdf_button.setEnabled(enabled)

    def _with_data(self, then: Callable[[Any], None]) -> None:
        if self._build is None:
            then(None)
            return
        self._report(self.tr("Preparing the document…"), "info")
        self._context.run_task(self._build, then, self._on_failed)

    def print_document(self) -> None:
        """Opens the Qt print dialog and prints the document to the printer chosen."""
        self._with_data(self._on_data_for_print)

    def _on_data_for_print(self, data: Any) -> None:
        document = self._compose(data)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        _page(printer, document.title)
        dialog = QPrintDialog(printer, self._parent)
        dialog.setWindowTitle(self.tr("Print {title}").format(title=document.title))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            self._report("", "info")
            return
        render(document, printer)
        self._report(self.tr("Sent to the printer: {title}").format(title=document.title), "ok")
        self.printed.emit()

    def save(self, path: str | Path) -> None:
        """Writes the document as a PDF at ``path``."""
        self._with_data(lambda data: self._on_data_for_pdf(data, str(path)))

    def _on_data_for_pdf(self, data: Any, path: str) -> None:
        try:
            save_pdf(self._compose(data), path)
        except OSError as exc:  # a full disk or a folder without write access
            self._report(
                self.tr("Could not write {path}: {error}. Choose another folder.").format(
                    path=path, error=exc.strerror or exc
                ),
                "bad",
            )
            return
        if not Path(path).is_file():
            self._report(
                self.tr("Could not write {path}: choose a folder you may write to.").format(
                    path=path
                ),
                "bad",
            )
            return
        self._report(self.tr("Saved {path}").format(path=path), "ok")
        self.saved.emit(path)

    def _on_print_clicked(self) -> None:
        self.print_document()

    def _on_pdf_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self._parent,
            self.tr("Save as PDF"),
            self._file_name(),
            QCoreApplication.translate("PrintActions", "PDF (*.pdf)"),
        )
        if path:
            self.save(path if path.lower().endswith(".pdf") else path + ".pdf")

    def _on_failed(self, error: TaskError) -> None:
        self._report(error.message, "bad")
