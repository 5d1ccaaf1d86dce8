"""nbgrader plug-ins: a DeduplicateIds that keeps grading, an LMS collector whose times parse."""

from __future__ import annotations

import re


def _build_deduplicate_ids():
    from nbgrader.preprocessors import DeduplicateIds

    class SafeDeduplicateIds(DeduplicateIds):
        """nbgrader's DeduplicateIds, fixed for ``OverwriteCells.add_missing_cells``.

        When a student copies a graded cell, nbgrader keeps the last copy and
        empties the nbgrader metadata of the others (``{}``). With
        ``add_missing_cells`` on, OverwriteCells then reads ``grade_id`` from
        that empty metadata, and the submission fails to grade (KeyError).
        This version removes the emptied metadata instead: the extra copy runs
        as an ordinary cell.
        """

        def preprocess_cell(self, cell, resources, index):
            cell, resources = super().preprocess_cell(cell, resources, index)
            if cell.metadata.get("nbgrader", None) == {}:
                del cell.metadata["nbgrader"]
            return cell, resources

    SafeDeduplicateIds.__module__ = "crmlab.autograde"
    SafeDeduplicateIds.__qualname__ = "SafeDeduplicateIds"
    return SafeDeduplicateIds


_LMS_TIMESTAMP = re.compile(r"(\d{4})-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)")


def _iso_timestamp(text: str | None) -> str | None:
    """'2026-11-20-15-30-45' (as in LMS file names) -> '2026-11-20 15:30:45'; others unchanged."""
    match = _LMS_TIMESTAMP.fullmatch(text) if text else None
    return "{}-{}-{} {}:{}:{}".format(*match.groups()) if match else text


def _build_collector():
    from nbgrader.plugins import FileNameCollectorPlugin

    class LMSFileNameCollector(FileNameCollectorPlugin):
        """nbgrader's file-name collector for ``zip_collect``, with timestamps that parse.

        Reads student id, notebook and time from the names of files
        downloaded from an LMS with ``c.FileNameCollectorPlugin.named_regexp``.
        nbgrader hands a timestamp such as ``2026-11-20-15-30-45`` (the
        Blackboard form, also nbgrader's documented example) to dateutil,
        which reads ``-30-45`` as a UTC offset: the time comes out hours off,
        or the collection fails. This collector rewrites it as
        ``2026-11-20 15:30:45`` first; like every nbgrader time without a
        zone, it is taken as UTC.
        """

        def collect(self, submitted_file):
            info = super().collect(submitted_file)
            if info and info.get("timestamp"):
                info["timestamp"] = _iso_timestamp(info["timestamp"])
            return info

    LMSFileNameCollector.__module__ = "crmlab.autograde"
    LMSFileNameCollector.__qualname__ = "LMSFileNameCollector"
    return LMSFileNameCollector
