"""Build the course website into build/site/html (`make site`).

Stages the pages into build/site/src and runs Sphinx (MyST-NB, the book theme)
with site/ as its configuration folder:

- the landing page (site/index.md) with a course map made from the notebooks;
- every notebook of notebooks/ (in file-name order), executed by MyST-NB and
  cached by jupyter-cache in build/site/cache: a rebuild with no change to a
  notebook's code runs nothing;
- the Sources page (notebooks/sources.md), the datasheet (datasets/README.md)
  and the instructor guide (INSTRUCTORS.md);
- the glossary, from crmlab.glossary, as a filterable bilingual table;
- an API reference with one page per public module of crmlab, found with
  pkgutil (a new or split module appears without touching this script);
- the Chinese site in html/zh/: its own landing page (site/index.zh.md), every
  Chinese notebook of notebooks/zh/ that exists, the Chinese Sources page and
  glossary, built by a second Sphinx run (language zh_CN, its own execution
  cache), side by side with the English one. Every page of both sites has a language switch to the same
  page in the other language (to the other landing page where there is none:
  the API reference, the datasheet and the instructor guide are English only).

Nothing is fetched from the network. Usage::

    python scripts/build_site.py            # build (incremental)
    python scripts/build_site.py --clean    # forget the pages and executions first
    python scripts/build_site.py --out DIR  # build into DIR instead of build/site

Open build/site/html/index.html in a browser.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import inspect
import json
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
DEFAULT_OUT = ROOT / "build" / "site"
# Pages copied as they are: repository path -> path in the site.
STATIC_PAGES = {
    "notebooks/sources.md": "notebooks/sources.md",
    "datasets/README.md": "datasets/README.md",
    "INSTRUCTORS.md": "INSTRUCTORS.md",
}
ZH_STATIC_PAGES = {"notebooks/zh/sources.md": "notebooks/sources.md"}
COURSE_MAP_MARKER = "<!-- course map -->"
LANGUAGES = ("en", "zh")


# --------------------------------------------------------------------------- discovery


def notebooks(language: str = "en") -> list[Path]:
    """The course notebooks of one language, in file-name order (Chinese: those built so far)."""
    folder = ROOT / "notebooks" if language == "en" else ROOT / "notebooks" / language
    return sorted(folder.glob("*.ipynb"))


def notebook_title_and_summary(path: Path) -> tuple[str, str]:
    """The notebook's first heading and the opening sentences of the text under it."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.splitlines()
        heading = next((line for line in lines if line.startswith("# ")), None)
        if heading is None:
            continue
        after = lines[lines.index(heading) + 1 :]
        paragraph = []
        for line in after:
            if not line.strip():
                if paragraph:
                    break
                continue
            paragraph.append(line.strip())
        summary = ""
        chinese = bool(re.search(r"[\u4e00-\u9fff]", " ".join(paragraph)))
        # Whole sentences, enough to say what the unit is about (a short opener needs its sequel).
        # A Chinese character says about as much as an English word.
        for sentence in re.split(
            r"(?<=[.!?])\s|(?<=[。！？])", "".join(paragraph) if chinese else " ".join(paragraph)
        ):
            summary = (summary + sentence if chinese else f"{summary} {sentence}").strip()
            if len(summary) >= (40 if chinese else 80):
                break
        return heading[2:].strip(), summary
    return path.stem, ""


def public_modules(package: str = "crmlab") -> list[str]:
    """Every public module of ``package`` (names without a leading underscore), sorted."""
    root = importlib.import_module(package)
    names = [package]
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        names.append(info.name)
    return sorted(names)


# --------------------------------------------------------------------------- generated pages


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


