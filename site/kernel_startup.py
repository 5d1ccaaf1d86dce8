"""IPython start-up file of the site build's kernels: charts carry their titles.

scripts/build_site.py installs it in the build's own IPython profile. Every PNG
that matplotlib draws gets a ``Description`` text chunk naming the figure's
titles (or its axis labels), which the site uses as the image's alt text. The
notebooks themselves are run unchanged.
"""

import matplotlib.backend_bases as _backend_bases

_print_figure = _backend_bases.FigureCanvasBase.print_figure


def _describe(figure) -> str:
    import crmlab  # the notebooks import it first: this reads the language they set

    chinese = crmlab.get_language() == "zh"
    parts = []
    if getattr(figure, "_suptitle", None) is not None and figure._suptitle.get_text():
        parts.append(figure._suptitle.get_text())
    for ax in figure.get_axes():
        titles = [ax.get_title(loc) for loc in ("left", "center", "right")]
        title = " ".join(t for t in titles if t)
        if not title:
            labels = [label for label in (ax.get_ylabel(), ax.get_xlabel()) if label]
            title = ("与" if chinese else " by ").join(labels)
        if title and title not in parts:
            parts.append(title)
    if not parts:
        return ""
    return ("图表：" if chinese else "Chart: ") + ("；" if chinese else "; ").join(parts)


def _print_figure_with_description(self, filename, *args, **kwargs):
    if str(kwargs.get("format", "")).lower() == "png" and "metadata" not in kwargs:
        description = _describe(self.figure)
        if description:
            kwargs["metadata"] = {"Description": description}
    return _print_figure(self, filename, *args, **kwargs)


_backend_bases.FigureCanvasBase.print_figure = _print_figure_with_description
