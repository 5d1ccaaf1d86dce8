"""Sphinx configuration of the course website (`make site`).

scripts/build_site.py stages the pages (notebooks, Sources page, datasheet,
instructor guide, generated glossary and API reference) into build/site/src
and runs Sphinx on them with this folder as the configuration directory; then
the Chinese pages (build/site/src-zh) with CRMLAB_SITE_LANGUAGE=zh. The
build reads nothing from the network: the theme, the search, MathJax and the
widget pages all come from installed packages.
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

# "en" for the English site, "zh" for the Chinese one (build/site/html/zh).
SITE_LANGUAGE = os.environ.get("CRMLAB_SITE_LANGUAGE", "en")

project = "crmlab"
author = "crmlab contributors"
copyright = "crmlab contributors, MIT licence"
html_title = "CRM analytics with crmlab" if SITE_LANGUAGE == "en" else "客户关系管理分析（crmlab）"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "crmlab_site",
]

root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "jupyter_execute"]
# The build script stages only what the site shows; nothing else is a page.
# Short type names in docstrings (Term) exist in two modules; the text is clear without a link.
suppress_warnings = ["myst.header", "ref.python"]

# ---- notebooks: executed once, cached by the content of their code cells
nb_execution_mode = "cache"
nb_execution_cache_path = os.environ.get(
    "CRMLAB_SITE_CACHE", str(HERE.parent / "build" / "site" / "cache")
)
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
# Widgets are drawn from their saved state by crmlab_site: no CDN scripts.
nb_ipywidgets_js = {}
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "html_admonition"]
myst_heading_anchors = 3

# ---- API reference from the docstrings (numpydoc style)
napoleon_numpy_docstring = True
napoleon_google_docstring = False
# "Attributes" sections as fields: autodoc documents the attributes themselves.
napoleon_use_ivar = True
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
autodoc_typehints = "description"

# ---- MathJax 2 from the jupyter-server-mathjax package, copied into _static/mathjax
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"
mathjax2_config = {
    # MyST-NB marks notebook pages tex2jax_ignore and its math blocks "math".
    "tex2jax": {
        "inlineMath": [["\\(", "\\)"]],
        "displayMath": [["\\[", "\\]"]],
        "processClass": "tex2jax_process|mathjax_process|math|output_area",
    },
    # The package ships the STIX-Web web fonts only (as the classic notebook uses them).
    # Its blank test font points at about:blank, which a page opened from disk may not
    # load (a console error); a local() source fails the same way, silently.
    "HTML-CSS": {
        "availableFonts": [],
        "preferredFont": None,
        "webFont": "STIX-Web",
        "imageFont": None,
        "styles": {"@font-face": {"font-family": "MathJax_Blank", "src": "local('MathJax_Blank')"}},
    },
    "menuSettings": {"zoom": "None"},
    "showMathMenu": False,
}

# ---- HTML
html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["crmlab.css"]
html_js_files = ["glossary.js"]
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "navigation_with_keys": False,
    "search_bar_text": "Search the course… (English or 中文)",
    # The language switch (crmlab_site sets its link), before the theme's buttons.
    "article_header_end": ["language-switch.html", "article-header-buttons.html"],
}
html_context = {"default_mode": "auto"}
# Search result summaries fetch each result page, which browsers refuse for
# pages opened from disk (file://): titles only, so search works without a server.
html_show_search_summary = False
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# English pages with Chinese terms: crmlab_site indexes Chinese runs and their
# two-character words, so that "流失" finds 客户流失率 without a segmenter package.
# The Chinese site is indexed the same way (and the theme's own words come in Chinese).
html_search_language = "en"
language = "en"
if SITE_LANGUAGE == "zh":
    language = "zh_CN"
    html_search_language = "zh"
    html_theme_options["search_bar_text"] = "搜索课程……（中文或英文）"
