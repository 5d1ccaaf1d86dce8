"""nbgrader plug-ins: a DeduplicateIds that keeps grading, a faster CheckCellMetadata, an LMS
collector whose times parse."""

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


def _build_check_cell_metadata():
    import traceback

    import jsonschema
    from nbgrader.nbgraderformat import MetadataValidator, ValidationError
    from nbgrader.nbgraderformat.common import BaseMetadataValidator
    from nbgrader.preprocessors import CheckCellMetadata

    class _SchemaOnce(BaseMetadataValidator):
        """nbgrader's schema check of one cell, with the schema's validator built once.

        nbgrader calls ``jsonschema.validate`` for each cell, which checks the
        schema itself every time (about 0.5 ms, for a schema that is nbgrader's
        own constant file). This builds the schema's validator once and raises
        the same first error (``jsonschema.exceptions.best_match``).
        """

        def __init__(self) -> None:
            super().__init__()
            self._validator = jsonschema.validators.validator_for(self.schema)(self.schema)

        def validate_cell(self, cell) -> None:
            meta = cell.metadata.get("nbgrader")
            if meta is None or meta.get("schema_version", 0) != self.schema_version:
                return super().validate_cell(cell)  # nbgrader's own verdict and messages
            error = jsonschema.exceptions.best_match(self._validator.iter_errors(meta))
            if error is not None:
                raise error

    class _Validator(MetadataValidator, _SchemaOnce):
        """nbgrader's validator (its own checks after the schema's), over :class:`_SchemaOnce`."""

    class FastCheckCellMetadata(CheckCellMetadata):
        """nbgrader's CheckCellMetadata, with the schema checked once per notebook, not per cell."""

        def preprocess(self, nb, resources):
            try:
                _Validator().validate_nb(nb)
            except ValidationError:
                self.log.error(traceback.format_exc())
                msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
                self.log.error(msg)
                raise ValidationError(msg) from None
            return nb, resources

    FastCheckCellMetadata.__module__ = "crmlab.autograde"
    FastCheckCellMetadata.__qualname__ = "FastCheckCellMetadata"
    return FastCheckCellMetadata


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
