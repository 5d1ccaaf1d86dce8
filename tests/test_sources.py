"""crmlab.sources: the five lecture documents and their citation labels."""

import pytest

from crmlab import sources


def test_five_documents_with_distinct_keys_and_labels():
    table = sources.table()
    assert list(table.index) == ["keeping", "slides", "chain", "knowing", "satisfaction"]
    assert table["label"].is_unique
    assert table[["title_zh", "title_en", "covers"]].notna().all().all()


def test_sources_page_lists_every_label_and_title():
    from pathlib import Path

    page = (Path(__file__).parents[1] / "notebooks" / "sources.md").read_text(encoding="utf-8")
    for source in sources.SOURCES:
        assert f"**{source.label}**" in page
        assert source.title_zh in page


def test_cite_joins_labels():
    assert sources.cite("slides", "knowing") == "CRM slides; Knowing the customer"


@pytest.mark.parametrize(
    ("key", "error", "words"),
    [("seed 001", ValueError, "one of 'keeping'"), (1, TypeError, "got int")],
)
def test_unknown_key_is_refused_with_the_choices(key, error, words):
    with pytest.raises(error, match=words):
        sources.label(key)


def test_cite_needs_a_key():
    with pytest.raises(ValueError, match="at least one"):
        sources.cite()
