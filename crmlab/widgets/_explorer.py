"""The :class:`Explorer` every interactive explorer returns, and the controls they share."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Mapping

import ipywidgets as widgets
from matplotlib.figure import Figure

from crmlab.i18n import get_language, message

_STYLE = {"description_width": "initial"}


def _escape(text: str) -> str:
    """Escape text for HTML, leaving quotes readable in ``result.value``."""
    return html.escape(text, quote=False)


def _money(x: float) -> str:
    return f"{x:,.2f}"


def _term_name(term) -> str:
    """A glossary term's name in the course language."""
    return term.zh if get_language() == "zh" else term.en


def _slider(value, low, high, step, description, fmt=".2f") -> widgets.FloatSlider:
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=False,
        style=_STYLE,
        layout=widgets.Layout(width="420px"),
    )


def _int_slider(value, low, high, description) -> widgets.IntSlider:
    return widgets.IntSlider(
        value=value,
        min=low,
        max=high,
        description=description,
        continuous_update=False,
        style=_STYLE,
        layout=widgets.Layout(width="420px"),
    )


def _number(value, description) -> widgets.FloatText:
    return widgets.FloatText(
        value=value, description=description, style=_STYLE, layout=widgets.Layout(width="300px")
    )


class Explorer(widgets.VBox):
    """A VBox of controls, a text result and an optional chart, kept up to date.

    Parameters
    ----------
    title : str
        Heading shown above the controls.
    controls : dict of str -> ipywidgets widget
        The controls; every change of a ``value`` recomputes.
    compute : callable
        ``compute(inputs) -> (values, text_html, draw)`` where ``inputs`` maps
        control names to their current values, ``values`` is the dict of
        numbers, ``text_html`` the result text (HTML) and ``draw`` either None
        or a function that draws the chart into a given matplotlib Axes. A
        ``ValueError`` or ``TypeError`` raised by ``compute`` (e.g. from a
        crmlab validator) is shown as a friendly message.
    layout_controls : ipywidgets widget, optional
        How to arrange the controls; by default one under the other.
    chart : bool, default True
        Whether the explorer has a chart.
    figsize : tuple, default (6.4, 3.8)
        Size of the chart in inches.
    complements : tuple of (str, str) pairs, optional
        Pairs of controls kept summing to 1 (e.g. churn and retention rate):
        moving one sets the other to 1 minus it.

    Attributes
    ----------
    controls, result, computed, error, chart, figure
        See the module docstring.
    """

    def __init__(
        self,
        title: str,
        controls: Mapping[str, widgets.Widget],
        compute: Callable,
        *,
        layout_controls: widgets.Widget | None = None,
        chart: bool = True,
        figsize: tuple[float, float] = (6.4, 3.8),
        complements: tuple[tuple[str, str], ...] = (),
    ):
        self.controls = dict(controls)
        self.result = widgets.HTML()
        self.chart = widgets.Output() if chart else None
        self.figure: Figure | None = None
        self.computed: dict = {}
        self.error: str | None = None
        self._compute = compute
        self._figsize = figsize
        self._paused = False
        body = layout_controls or widgets.VBox(list(self.controls.values()))
        children = [widgets.HTML(f"<h4>{_escape(title)}</h4>"), body, self.result]
        if self.chart is not None:
            children.append(self.chart)
        super().__init__(children)
        # Registered first so that a linked control is updated before the recomputation.
        for first, second in complements:
            self.controls[first].observe(self._complement(second), names="value")
            self.controls[second].observe(self._complement(first), names="value")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    def _complement(self, other: str) -> Callable:
        def sync(change) -> None:
            target = self.controls[other]
            new = round(1.0 - change["new"], 10)
            if target.value != new:
                paused, self._paused = self._paused, True
                try:
                    target.value = new
                finally:
                    self._paused = paused

        return sync

    def _on_change(self, _change=None) -> None:
        if not self._paused:
            self.refresh()

    def refresh(self) -> None:
        """Recompute the result (and chart) from the current control values."""
        inputs = {name: control.value for name, control in self.controls.items()}
        try:
            values, text, draw = self._compute(inputs)
        except (ValueError, TypeError, ZeroDivisionError) as exc:
            self.computed = {}
            self.error = str(exc)
            self.result.value = (
                f'<div style="color:#b00020"><b>{_escape(message("widgets.check_inputs"))}</b> '
                f"{_escape(self.error)}</div>"
            )
            self._show(None)
            return
        self.computed = values
        self.error = None
        self.result.value = text
        self._show(draw)

    def set_values(self, **values) -> None:
        """Set several controls at once and recompute only once."""
        unknown = [name for name in values if name not in self.controls]
        if unknown:
            raise KeyError(
                message(
                    "widgets.no_control_s_unknown_the",
                    unknown=", ".join(map(repr, unknown)),
                    controls=", ".join(map(repr, self.controls)),
                )
            )
        paused, self._paused = self._paused, True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._paused = paused
        self.refresh()

    def _show(self, draw) -> None:
        if self.chart is None:
            return
        if draw is None:
            self.figure = None
            self.chart.outputs = ()
            return
        figure = Figure(figsize=self._figsize, layout="constrained")
        draw(figure.add_subplot())
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=90)
        self.figure = figure
        # Set the output directly (a display_data message), which needs no
        # running kernel and leaves no figure open in pyplot.
        self.chart.outputs = (
            {
                "output_type": "display_data",
                "data": {
                    "image/png": base64.b64encode(buffer.getvalue()).decode("ascii"),
                    "text/plain": "<crmlab chart>",
                },
                "metadata": {},
            },
        )
