"""Sphinx extension of the course website: what MyST-NB and the theme leave to us.

- Search: English pages carry Chinese terms (客户流失率). The English splitter
  keeps a run of Chinese characters as one word, so "流失" would not find it;
  :class:`SearchEnglishCJK` cuts Chinese runs into overlapping character pairs
  (客户, 户流, 流失, 失率) in the index and in the query, so any Chinese query
  of two or more characters finds the pages that contain it. No segmenter
  package (jieba) is needed.
- Widgets: MyST-NB embeds the saved widget state but draws it with
  @jupyter-widgets/html-manager from a CDN, which an offline reader cannot
  load. We draw the initial state as static HTML (disabled controls with their
  values, the HTML and plot outputs) with a note that the widget comes alive
  in JupyterLab, and load no widget scripts.
- Charts: every notebook image gets alt text, from the figure's titles that
  the build kernel stores in the PNG (site/kernel_startup.py), else from the
  section it appears in.
- MathJax 2 is copied from the jupyter-server-mathjax package into
  ``_static/mathjax``, so formulas render offline.
- Languages: the same configuration builds the English site and, with
  CRMLAB_SITE_LANGUAGE=zh, the Chinese one in html/zh. Every page gets a
  language switch (site/_templates/language-switch.html) to the same page in
  the other language, or to its landing page where there is no such page; the
  widget note and fallback alt texts follow the page's language.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import shutil
from base64 import b64decode
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from sphinx.search.en import SearchEnglish

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = {
    "en": (
        "Interactive in JupyterLab: this is the widget's starting state. Open the notebook "
        "with <code>make lab</code> and run it to move the controls."
    ),
    "zh": (
        "在 JupyterLab 中可以交互：这里显示的是控件的初始状态。用 <code>make lab</code> "
        "打开笔记本并运行，即可拖动控件。"
    ),
}
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CJK_SPLIT = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")
_VIEW_SCRIPT = re.compile(
    rf'<script type="{re.escape(WIDGET_VIEW)}">(.*?)</script>', re.DOTALL | re.IGNORECASE
)


# --------------------------------------------------------------------------- search


class SearchEnglishCJK(SearchEnglish):
    """English search in which Chinese text is indexed and queried as two-character words.

    Chinese has no spaces, so the English splitter would keep 客户流失率 as one
    word that no shorter query finds. Pages and queries are both cut into
    overlapping pairs (流失率 -> 流失, 失率), and a page matches a query when it
    has every pair, as bigram indexes of CJK text do.
    """

    js_splitter_code = """
function splitQuery(query) {
  const cjk = /([\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]+)/u;
  const words = [];
  for (const word of query.split(/[^\\p{Letter}\\p{Number}_\\p{Emoji_Presentation}]+/gu)) {
    for (const part of word.split(cjk)) {
      if (!part) continue;
      if (cjk.test(part) && part.length > 1) {
        for (let i = 0; i + 1 < part.length; i++) words.push(part.slice(i, i + 2));
      } else {
        words.push(part);
      }
    }
  }
  return words;
}
"""

    def split(self, input: str) -> list[str]:
        return [word for token in super().split(input) for word in cjk_pairs(token)]


def cjk_pairs(token: str) -> list[str]:
    """A word with its Chinese runs cut into overlapping character pairs.

    >>> cjk_pairs("CRM概念三角形")
    ['CRM', '概念', '念三', '三角', '角形']
    """
    words = []
    for part in _CJK_SPLIT.split(token):
        if not part:
            continue
        if _CJK_RUN.fullmatch(part) and len(part) > 1:
            words.extend(part[i : i + 2] for i in range(len(part) - 1))
        else:
            words.append(part)
    return words


# --------------------------------------------------------------------------- alt text


def png_description(data: bytes) -> str:
    """The ``Description`` text chunk of a PNG ('' when it has none)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            return str(getattr(image, "text", {}).get("Description", "")).strip()
    except OSError:
        return ""


