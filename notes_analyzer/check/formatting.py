"""How figures, dates and moves are written in evidence sentences."""

from __future__ import annotations

from datetime import date

__all__ = ["fmt_change", "fmt_date", "fmt_level", "fmt_quantity", "fmt_signed"]


def fmt_date(day: date) -> str:
    return day.isoformat()


def fmt_level(value: float, unit: str | None = None) -> str:
    """2481.91 → '2,481.91'; a rate in percent → '3.75%'; usd → '$78,335.19'."""
    if unit == "percent":
        return f"{value:,.2f}%"
    if unit == "usd":
        return f"${value:,.2f}"
    return f"{value:,.2f}"


def fmt_signed(value: float, unit: str = "percent", decimals: int = 1) -> str:
    """A signed move: +6.1%, -12 bp, +0.25 pp, +151.2 points."""
    suffix = {"percent": "%", "bp": " bp", "pp": " pp", "points": " points", "usd": " USD", "number": ""}.get(
        unit, f" {unit}")
    if unit in ("bp", "number"):
        decimals = 0
    return f"{value:+,.{decimals}f}{suffix}"


def fmt_change(value: float, unit: str = "percent", decimals: int = 1) -> str:
    """A move at the precision writers use (one decimal; more when the note's figure has more)."""
    return fmt_signed(value, unit, decimals)


def fmt_quantity(value: float, unit: str) -> str:
    """A claimed figure as the note gives it (unsigned for moves, with its unit)."""
    text = f"{value:,.{_decimals(value)}f}"
    return {"percent": f"{text}%", "bp": f"{text} bp", "pp": f"{text} pp", "usd": f"${text}"}.get(unit, text)


def _decimals(value: float) -> int:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0
