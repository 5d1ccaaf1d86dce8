"""The course website: built by `make site`'s script, checked as files and in Chromium.

The module builds the site once into build/site (the folder `make site` uses,
so a developer's executions cache is reused; a fresh clone runs every notebook
once). Then:

- as files: every notebook, reference page and API module has a page; every
  local link and image exists; no image lacks alt text; nothing loads from
  the network; self-check cells show feedback, never a traceback; widgets are
  drawn from their saved state with the JupyterLab note; the glossary has
  every term; a re-read of every page executes no notebook (the cache);
- in Chromium (pages opened from disk, as a self-learner does): every page
  loads without console errors or failed requests; every notebook with plots
  shows its charts; the search page finds "churn" and "流失"; Chinese glyphs
  render (pixels differ from the missing-glyph box); a phone-sized window has
  no sideways scrolling;
- in both languages: the Chinese site (html/zh) has a page for every notebook
  (so it fails until every translation has landed), its landing page, Sources
  page, glossary and search; every page's <html lang> names its language; every
  page has one language switch, which opens the same page in the other language
  (the other landing page where there is none); the Chinese search finds
  Chinese words on Chinese pages.

Screenshots go to artifacts/site/.
"""

from __future__ import annotations

import html.parser
import importlib
import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from tests.browser_tools import CHROMIUM, INSTALL_HINT, PageLog, launch_chromium