GLOSSARY_TEXT = {
    "en": {
        "header": "| English | 中文 | definition | unit | source |",
        "intro": [
            "# Glossary · 术语表",
            "",
            "The {n} key terms of the course, in English and Chinese, with the unit",
            "that introduces each and the document it comes from (see [Sources](notebooks/sources.md)).",
            "Type in the box to keep the matching rows, in English or Chinese; the site search",
            'finds them too. In Python: `crmlab.glossary.lookup("churn")`.',
        ],
        "filter": ("Filter: churn, 流失, NPS…", "Filter the glossary"),
    },
    "zh": {
        "header": "| 英文 | 中文 | 定义 | 单元 | 来源 |",
        "intro": [
            "# 术语表",
            "",
            "本课程的 {n} 个关键术语，中英对照，并注明引入它的单元和出处（见[资料来源](notebooks/sources.md)）。",
            "在输入框中输入中文或英文，即可只显示匹配的行；站内搜索也能找到它们。",
            '在 Python 中：`crmlab.glossary.lookup("流失")`。',
        ],
        "filter": ("筛选：流失、churn、NPS……", "筛选术语表"),
    },
}


def glossary_page(language: str = "en") -> str:
    from crmlab import glossary, sources

    text = GLOSSARY_TEXT[language]
    table = glossary.as_dataframe()
    labels = {}
    if language == "zh":
        labels = {
            row["label"]: f"《{row['label_zh']}》" for row in sources.table().to_dict("records")
        }
    definition = "definition_zh" if language == "zh" else "definition"
    rows = [text["header"], "|---|---|---|---|---|"]
    for record in table.to_dict("records"):
        rows.append(
            "| "
            + " | ".join(
                [
                    _cell(record["english"]),
                    _cell(record["chinese"]),
                    _cell(record[definition]),
                    _cell(record["unit"]),
                    _cell(_relabel(record["source"], labels)),
                ]
            )
            + " |"
        )
    placeholder, aria = text["filter"]
    return "\n".join(
        [
            *(line.replace("{n}", str(len(table))) for line in text["intro"]),
            "",
            f'<input id="glossary-filter" type="search" placeholder="{placeholder}"'
            f' aria-label="{aria}"> <span id="glossary-count"></span>',
            "",
            "```{table}",
            ":class: crmlab-glossary",
            "",
            *rows,
            "```",
            "",
        ]
    )


def _relabel(text: str, labels: dict[str, str]) -> str:
    """Source labels in ``text`` replaced by their Chinese citation labels."""
    for label in sorted(labels, key=len, reverse=True):
        text = str(text).replace(label, labels[label])
    return text


def _first_line(module) -> str:
    doc = inspect.getdoc(module) or ""
    return _cell(doc.strip().splitlines()[0]) if doc.strip() else ""


def _lists_submodules(module) -> bool:
    """Whether a package's ``__all__`` names its own submodules (loaded lazily on access).

    Such a package (``crmlab`` itself) gets its docstring only: its submodules
    have their own pages. A package that re-exports functions gets them documented.
    """
    if not hasattr(module, "__path__"):
        return False
    submodules = {info.name for info in pkgutil.iter_modules(module.__path__)}
    return bool(submodules & set(getattr(module, "__all__", ())))


def api_pages() -> dict[str, str]:
    """api/index.md and one page per module: path in the site -> text."""
    pages = {}
    rows = ["| module | what it is |", "|---|---|"]
    for name in public_modules():
        module = importlib.import_module(name)
        if name != "crmlab":
            rows.append(f"| [`{name}`]({name}.md) | {_first_line(module)} |")
        options = ":no-members:" if _lists_submodules(module) else ":members:"
        # autodoc writes reStructuredText, so the directive runs in an eval-rst block.
        body = f"```{{eval-rst}}\n.. automodule:: {name}\n   {options}\n```\n"
        if name == "crmlab":
            continue
        pages[f"api/{name}.md"] = f"# `{name}`\n\n{body}"
    toctree = "\n".join(
        ["```{toctree}", ":hidden:", ""] + [f"{n}" for n in public_modules() if n != "crmlab"]
    )
    pages["api/index.md"] = "\n".join(
        [
            "# API reference",
            "",
            "The `crmlab` package, generated from its docstrings.",
            "",
            "```{eval-rst}",
            ".. automodule:: crmlab",
            "   :no-members:",
            "```",
            "",
            "## Modules",
            "",
            *rows,
            "",
            toctree,
            "```",
            "",
        ]
    )
    return pages


