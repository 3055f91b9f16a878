"""The small trend chart: hits per publication week, stacked by label, the report's week highlighted."""

from __future__ import annotations

import base64
import io

import matplotlib
from matplotlib.figure import Figure

from report.week import Week

LABEL_COLOURS = {"remote_access": "#1f4e79", "hardware_purchase": "#d08c2c"}
LABEL_NAMES = {"remote_access": "remote access", "hardware_purchase": "hardware purchase"}


def trend_chart(trend: list[tuple[Week, dict[str, int]]], image_format: str = "svg") -> bytes:
    """The chart as SVG (text drawn as paths, so no font is needed to view it) or PNG bytes."""
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "tenderwatch", "font.size": 8}):
        figure = Figure(figsize=(7.2, 1.4), dpi=150)
        axes = figure.add_subplot()
        positions = range(len(trend))
        bottom = [0] * len(trend)
        for label, colour in LABEL_COLOURS.items():
            heights = [counts[label] for _, counts in trend]
            axes.bar(positions, heights, bottom=bottom, color=colour, width=0.7, label=LABEL_NAMES[label])
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        axes.set_xticks(list(positions), [f"W{week.number:02d}" for week, _ in trend])
        axes.get_xticklabels()[-1].set_fontweight("bold")
        axes.axvspan(len(trend) - 1.45, len(trend) - 0.55, color="#fde9c4", zorder=0)
        axes.set_ylim(0, max(max(bottom), 1) * 1.4)  # headroom for the legend
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.set_ylabel("hits")
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(frameon=False, loc="upper left", ncols=2)
        figure.tight_layout(pad=0.4)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=image_format, metadata={"Date": None} if image_format == "svg" else None)
    return buffer.getvalue()


def data_uri(data: bytes, mime: str) -> str:
    """Bytes as a data: URI, for one self-contained HTML file."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