def _section_title(node: nodes.Node) -> str:
    while node is not None:
        if isinstance(node, nodes.section) and node.children:
            return node[0].astext().strip()
        node = node.parent
    return ""


def site_language() -> str:
    """The language of the site being built: ``"en"``, or ``"zh"`` for html/zh."""
    return "zh" if os.environ.get("CRMLAB_SITE_LANGUAGE") == "zh" else "en"


def _fallback_alt(node: nodes.Node, docname: str, env) -> str:
    section = _section_title(node) or env.titles.get(docname, nodes.Text("")).astext()
    if site_language() == "zh":
        return f"“{section}”一节中的图表" if section else "图表"
    return f"Chart in the section “{section}”" if section else "Chart"


def _image_file(app, image: nodes.image) -> Path | None:
    """The PNG file of an image node, wherever Sphinx's image collector has put its path."""
    # The collector rewrites ``uri`` relative to the source folder and keeps the
    # original (MyST-NB's "/../jupyter_execute/<hash>.png") in ``candidates``.
    for uri in (image.get("candidates", {}).get("*"), image.get("uri")):
        if not uri or not str(uri).lower().endswith(".png"):
            continue
        path = (Path(app.srcdir) / str(uri).lstrip("/")).resolve()
        if path.is_file():
            return path
    return None


def add_alt_text(app, doctree: nodes.document) -> None:
    env = app.env
    for image in doctree.findall(nodes.image):
        if image.get("alt"):
            continue
        path = _image_file(app, image)
        description = png_description(path.read_bytes()) if path else ""
        image["alt"] = description or _fallback_alt(image, env.docname, env)


# --------------------------------------------------------------------------- widgets


