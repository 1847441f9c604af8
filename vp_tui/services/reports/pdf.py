"""PDF copies of written reports, made by LibreOffice (`soffice --headless --convert-to pdf`).

LibreOffice is optional: without it the caller is told how to install it, before anything is
written. Each run uses a fresh LibreOffice profile in a temporary folder, so it neither waits
for nor disturbs a LibreOffice the user has open, and many files convert in one run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from vp_tui.errors import ValidationError
from vp_tui.i18n import _

#: A report converts in seconds; a hung LibreOffice must not hang the command.
SECONDS_PER_FILE = 60
PROGRAMS = ("soffice", "libreoffice")


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_soffice() -> str:
    program = soffice()
    if program is None:
        raise ValidationError(_(
            "Voor --pdf is LibreOffice nodig, en dat is hier niet geïnstalleerd. Installeer "
            "het (Debian/Ubuntu: 'sudo apt install libreoffice-writer-nogui'; elders: "
            "https://www.libreoffice.org) of maak de PDF in Word."), "pdf")
    return program


def to_pdf(documents: Sequence[Path]) -> list[Path]:
    """Write 'x.pdf' beside every 'x.docx' (0600); returns the PDFs in the same order."""
    from vp_tui.files import make_private

    if not documents:
        return []
    program = require_soffice()
    with tempfile.TemporaryDirectory(prefix="vp-tui-pdf-") as tmp:
        work = Path(tmp)
        outdir = work / "out"
        outdir.mkdir()
        # Two files of the same name in different folders: convert each from its own link.
        sources = []
        for n, document in enumerate(documents):
            link = work / f"{n}-{document.name}"
            os.symlink(document.resolve(), link)
            sources.append(link)
        try:
            result = subprocess.run(
                [program, f"-env:UserInstallation={(work / 'profile').as_uri()}",
                 "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(outdir),
                 *map(str, sources)],
                capture_output=True, text=True,
                timeout=SECONDS_PER_FILE * (len(documents) + 1), check=False)
        except subprocess.TimeoutExpired as exc:
            raise ValidationError(_("LibreOffice antwoordde niet op tijd; er is geen PDF "
                                    "gemaakt."), "pdf") from exc
        out = []
        for source, document in zip(sources, documents, strict=True):
            made = outdir / f"{source.stem}.pdf"
            if not made.is_file():
                reason = (result.stderr or result.stdout).strip().splitlines()
                raise ValidationError(
                    _("LibreOffice maakte geen PDF van {name}{reason}.").format(
                        name=document.name,
                        reason=f": {reason[-1]}" if reason else ""), "pdf")
            target = document.with_suffix(".pdf")
            make_private(made)
            shutil.move(str(made), target)
            out.append(target.resolve())
        return out
