"""The TrueType fonts of the printed labels: found on the machine, registered with ReportLab.

PDF's built-in fonts have no Vietnamese letters ("Nước mắm" would print as boxes), so a TrueType
font is embedded. Debian's fonts-noto-core (Noto Sans) or fonts-dejavu-core (DejaVu Sans) have them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "OcopLabel"
BOLD = "OcopLabel-Bold"
SVG_FAMILY = "'Noto Sans', 'DejaVu Sans', Arial, sans-serif"


class LabelFontMissing(RuntimeError):
    """No usable font: labels cannot be printed with Vietnamese letters."""


@dataclass(frozen=True)
class LabelFonts:
    regular: str
    bold: str
    regular_path: Path
    bold_path: Path

    def width_mm(self, text: str, size_mm: float, *, bold: bool = False) -> float:
        """The width of ``text`` in this font at ``size_mm`` (the em size, in millimetres)."""
        return pdfmetrics.stringWidth(text, self.bold if bold else self.regular, size_mm)


def _bold_of(regular: Path) -> Path:
    """NotoSans-Regular.ttf → NotoSans-Bold.ttf; DejaVuSans.ttf → DejaVuSans-Bold.ttf."""
    if "-Regular" in regular.name:
        return regular.with_name(regular.name.replace("-Regular", "-Bold"))
    return regular.with_name(f"{regular.stem}-Bold{regular.suffix}")


def label_fonts() -> LabelFonts:
    return _register(tuple(settings.LABEL_FONT_PATHS))


@cache
def _register(candidates: tuple[str, ...]) -> LabelFonts:
    for candidate in candidates:
        regular = Path(candidate)
        if not regular.is_file():
            continue
        bold = _bold_of(regular)
        bold = bold if bold.is_file() else regular
        suffix = f"-{abs(hash(candidates)) % 10_000}"  # a name per font set (tests switch sets)
        pdfmetrics.registerFont(TTFont(REGULAR + suffix, str(regular)))
        pdfmetrics.registerFont(TTFont(BOLD + suffix, str(bold)))
        return LabelFonts(REGULAR + suffix, BOLD + suffix, regular, bold)
    raise LabelFontMissing(
        "No font with Vietnamese letters for the labels: none of "
        f"{', '.join(candidates) or '(no path)'} exists. Install Debian's fonts-noto-core or "
        "fonts-dejavu-core (apt-get install fonts-noto-core), or set LABEL_FONT_PATHS to a "
        "TrueType font (.ttf) that has Vietnamese letters."
    )
