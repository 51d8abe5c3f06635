"""The report rendered from Jinja templates (``eval/templates/``): ``report.html`` and ``report.md``.

The HTML template autoescapes everything (Datasette's way); the Markdown one
escapes table cells with the ``cell`` filter. Both read the typed
:class:`~tamngu.eval.model.Report` and decide nothing: verdicts, directions
and flags come with the report. The page is self-contained (inline CSS, the
chart as a data URL), so it opens offline and can be mailed.
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

import jinja2
import markupsafe

from tamngu.eval.model import ALPHA, FOLD_AT, LANG_NAMES, Report
from tamngu.eval.text import clean
from tamngu.eval.verdict import QUALITY_METRICS, direction_word
from tamngu.glossary.langtags import language_tag

TEMPLATES = Path(__file__).parent / "templates"

#: One line per figure, for a newsroom editor: what it measures and which direction is better.
METRIC_HELP: tuple[tuple[str, str], ...] = (
    ("BLEU", "how many of the reference translation's words and word sequences the output repeats; "
             "0 to 100, higher is better. Useful for comparing runs on the same articles, not for judging one sentence."),
    ("chrF++", "the same idea counted on characters (plus word pairs), so small differences in word form cost less "
               "and Chinese is measured fairly; 0 to 100, higher is better."),
    ("TER", "translation edit rate: the edits (insert, delete, replace, move a phrase) needed to turn the output into "
            "the reference, per 100 reference words; lower is better. Over 100 means more edits than the reference has "
            "words: the output is much longer than the reference or mostly unrelated to it."),
    ("term success", "the share of glossary names and titles in the Vietnamese source that appear in the output "
                     "in an approved form; higher is better."),
    ("term consistency", "how often a name that occurs several times is rendered as the same name each time (a plural, "
                         "an adjective or a woman's title of the same name counts as the same); higher is better; "
                         "n/a when no name was rendered twice (misses count under term success)."),
)


def number(value: float | None, digits: int = 1) -> str:
    """A figure with ``digits`` decimals, never "-0.0"; "n/a" for None.

        >>> number(-0.04), number(None), number(12.345, 2)
        ('0.0', 'n/a', '12.35')
    """
    if value is None:
        return "n/a"
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def markdown_cell(text: object) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, line breaks as spaces.

        >>> markdown_cell("a|b\\nc")
        'a\\\\|b c'
    """
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _printable(value: object) -> object:
    """Every value a template prints, without control characters or U+FFFD (folder and model names included).

    A macro's output (``Markup``) was built from values that passed here already.
    """
    return clean(value).text if isinstance(value, str) and not isinstance(value, markupsafe.Markup) else value


def short_id(segment_id: str) -> str:
    """A segment id with its article named by its number only, as the chart names it.

        >>> short_id("000_3a4965e06602310f:body:2.0"), short_id("a:title:0.0")
        ('000:body:2.0', 'a:title:0.0')
    """
    article, sep, rest = segment_id.partition(":")
    return article.split("_", 1)[0] + sep + rest


_MARKDOWN_SPECIAL = str.maketrans({char: "\\" + char for char in "\\`*_[]<>|"})


def markdown_text(text: object) -> str:
    """Text shown literally in Markdown: the characters that would format it escaped with a backslash.

        >>> print(markdown_text("**Lao Cai** <b>"))
        \\*\\*Lao Cai\\*\\* \\<b\\>
    """
    return str(text).translate(_MARKDOWN_SPECIAL).replace("\n", " ")


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment of the report templates (autoescaping for ``.html``)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=True, default=False),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        finalize=_printable,
    )
    env.filters.update(md=markdown_text, short_id=short_id, number=number, cell=markdown_cell, tag=language_tag, words=direction_word)
    env.globals.update(METRIC_HELP=METRIC_HELP, ALPHA=ALPHA, LANG_NAMES=LANG_NAMES, FOLD_AT=FOLD_AT, QUALITY_METRICS=QUALITY_METRICS)
    return env


def render_html(report: Report, chart_png: bytes) -> str:
    """The whole self-contained page."""
    chart = "data:image/png;base64," + base64.b64encode(chart_png).decode("ascii")
    return environment().get_template("report.html").render(report=report, chart=chart)


def render_markdown(report: Report) -> str:
    """The whole Markdown document."""
    return environment().get_template("report.md").render(report=report)