pytestmark = [pytest.mark.site, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "build_site.py"
OUT = ROOT / "build" / "site"
HTML = OUT / "html"
ARTIFACTS = ROOT / "artifacts" / "site"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ZH_NOTEBOOKS = sorted((ROOT / "notebooks" / "zh").glob("*.ipynb"))
ZH = HTML / "zh"
# Code that draws a chart in a notebook cell.
PLOT_CALL = re.compile(r"\bplots\.\w+\(|\bplt\.|\.plot\(|\.hist\(")


def _run_build(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, (
        f"scripts/build_site.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n"
        f"{result.stderr[-5000:]}"
    )
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def site() -> Path:
    _run_build()
    assert (HTML / "index.html").is_file()
    return HTML


class _Page(html.parser.HTMLParser):
    """Links, images and scripts of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.images: list[dict[str, str | None]] = []
        self.widget_views = 0
        self.switches: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "a" and "crmlab-language-switch" in (attrs.get("class") or "").split():
            self.switches.append(attrs.get("href") or "")
        if tag == "img":
            self.images.append(attrs)
        if tag == "script" and attrs.get("type") == "application/vnd.jupyter.widget-view+json":
            self.widget_views += 1
        for name in ("href", "src"):
            if attrs.get(name):
                self.refs.append((tag, name, attrs[name]))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pages(site: Path) -> list[Path]:
    """The pages of both sites (the theme's Jinja macro files in _static are not pages)."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


def _notebook_page(site: Path, notebook: Path) -> Path:
    """The page of an English notebook, or of a Chinese one (notebooks/zh/NAME.ipynb)."""
    if notebook.parent.name == "zh":
        return site / "zh" / "notebooks" / f"{notebook.stem}.html"
    return site / "notebooks" / f"{notebook.stem}.html"


def _is_chinese(site: Path, page: Path) -> bool:
    return page.resolve().relative_to(site.resolve()).parts[0] == "zh"


def _has_plots(notebook: Path) -> bool:
    nb = nbformat.read(notebook, as_version=4)
    return any(c.cell_type == "code" and PLOT_CALL.search(c.source) for c in nb.cells)


# --------------------------------------------------------------------------- files


def test_every_part_of_the_course_has_a_page(site):
    missing = [nb.name for nb in NOTEBOOKS if not _notebook_page(site, nb).is_file()]
    assert not missing, f"notebooks without a page: {missing}"
    for page in ("notebooks/sources", "glossary", "datasets/README", "INSTRUCTORS", "api/index"):
        assert (site / f"{page}.html").is_file(), f"no {page}.html"
    crmlab = importlib.import_module("crmlab")
    modules = [
        info.name
        for info in pkgutil.walk_packages(crmlab.__path__, prefix="crmlab.")
        if not any(part.startswith("_") for part in info.name.split("."))
    ]
    assert modules, "pkgutil found no crmlab modules"
    undocumented = [m for m in modules if not (site / "api" / f"{m}.html").is_file()]
    assert not undocumented, f"modules without an API page: {undocumented}"
    value_page = (site / "api" / "crmlab.value.html").read_text(encoding="utf-8")
    assert 'id="crmlab.value.' in value_page, "the API page of crmlab.value documents no function"


def test_landing_page_maps_every_notebook_in_order(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    positions = [text.find(f'href="notebooks/{nb.stem}.html"') for nb in NOTEBOOKS]
    assert all(p >= 0 for p in positions), "the course map misses a notebook"
    assert positions == sorted(positions), "the course map is not in file-name order"


def test_every_local_link_and_image_exists_and_nothing_loads_from_the_network(site):
    broken, remote = [], []
    for path in _pages(site):
        for tag, attr, url in _parse(path).refs:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https"):
                # Links out are fine; anything the page itself loads must be local.
                if attr == "src" or tag == "link":
                    remote.append(f"{path.relative_to(site)}: <{tag} {attr}={url}>")
                continue
            if parts.scheme or not parts.path:
                continue  # mailto:, data:, javascript:, "#anchor"
            target = (path.parent / unquote(parts.path)).resolve()
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {url}")
    assert not broken, "broken local links or images:\n" + "\n".join(broken[:30])
    assert not remote, "pages load from the network:\n" + "\n".join(remote[:30])


def test_every_image_has_alt_text(site):
    lacking = [
        f"{path.relative_to(site)}: {str(img.get('src'))[:80]}"
        for path in _pages(site)
        for img in _parse(path).images
        if not (img.get("alt") or "").strip()
    ]
    assert not lacking, "images without alt text:\n" + "\n".join(lacking)
    alts = [
        img.get("alt") for p in _pages(site) if not _is_chinese(site, p) for img in _parse(p).images
    ]
    if any(_has_plots(nb) for nb in NOTEBOOKS):
        assert any(a.startswith("Chart: ") for a in alts), (
            f"no chart took its alt text from its title: {alts[:5]}"
        )
    zh_alts = [
        img.get("alt") for p in _pages(site) if _is_chinese(site, p) for img in _parse(p).images
    ]
    if any(_has_plots(nb) for nb in ZH_NOTEBOOKS):
        assert any(a.startswith("图表：") for a in zh_alts), (
            f"no chart of a Chinese page took its alt text from its (Chinese) title: {zh_alts[:5]}"
        )


def test_self_checks_show_feedback_not_tracebacks(site):
    for notebook in NOTEBOOKS + ZH_NOTEBOOKS:
        name = str(notebook.relative_to(ROOT / "notebooks"))
        text = _notebook_page(site, notebook).read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" not in text, f"{name} shows a traceback"
        assert 'class="output traceback' not in text, f"{name} shows an error output"
        source = notebook.read_text(encoding="utf-8")
        # The Chinese feedback's words belong to crmlab's message catalogs; no traceback suffices.
        if ".check(" in source and notebook in NOTEBOOKS:
            assert "Not attempted yet" in text or "Correct" in text, (
                f"{notebook.name}: no self-check feedback on its page"
            )


def test_widgets_are_drawn_from_their_saved_state_with_a_note(site):
    drawn = 0
    for notebook in NOTEBOOKS:
        path = _notebook_page(site, notebook)
        page = _parse(path)
        assert page.widget_views == 0, f"{path.name}: widget left for a CDN script to draw"
        text = path.read_text(encoding="utf-8")
        for block in text.split('<div class="crmlab-widget"')[1:]:
            drawn += 1
            assert "make lab" in block[:600], f"{path.name}: widget without the JupyterLab note"
            assert re.search(r"<input|<select|<img", block), f"{path.name}: empty widget drawing"
    uses_widgets = [nb for nb in NOTEBOOKS if "widgets." in nb.read_text(encoding="utf-8")]
    if uses_widgets:
        assert drawn >= 1, f"no widget drawn, though {uses_widgets[0].name} shows widgets"


def test_review_answers_fold_as_details(site):
    """Raw HTML <details> in a notebook's markdown stays a folded block, not escaped text."""
    for notebook in NOTEBOOKS:
        if "<details" not in notebook.read_text(encoding="utf-8"):
            continue
        text = _notebook_page(site, notebook).read_text(encoding="utf-8")
        assert "&lt;details" not in text, f"{notebook.name}: <details> shown as text"
        assert re.search(r"<details>\s*<summary>", text), f"{notebook.name}: no folded answers"


def test_glossary_lists_every_term_in_both_languages(site):
    from crmlab import glossary

    terms = glossary.as_dataframe()
    text = (site / "glossary.html").read_text(encoding="utf-8")
    table = text[text.find("crmlab-glossary") :]
    assert table.count("<tr") - 1 == len(terms), "the glossary page does not list every term"
    for record in terms.head(20).to_dict("records"):
        assert record["chinese"] in text, f"glossary page lacks {record['chinese']}"
    assert "seed 0" not in table, "the glossary page shows internal document numbers"


def test_chinese_is_indexed_as_overlapping_pairs():
    sys.path.insert(0, str(ROOT / "site" / "_ext"))
    try:
        from crmlab_site import SearchEnglishCJK, cjk_pairs
    finally:
        sys.path.remove(str(ROOT / "site" / "_ext"))
    assert cjk_pairs("CRM概念三角形") == ["CRM", "概念", "念三", "三角", "角形"]
    assert cjk_pairs("流") == ["流"]
    words = SearchEnglishCJK({}).split("Churn rate (客户流失率) per year")
    assert {"Churn", "rate", "客户", "户流", "流失", "失率", "per", "year"} <= set(words)
    assert "客户流失率" not in words


def test_search_index_has_chinese_words(site):
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for word in ("churn", "流失", "客户"):
        assert word in index["terms"], f"the search index has no {word!r}"


def test_a_rebuild_runs_no_notebook(site):
    """All pages of both languages read again, every notebook from the cache: nothing executes."""
    log = _run_build("--fresh-env", "--verbose")
    assert "Executed notebook" not in log, "a rebuild without changes executed a notebook"
    assert log.count("Using cached notebook") == len(NOTEBOOKS) + len(ZH_NOTEBOOKS), log[-2000:]


# --------------------------------------------------------------------------- both languages


def test_every_chinese_page_exists(site):
    for page in ("index", "notebooks/sources", "glossary", "search"):
        assert (ZH / f"{page}.html").is_file(), f"the Chinese site has no {page}.html"
    missing = [nb.name for nb in NOTEBOOKS if not (ZH / "notebooks" / f"{nb.stem}.html").is_file()]
    assert not missing, (
        f"notebooks without a Chinese page: {missing}. Translate them in translations/zh/ "
        "and run `python scripts/translate_notebooks.py build` (CONTRIBUTING.md, 'Translations')"
    )


def test_chinese_landing_page_maps_every_chinese_notebook_in_order(site):
    text = (ZH / "index.html").read_text(encoding="utf-8")
    assert ZH_NOTEBOOKS, "no Chinese notebooks in notebooks/zh"
    positions = [text.find(f'href="notebooks/{nb.stem}.html"') for nb in ZH_NOTEBOOKS]
    assert all(p >= 0 for p in positions), "the Chinese course map misses a notebook"
    assert positions == sorted(positions), "the Chinese course map is not in file-name order"
    for href in ("../api/index.html", "../INSTRUCTORS.html", "../datasets/README.html"):
        assert f'href="{href}"' in text, f"the Chinese landing page does not link {href}"


def test_html_lang_names_the_language_of_every_page(site):
    wrong = []
    for path in _pages(site):
        want = "zh-CN" if _is_chinese(site, path) else "en"
        lang = _parse(path).lang
        if lang != want:
            wrong.append(f"{path.relative_to(site)}: lang={lang!r}, expected {want!r}")
    assert not wrong, "\n".join(wrong[:20])


def test_every_page_switches_to_the_same_page_in_the_other_language(site):
    problems, same = [], 0
    for path in _pages(site):
        name = str(path.relative_to(site))
        switches = _parse(path).switches
        if len(switches) != 1:
            problems.append(f"{name}: {len(switches)} language switches, expected 1")
            continue
        target = (path.parent / unquote(urlsplit(switches[0]).path)).resolve()
        if not target.is_file():
            problems.append(f"{name}: the switch goes to a missing page {switches[0]}")
            continue
        if _is_chinese(site, target) == _is_chinese(site, path):
            problems.append(f"{name}: the switch stays in the same language ({switches[0]})")
            continue
        rel = path.relative_to(site)
        counterpart = (
            site / "zh" / rel if not _is_chinese(site, path) else site / Path(*rel.parts[1:])
        )
        home = (site / "zh" / "index.html") if not _is_chinese(site, path) else site / "index.html"
        expected = counterpart if counterpart.is_file() else home
        if target != expected.resolve():
            problems.append(f"{name}: the switch goes to {switches[0]}, expected {expected}")
        same += target == counterpart.resolve()
    assert not problems, "\n".join(problems[:30])
    chinese = [p for p in _pages(site) if _is_chinese(site, p)]
    assert same >= 2 * len(chinese), (
        "Chinese pages and their English pages do not switch to each other"
    )


def test_language_switch_links_the_same_page_or_the_other_home():
    sys.path.insert(0, str(ROOT / "site" / "_ext"))
    try:
        from crmlab_site import language_switch
    finally:
        sys.path.remove(str(ROOT / "site" / "_ext"))
    english = language_switch("notebooks/05-customer-churn", "en", {"notebooks/05-customer-churn"})
    assert english["href"] == "../zh/notebooks/05-customer-churn.html"
    assert english["hreflang"] == "zh-CN" and english["label"] == "中文"
    assert language_switch("INSTRUCTORS", "en", {"index"})["href"] == "zh/index.html"
    assert language_switch("search", "en", set())["href"] == "zh/search.html"
    chinese = language_switch("notebooks/sources", "zh", {"notebooks/sources"})
    assert chinese["href"] == "../../notebooks/sources.html" and chinese["hreflang"] == "en"
    assert language_switch("index", "zh", {"index"})["href"] == "../index.html"


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser(site):
    if not CHROMIUM.exists():
        pytest.skip(INSTALL_HINT)
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


def _open(browser, path: Path, *, width: int = 1280, height: int = 900):
    """A new page showing ``path`` from disk, with its console log and failed requests."""
    page = browser.new_page(viewport={"width": width, "height": height})
    log = PageLog(page)
    page.on("requestfailed", lambda request: log.errors.append(f"failed: {request.url}"))
    page.goto(path.as_uri(), wait_until="load")
    # MathJax typesets after load; its queue is empty when it is done.
    page.wait_for_function(
        "() => !window.MathJax || !MathJax.Hub || MathJax.Hub.queue.pending === 0"
        " && MathJax.Hub.queue.running === 0",
        timeout=30_000,
    )
    return page, log


def test_every_page_loads_without_console_errors_or_broken_images(site, browser):
    problems = []
    for path in _pages(site):
        page, log = _open(browser, path)
        broken = page.evaluate(
            "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
            ".map(i => i.src.slice(0, 80))"
        )
        name = str(path.relative_to(site))
        problems += [f"{name}: {error}" for error in log.errors]
        problems += [f"{name}: image not shown: {src}" for src in broken]
        if path.name == "index.html" and path.parent == site:
            page.screenshot(path=str(ARTIFACTS / "landing.png"))
        page.close()
    assert not problems, "\n".join(problems[:40])


def test_every_notebook_page_shows_its_charts(site, browser):
    shot = False
    for notebook in NOTEBOOKS:
        if not _has_plots(notebook):
            continue
        page, _ = _open(browser, _notebook_page(site, notebook))
        charts = page.locator(".cell_output img")
        count = charts.count()
        assert count > 0, f"{notebook.name} draws charts but its page shows none"
        sizes = charts.evaluate_all("imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])")
        assert all(w > 50 and h > 50 for w, h in sizes), f"{notebook.name}: empty charts {sizes}"
        if not shot:
            charts.first.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"notebook-{notebook.stem}.png"))
            shot = True
        page.close()


def test_glossary_filter_keeps_matching_rows(site, browser):
    page, log = _open(browser, site / "glossary.html")
    rows = page.locator("table.crmlab-glossary tbody tr")
    total = rows.count()
    page.locator("#glossary-filter").fill("流失")
    shown = rows.filter(visible=True)
    assert 0 < shown.count() < total, f"filtering by 流失 shows {shown.count()} of {total} rows"
    assert all("流失" in text for text in shown.all_inner_texts())
    page.screenshot(path=str(ARTIFACTS / "glossary-filter.png"))
    assert not log.errors, log.report()
    page.close()


def _search(page, query: str, shot: str, *, finished: str | None = None) -> list[str]:
    """Type ``query`` into the search page's box; the absolute links of the results.

    With ``finished``, wait until the summary line says it (the list grows until then).
    """
    box = page.locator("#search-documentation input[name='q'], form.bd-search input[name='q']")
    box = box.filter(visible=True).first
    box.fill(query)
    box.press("Enter")
    page.wait_for_selector("#search-results ul.search li", timeout=30_000)
    if finished:
        page.wait_for_function(
            "text => (document.querySelector('#search-results .search-summary')?.textContent"
            " ?? '').includes(text)",
            arg=finished,
            timeout=30_000,
        )
    hrefs = page.locator("#search-results ul.search li a").evaluate_all(
        "links => links.map(a => a.href)"
    )
    page.screenshot(path=str(ARTIFACTS / f"{shot}.png"))
    return hrefs


@pytest.mark.parametrize(
    ("query", "expected", "shot"),
    [
        ("churn", "05-customer-churn.html", "search-churn"),
        ("流失", "05-customer-churn.html", "search-liushi"),
        # 流失率 stands alone on some pages and inside 客户流失率 on the glossary's.
        ("流失率", "glossary.html", "search-liushilv"),
    ],
)
def test_search_finds_english_and_chinese_terms(site, browser, query, expected, shot):
    page, log = _open(browser, site / "search.html")
    hrefs = _search(page, query, shot, finished="found")
    pages = {Path(urlsplit(href).path).name for href in hrefs}
    assert expected in pages, f"search for {query!r} gave {hrefs}"
    assert not log.errors, log.report()
    page.close()


@pytest.mark.parametrize(
    ("query", "expected", "shot"),
    [
        ("帕累托", "00-introduction.html", "zh-search-pareto"),
        ("客户流失", "00-introduction.html", "zh-search-kehuliushi"),
    ],
)
def test_chinese_search_finds_chinese_pages(site, browser, query, expected, shot):
    page, log = _open(browser, ZH / "search.html")
    hrefs = _search(page, query, shot)
    found = {Path(urlsplit(href).path) for href in hrefs}
    assert any(p.name == expected and "zh" in p.parts for p in found), (
        f"the Chinese search for {query!r} gave {hrefs}"
    )
    assert not log.errors, log.report()
    page.close()


def test_the_language_switch_opens_the_other_language(site, browser):
    page, log = _open(browser, site / "notebooks" / "00-introduction.html")
    page.locator("a.crmlab-language-switch").filter(visible=True).first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/zh/notebooks/00-introduction.html"), page.url
    assert page.evaluate("() => document.documentElement.lang") == "zh-CN"
    page.screenshot(path=str(ARTIFACTS / "zh-notebook-00.png"))
    page.locator("a.crmlab-language-switch").filter(visible=True).first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/notebooks/00-introduction.html") and "/zh/" not in page.url
    assert not log.errors, log.report()
    page.close()


def test_chinese_glyphs_render_with_a_cjk_font(site, browser):
    """Two different Chinese characters must not draw the same box as a missing glyph."""
    page, _ = _open(browser, site / "index.html")
    page.evaluate(
        """() => {
          const h1 = document.querySelector('article h1');
          for (const [id, text] of [['zh-a', '流'], ['zh-b', '失'], ['tofu', '\\uE000']]) {
            const span = document.createElement('span');
            span.id = id; span.textContent = text;
            span.style.cssText = 'display:inline-block;padding:2px;background:#fff;color:#000';
            h1.appendChild(span);
          }
        }"""
    )
    shots = {name: page.locator(f"#{name}").screenshot() for name in ("zh-a", "zh-b", "tofu")}
    page.locator("article h1").screenshot(path=str(ARTIFACTS / "chinese-heading.png"))
    assert shots["zh-a"] != shots["zh-b"], "two Chinese characters draw identically: no CJK font"
    assert shots["zh-a"] != shots["tofu"], "a Chinese character draws as a missing-glyph box"
    page.close()


def test_pages_fit_a_phone_screen(site, browser):
    for path in [site / "index.html", *(_notebook_page(site, nb) for nb in NOTEBOOKS[:2])]:
        page, _ = _open(browser, path, width=390, height=844)
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        page.screenshot(path=str(ARTIFACTS / f"phone-{path.stem}.png"))
        page.close()
        assert overflow <= 390, f"{path.name} scrolls sideways on a 390 px screen ({overflow} px)"
