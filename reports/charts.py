"""Server-rendered bar charts (SVG) for the admin reports: no JavaScript, no network, no chart library.

`bar_chart()` only computes the geometry; `reports/admin/bar_chart.html` draws it. The SVG is an image
with a title and a description (`role="img"`, `aria-labelledby`); the template that includes it puts
a table with the same numbers beside it, for screen readers and for anyone who would rather read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 640
FONT_SIZE = 13
CHAR_WIDTH = 7.2  # average width of a character at FONT_SIZE, to size the label column
BAR_HEIGHT = 16
BAR_GAP = 3  # between the bars of one category
GROUP_GAP = 12  # between categories
LEGEND_HEIGHT = 28
AXIS_HEIGHT = 26
VALUE_ROOM = 56  # right of the plot, for the value after the longest bar
MAX_LABEL_WIDTH = 320
# Fill colours with at least 3:1 contrast on a white and on a dark admin background (WCAG 1.4.11);
# the second series is hatched as well, so it does not depend on colour alone.
COLOURS = ("#3a7bd5", "#d9622b", "#2f8f5b", "#8a5cc2")


@dataclass(frozen=True)
class Series:
    label: str
    values: list[int]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: int
    colour: str
    hatched: bool
    tooltip: str
    value_x: float
    value_y: float


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class CategoryLabel:
    label: str
    y: float


@dataclass(frozen=True)
class LegendItem:
    label: str
    series: int
    colour: str
    hatched: bool
    x: float
    text_x: float


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    description: str
    width: int
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    legend_y: float
    legend_box_y: float
    label_x: float
    axis_y: float
    bars: list[Bar]
    ticks: list[Tick]
    categories: list[CategoryLabel]
    legend: list[LegendItem]


def nice_step(maximum: int, *, steps: int = 4) -> int:
    """A round step (1, 2 or 5 times a power of ten) so that about `steps` steps reach `maximum`."""
    if maximum <= steps:
        return 1
    raw = maximum / steps
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def bar_chart(*, chart_id: str, title: str, description: str, categories: list[str], series: list[Series]) -> Chart:
    """A horizontal bar chart: one row per category (a month, a group of buildings), one bar per series."""
    if any(len(s.values) != len(categories) for s in series):
        raise ValueError("every series needs one value per category")
    label_width = min(MAX_LABEL_WIDTH, 8 + CHAR_WIDTH * max((len(c) for c in categories), default=0))
    plot_left = label_width + 8
    plot_right = WIDTH - VALUE_ROOM
    legend_y = LEGEND_HEIGHT / 2 + 4
    plot_top = LEGEND_HEIGHT + 6
    maximum = max((v for s in series for v in s.values), default=0)
    step = nice_step(maximum)
    top = max(step, math.ceil(maximum / step) * step)
    scale = (plot_right - plot_left) / top
    group_height = len(series) * BAR_HEIGHT + (len(series) - 1) * BAR_GAP

    bars, labels = [], []
    y = plot_top + GROUP_GAP / 2
    for index, category in enumerate(categories):
        labels.append(CategoryLabel(label=category, y=y + group_height / 2 + FONT_SIZE / 2 - 2))
        for number, serie in enumerate(series):
            value = serie.values[index]
            bar_y = y + number * (BAR_HEIGHT + BAR_GAP)
            width = value * scale
            bars.append(
                Bar(
                    x=plot_left,
                    y=bar_y,
                    width=round(width, 1),
                    height=BAR_HEIGHT,
                    value=value,
                    series=number,
                    colour=COLOURS[number % len(COLOURS)],
                    hatched=number % 2 == 1,
                    tooltip=f"{category}, {serie.label}: {value}",
                    value_x=round(plot_left + width + 4, 1),
                    value_y=bar_y + BAR_HEIGHT / 2 + FONT_SIZE / 2 - 2,
                )
            )
        y += group_height + GROUP_GAP
    plot_bottom = y - GROUP_GAP / 2
    ticks = [Tick(x=round(plot_left + value * scale, 1), label=str(value)) for value in range(0, top + 1, step)]

    legend, x = [], plot_left
    for number, serie in enumerate(series):
        legend.append(
            LegendItem(
                label=serie.label,
                series=number,
                colour=COLOURS[number % len(COLOURS)],
                hatched=number % 2 == 1,
                x=x,
                text_x=x + 20,
            )
        )
        x += 20 + CHAR_WIDTH * len(serie.label) + 24

    return Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=plot_bottom + AXIS_HEIGHT,
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        legend_y=legend_y,
        legend_box_y=legend_y - 11,
        label_x=plot_left - 8,
        axis_y=plot_bottom + AXIS_HEIGHT - 8,
        bars=bars,
        ticks=ticks,
        categories=labels,
        legend=legend,
    )