def index_page(course: list[Path], language: str = "en") -> str:
    if language == "zh":
        return _index_page_zh(course)
    rows = ["| unit | what it is about |", "|---|---|"]
    for path in course:
        title, summary = notebook_title_and_summary(path)
        rows.append(f"| [{_cell(title)}](notebooks/{path.name}) | {_cell(summary)} |")
    course_toc = ["```{toctree}", ":caption: Course", ":hidden:", ""]
    course_toc += [f"notebooks/{path.stem}" for path in course]
    course_toc.append("```")
    reference_toc = [
        "```{toctree}",
        ":caption: Reference",
        ":hidden:",
        "",
        "notebooks/sources",
        "glossary",
        "datasets/README",
        "api/index",
        "INSTRUCTORS",
        "```",
    ]
    course_map = "\n".join([*rows, "", *course_toc, "", *reference_toc])
    text = (SITE / "index.md").read_text(encoding="utf-8")
    if COURSE_MAP_MARKER not in text:
        raise ValueError(
            f"site/index.md must contain the line {COURSE_MAP_MARKER!r} where the course map goes."
        )
    return text.replace(COURSE_MAP_MARKER, course_map)


def _index_page_zh(course: list[Path]) -> str:
    rows = ["| 单元 | 内容 |", "|---|---|"]
    for path in course:
        title, summary = notebook_title_and_summary(path)
        rows.append(f"| [{_cell(title)}](notebooks/{path.name}) | {_cell(summary)} |")
    course_toc = ["```{toctree}", ":caption: 课程", ":hidden:", ""]
    course_toc += [f"notebooks/{path.stem}" for path in course]
    course_toc.append("```")
    reference = ["notebooks/sources", "glossary"]
    reference_toc = ["```{toctree}", ":caption: 参考资料", ":hidden:", "", *reference, "```"]
    # site/index.zh.md links the English-only reference pages of the English site itself.
    course_map = "\n".join([*rows, "", *course_toc, "", *reference_toc])
    text = (SITE / "index.zh.md").read_text(encoding="utf-8")
    if COURSE_MAP_MARKER not in text:
        raise ValueError(
            f"site/index.zh.md must contain the line {COURSE_MAP_MARKER!r} where the course map goes."
        )
    return text.replace(COURSE_MAP_MARKER, course_map)


# --------------------------------------------------------------------------- staging


def _write_if_changed(path: Path, data: bytes) -> None:
    """Write only when the content differs, so that Sphinx re-reads only what changed."""
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def site_pages(language: str = "en") -> dict[str, bytes]:
    """Every page of one language's site: path in the site -> content."""
    course = notebooks(language)
    if language == "en" and not course:
        raise FileNotFoundError(f"No notebooks in {ROOT / 'notebooks'}: nothing to build.")
    pages: dict[str, bytes] = {"index.md": index_page(course, language).encode("utf-8")}
    for path in course:
        pages[f"notebooks/{path.name}"] = path.read_bytes()
    for repo_path, site_path in (STATIC_PAGES if language == "en" else ZH_STATIC_PAGES).items():
        if (ROOT / repo_path).is_file():
            pages[site_path] = (ROOT / repo_path).read_bytes()
    pages["glossary.md"] = glossary_page(language).encode("utf-8")
    if language == "en":
        pages.update({k: v.encode("utf-8") for k, v in api_pages().items()})
    return pages


def stage(src: Path, pages: dict[str, bytes] | None = None) -> list[Path]:
    """Lay out every page in ``src``; remove pages that no longer exist. Returns the pages."""
    if pages is None:
        pages = site_pages("en")

    for rel, data in pages.items():
        _write_if_changed(src / rel, data)
    written = {src / rel for rel in pages}
    if src.is_dir():
        for path in src.rglob("*"):
            if path.is_file() and path not in written:
                path.unlink()
    return sorted(written)