class StaticWidgets:
    """Draws widgets as static HTML from a notebook's saved widget state."""

    BOXES: ClassVar[dict[str, str]] = {
        "VBoxModel": "vbox",
        "HBoxModel": "hbox",
        "BoxModel": "vbox",
        "GridBoxModel": "hbox",
    }
    SLIDERS: ClassVar[set[str]] = {"IntSliderModel", "FloatSliderModel", "FloatLogSliderModel"}
    TEXTS: ClassVar[set[str]] = {
        "IntTextModel",
        "FloatTextModel",
        "BoundedIntTextModel",
        "BoundedFloatTextModel",
        "TextModel",
        "TextareaModel",
    }
    CHOICES: ClassVar[set[str]] = {
        "DropdownModel",
        "RadioButtonsModel",
        "ToggleButtonsModel",
        "SelectModel",
    }

    def __init__(self, state: dict, fallback_alt: str):
        self.models = state.get("state", {})
        self.fallback_alt = fallback_alt

    def _model(self, ref: str) -> dict:
        return self.models.get(str(ref).removeprefix("IPY_MODEL_"), {})

    def _hidden(self, state: dict) -> bool:
        layout = self._model(state.get("layout", "")).get("state", {})
        return layout.get("display") == "none" or layout.get("visibility") == "hidden"

    @staticmethod
    def _label(state: dict) -> str:
        text = state.get("description", "")
        return f'<label class="crmlab-w-label">{html.escape(text)}</label>' if text else ""

    @staticmethod
    def _readout(state: dict) -> str:
        value = state.get("value")
        fmt = state.get("readout_format", "")
        try:
            return format(value, fmt)
        except (TypeError, ValueError):
            return str(value)

    def render(self, model_id: str) -> str:
        model = self._model(model_id)
        name, state = model.get("model_name", ""), model.get("state", {})
        if not model or self._hidden(state):
            return ""
        if name in self.BOXES:
            children = "".join(self.render(child) for child in state.get("children", []))
            return f'<div class="crmlab-w-{self.BOXES[name]}">{children}</div>'
        if name in {"HTMLModel", "HTMLMathModel"}:
            return f'<div class="crmlab-w-html">{self._label(state)}{state.get("value", "")}</div>'
        if name == "LabelModel":
            return f'<span class="crmlab-w-html">{html.escape(str(state.get("value", "")))}</span>'
        if name in self.SLIDERS:
            value = html.escape(self._readout(state))
            return (
                f'<div class="crmlab-w-row">{self._label(state)}'
                f'<input type="range" disabled min="{state.get("min", 0)}" max="{state.get("max", 100)}"'
                f' step="{state.get("step", 1)}" value="{state.get("value", 0)}"'
                f' aria-label="{html.escape(state.get("description", ""))}">'
                f'<span class="crmlab-w-readout">{value}</span></div>'
            )
        if name in self.TEXTS:
            return (
                f'<div class="crmlab-w-row">{self._label(state)}<input type="text" disabled'
                f' value="{html.escape(str(state.get("value", "")))}"'
                f' aria-label="{html.escape(state.get("description", ""))}"></div>'
            )
        if name in self.CHOICES:
            labels = state.get("_options_labels", [])
            index = state.get("index")
            options = "".join(
                f"<option{' selected' if i == index else ''}>{html.escape(str(text))}</option>"
                for i, text in enumerate(labels)
            )
            return (
                f'<div class="crmlab-w-row">{self._label(state)}<select disabled'
                f' aria-label="{html.escape(state.get("description", ""))}">{options}</select></div>'
            )
        if name == "CheckboxModel":
            checked = " checked" if state.get("value") else ""
            return (
                f'<div class="crmlab-w-row"><label class="crmlab-w-label"><input type="checkbox"'
                f" disabled{checked}> {html.escape(state.get('description', ''))}</label></div>"
            )
        if name == "ButtonModel":
            return f"<button disabled>{html.escape(state.get('description', ''))}</button>"
        if name == "OutputModel":
            return self._outputs(state.get("outputs", []))
        return ""

    def _outputs(self, outputs: list[dict]) -> str:
        parts = []
        for output in outputs:
            if output.get("output_type") == "stream":
                parts.append(f"<pre>{html.escape(''.join(output.get('text', '')))}</pre>")
                continue
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                parts.append(self.render(data[WIDGET_VIEW].get("model_id", "")))
            elif "image/png" in data:
                png = "".join(data["image/png"]).replace("\n", "")
                alt = png_description(b64decode(png)) or self.fallback_alt
                parts.append(
                    f'<img class="crmlab-w-image" src="data:image/png;base64,{png}"'
                    f' alt="{html.escape(alt)}">'
                )
            elif "text/html" in data:
                parts.append("".join(data["text/html"]))
            elif "text/plain" in data:
                parts.append(f"<pre>{html.escape(''.join(data['text/plain']))}</pre>")
        return f'<div class="crmlab-w-output">{"".join(parts)}</div>'


def _widget_state(env, docname: str) -> dict:
    js_files = getattr(env, "nb_metadata", {}).get(docname, {}).get("js_files", {})
    entry = js_files.get("ipywidgets_state")
    if not entry:
        return {}
    try:
        return json.loads(entry[1].get("body", "{}"))
    except (TypeError, ValueError):
        return {}


def draw_widgets(app, doctree: nodes.document) -> None:
    env = app.env
    state = _widget_state(env, env.docname)
    for raw in list(doctree.findall(nodes.raw)):
        match = _VIEW_SCRIPT.search(raw.astext())
        if not match:
            continue
        try:
            model_id = json.loads(match.group(1)).get("model_id", "")
        except ValueError:
            model_id = ""
        drawing = StaticWidgets(state, _fallback_alt(raw, env.docname, env)).render(model_id)
        if not drawing:
            drawing = "<p>(The widget's saved state is not in this build.)</p>"
        raw.replace_self(
            nodes.raw(
                "",
                f'<div class="crmlab-widget" role="group" aria-label="interactive widget">'
                f'<p class="crmlab-widget-note">{WIDGET_NOTE[site_language()]}</p>{drawing}</div>',
                format="html",
            )
        )
    # The state is drawn above; without the html-manager script it has no other use.
    js_files = getattr(env, "nb_metadata", {}).get(env.docname, {}).get("js_files", {})
    js_files.pop("ipywidgets_state", None)


