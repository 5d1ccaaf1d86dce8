"""Feedback that keeps hidden tests hidden (``nbgrader generate_feedback``)."""

from __future__ import annotations

import re

HIDDEN_NOTE = "# hidden tests ran here"
HIDDEN_FAILURE = (
    "a hidden test in this cell failed. Hidden tests check exact values and try your "
    "code on other inputs: re-read the task, then test your code on a small example "
    "of your own."
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CELL_LINE = re.compile(r"(?:Cell In \[\d*\]|Cell In\[\d*\]|<ipython-input-\d+-\w+>), line (\d+)")


def _hidden_lines(source: str, begin: str, end: str) -> tuple[str, set[int]]:
    """Remove hidden-test regions; return the new source and the hidden line numbers (1-based)."""
    kept, hidden, inside = [], set(), False
    for number, line in enumerate(source.split("\n"), start=1):
        if begin in line:
            inside = True
            hidden.add(number)
            kept.append(line[: line.index(line.lstrip())] + HIDDEN_NOTE)
        elif end in line:
            inside = False
            hidden.add(number)
        elif inside:
            hidden.add(number)
        else:
            kept.append(line)
    return "\n".join(kept), hidden


def _failing_line(traceback: list[str]) -> int | None:
    """Line of the test cell where an error was raised (the outermost frame), if known."""
    for entry in traceback:
        match = _CELL_LINE.search(_ANSI.sub("", entry))
        if match:
            return int(match.group(1))
    return None


def _build_hide_hidden_tests():
    from nbformat.notebooknode import NotebookNode
    from nbgrader.preprocessors import NbGraderPreprocessor
    from traitlets import Unicode

    class HideHiddenTests(NbGraderPreprocessor):
        """Keep hidden tests hidden in the feedback returned to students.

        ``nbgrader autograde`` runs the full test cells, hidden tests included,
        and ``nbgrader generate_feedback`` would show them. This preprocessor
        (configured in ``c.GenerateFeedback.preprocessors``) edits every code
        cell that contains a hidden-test region:

        - the region is removed from the source, leaving ``# hidden tests ran here``;
        - outputs are dropped (they could show hidden inputs or values);
        - an error is shown as one line: its type and, if it was raised by a
          visible line of the cell, its message; if it was raised by a hidden
          line (or the line is unknown), a generic message instead.

        Scores are untouched: they come from the gradebook.
        """

        begin_test_delimeter = Unicode(
            "BEGIN HIDDEN TESTS", help="Marks the beginning of a hidden-test region."
        ).tag(config=True)
        end_test_delimeter = Unicode(
            "END HIDDEN TESTS", help="Marks the end of a hidden-test region."
        ).tag(config=True)
        hidden_failure_message = Unicode(
            HIDDEN_FAILURE, help="Shown instead of the message of a failed hidden test."
        ).tag(config=True)

        def preprocess_cell(self, cell, resources, index):
            if cell.cell_type != "code" or self.begin_test_delimeter not in cell.source:
                return cell, resources
            cell.source, hidden = _hidden_lines(
                cell.source, self.begin_test_delimeter, self.end_test_delimeter
            )
            errors = [out for out in cell.get("outputs", []) if out.output_type == "error"]
            cell.outputs = []
            if errors:
                error = errors[0]
                line = _failing_line(error.get("traceback", []))
                visible = line is not None and line not in hidden
                message = error.get("evalue", "") if visible else self.hidden_failure_message
                cell.outputs.append(
                    NotebookNode(
                        output_type="error",
                        ename=error.ename,
                        evalue=message,
                        traceback=[f"{error.ename}: {message}"],
                    )
                )
            return cell, resources

    HideHiddenTests.__module__ = "crmlab.autograde"
    HideHiddenTests.__qualname__ = "HideHiddenTests"
    return HideHiddenTests