def kernel_profile(out: Path) -> tuple[Path, str]:
    """An IPython profile whose start-up file gives every chart a description (alt text).

    Returns the IPython folder and a short hash of the start-up file: the
    execution cache is kept per hash, since the cache knows only the code cells.
    """
    startup = (SITE / "kernel_startup.py").read_bytes()
    ipython = out / "ipython"
    _write_if_changed(ipython / "profile_default" / "startup" / "00-crmlab-site.py", startup)
    return ipython, hashlib.sha256(startup).hexdigest()[:12]


def build(
    out: Path = DEFAULT_OUT,
    *,
    clean: bool = False,
    fresh_env: bool = False,
    quiet: bool = True,
    seconds: dict[str, float] | None = None,
) -> Path:
    """Build the site into ``out``/html; returns the path of its index.html.

    ``fresh_env`` makes Sphinx read every page again (the notebooks' executions
    still come from the cache). ``seconds``, if given, receives the time each
    language's Sphinx run took. The two languages build at the same
    time on a machine with more than one core: their notebooks are different
    (the Chinese ones switch crmlab to Chinese), so each language has its own
    execution cache and nothing is executed twice.
    """
    out = out.resolve()
    if clean:
        shutil.rmtree(out, ignore_errors=True)
    html = out / "html"
    pages = {language: site_pages(language) for language in LANGUAGES}
    # Each site's language switch needs the pages of the other one (Sphinx document names).
    docnames = {
        language: sorted(str(Path(rel).with_suffix("")) for rel in pages[language])
        for language in LANGUAGES
    }
    _write_if_changed(out / "pages.json", json.dumps(docnames, indent=1).encode("utf-8"))
    ipython, startup_hash = kernel_profile(out)
    for stale in out.glob("cache-*"):
        if stale.name not in {f"cache-{startup_hash}", f"cache-{startup_hash}-zh"}:
            shutil.rmtree(stale, ignore_errors=True)
    env = {
        **os.environ,
        "IPYTHONDIR": str(ipython),
        "CRMLAB_SITE_PAGES": str(out / "pages.json"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    parallel = (os.cpu_count() or 1) > 1
    running = []
    for language in LANGUAGES:
        suffix = "" if language == "en" else f"-{language}"
        src = out / f"src{suffix}"
        stage(src, pages[language])
        command = [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-c",
            str(SITE),
            "-d",
            str(out / f"doctrees{suffix}"),
            str(src),
            str(html if language == "en" else html / language),
        ]
        if quiet:
            command.append("-q")
        if fresh_env:
            command.append("-E")
        language_env = {
            **env,
            "CRMLAB_SITE_LANGUAGE": language,
            # A notebook runs once per change of its code (per language: the code differs).
            "CRMLAB_SITE_CACHE": str(out / f"cache-{startup_hash}{suffix}"),
        }
        process = subprocess.Popen(command, env=language_env, cwd=ROOT)
        running.append((language, command, process, time.perf_counter()))
        if not parallel:
            process.wait()
    failed = None
    while running:
        for entry in list(running):
            language, command, process, start = entry
            if process.poll() is None:
                continue
            running.remove(entry)
            if seconds is not None:
                seconds[language] = time.perf_counter() - start
            if process.returncode and failed is None:
                failed = subprocess.CalledProcessError(process.returncode, command)
        time.sleep(0.1)
    if failed is not None:
        raise failed
    return html / "index.html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="build folder")
    parser.add_argument("--clean", action="store_true", help="start from nothing")
    parser.add_argument(
        "--fresh-env", action="store_true", help="read every page again (executions stay cached)"
    )
    parser.add_argument("--verbose", action="store_true", help="show Sphinx's progress")
    args = parser.parse_args(argv)
    start, seconds = time.perf_counter(), {}
    try:
        index = build(
            args.out,
            clean=args.clean,
            fresh_env=args.fresh_env,
            quiet=not args.verbose,
            seconds=seconds,
        )
    except subprocess.CalledProcessError as exc:
        print(f"The site build failed (Sphinx exited with {exc.returncode}).", file=sys.stderr)
        return 1
    split = ", ".join(f"{language} {s:.0f} s" for language, s in seconds.items())
    print(
        f"Built the course website in {time.perf_counter() - start:.0f} s ({split}): open {index}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