# --------------------------------------------------------------------------- MathJax


def copy_mathjax(app, exception) -> None:
    """Copy MathJax 2 (less its accessibility add-ons and translations) into _static."""
    if exception is not None or app.builder.format != "html":
        return
    import jupyter_server_mathjax

    source = Path(jupyter_server_mathjax.__file__).parent / "static"
    target = Path(app.outdir) / "_static" / "mathjax"
    stamp = target / ".source"
    if stamp.is_file() and stamp.read_text() == str(source):
        return
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(
        source,
        target,
        ignore=shutil.ignore_patterns("a11y", "localization", "SVG", "otf", "eot", "svg"),
    )
    stamp.write_text(str(source))


# --------------------------------------------------------------------------- language switch

# Pages Sphinx makes by itself in both sites.
BUILT_IN_PAGES = ("search", "genindex")
SWITCH_TEXT = {
    # On an English page: the link to Chinese.
    "en": {
        "label": "中文",
        "hreflang": "zh-CN",
        "same": "切换到本页的中文版",
        "home": "本页暂无中文版：前往中文首页",
    },
    # On a Chinese page: the link to English.
    "zh": {
        "label": "English",
        "hreflang": "en",
        "same": "Switch to the English version of this page",
        "home": "This page has no English version: go to the English home page",
    },
}


def _other_pages(other: str) -> set[str]:
    """Document names of the other language's site (scripts/build_site.py lists them)."""
    listing = os.environ.get("CRMLAB_SITE_PAGES")
    if not listing or not Path(listing).is_file():
        return set()
    return set(json.loads(Path(listing).read_text(encoding="utf-8")).get(other, []))


def language_switch(pagename: str, language: str, other_pages: set[str]) -> dict[str, str]:
    """The switch of one page: a link to the same page in the other language, else its home.

    The Chinese site lives in ``zh/`` inside the English one.

    >>> language_switch("notebooks/00-introduction", "en", {"notebooks/00-introduction"})["href"]
    '../zh/notebooks/00-introduction.html'
    >>> language_switch("api/crmlab.value", "en", {"index"})["href"]
    '../zh/index.html'
    >>> language_switch("glossary", "zh", {"glossary"})["href"]
    '../glossary.html'
    """
    text = SWITCH_TEXT[language]
    up = "../" * pagename.count("/")
    root = f"{up}zh/" if language == "en" else f"{up}../"
    same = pagename in other_pages or pagename in BUILT_IN_PAGES
    return {
        "href": f"{root}{pagename if same else 'index'}.html",
        "label": text["label"],
        "hreflang": text["hreflang"],
        "title": text["same" if same else "home"],
    }


def add_language_switch(app, pagename, templatename, context, doctree) -> None:
    language = site_language()
    other = "zh" if language == "en" else "en"
    context["crmlab_language_switch"] = language_switch(pagename, language, _other_pages(other))
    # BCP 47 for <html lang>: zh-CN, not Sphinx's locale name zh_CN.
    context["language"] = "zh-CN" if language == "zh" else "en"


def setup(app):
    import sphinx.search

    sphinx.search.languages["en"] = SearchEnglishCJK
    sphinx.search.languages["zh"] = SearchEnglishCJK
    # After MyST-NB has parsed the notebook (it registers on the parse itself).
    app.connect("doctree-read", draw_widgets)
    app.connect("doctree-read", add_alt_text)
    app.connect("build-finished", copy_mathjax)
    app.connect("html-page-context", add_language_switch)
    # Pages read with an older version of this file are read again.
    env_version = int(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8], 16)
    return {
        "version": "1",
        "env_version": env_version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
