"""``tamngu glossary suggest`` and ``tamngu glossary add``: the Sino-Vietnamese name assistant.

Thin commands over :func:`tamngu.glossary.suggest.suggest` and
:func:`tamngu.glossary.add.add_from_suggestion`; :mod:`tamngu.commands.glossary`
registers them in the ``glossary`` group.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from tamngu.glossary import hanviet
from tamngu.glossary.add import add_from_suggestion
from tamngu.glossary.loader import load_glossary
from tamngu.glossary.suggest import KINDS, ORIGINS, Candidate, suggest
from tamngu.commands.options import GlossaryOption, JsonOption, examples
from tamngu.errors import BadInputError

logger = logging.getLogger(__name__)

KindOption = Annotated[
    str, typer.Option("--kind", help=f"Rank as {' | '.join(KINDS)} (auto: each candidate keeps the better model).")
]

OriginOption = Annotated[
    str,
    typer.Option(
        "--origin",
        help=f"Whose name: {' | '.join(ORIGINS)}. A Vietnamese person keeps the Vietnamese spelling in English (To Lam).",
    ),
]

SUGGEST_EPILOG = examples('tamngu glossary suggest "Lưu Dũng" --limit 3   (Vương Ninh and Lưu Dũng appear in seeds/)')
ADD_EPILOG = examples(
    'tamngu glossary add --from-suggest "Hà Khẩu Bắc" --pick 1 --type place   (Hà Khẩu Bắc appears in seeds/)',
    "tamngu glossary gaps seeds/ --json > gaps.json && tamngu glossary add --from-gaps gaps.json",
)


def suggest_command(
    name: Annotated[str, typer.Argument(help="A person or place written in Sino-Vietnamese, e.g. 'Lưu Dũng'.")],
    limit: Annotated[int, typer.Option("--limit", help="How many derived candidates to show.")] = 5,
    kind: KindOption = "auto",
    origin: OriginOption = "auto",
    glossary: GlossaryOption = None,
    json_output: JsonOption = False,
) -> None:
    """Suggest Chinese characters, pinyin and English for a Sino-Vietnamese name.

    Exact glossary entries come first (with their provenance), then candidates
    built from Sino-Vietnamese reading tables, marked [bold]derived[/bold], with
    the evidence behind each score. Exit 1 when nothing is found.
    """
    candidates = suggest(name, load_glossary(glossary), limit=limit, kind=kind, origin=origin)
    if json_output:
        typer.echo(json.dumps([c.to_dict() for c in candidates], ensure_ascii=False, indent=2))
        return
    _print_table(name, candidates)


def add_command(
    from_suggest: Annotated[
        Optional[str], typer.Option("--from-suggest", help="The name given to 'tamngu glossary suggest'.", show_default=False)
    ] = None,
    entry_type: Annotated[
        Optional[str], typer.Option("--type", help="Entry type: person, place, organization, title, event.", show_default=False)
    ] = None,
    pick: Annotated[int, typer.Option("--pick", help="Which candidate, numbered as 'suggest' lists them.")] = 1,
    entry_id: Annotated[
        Optional[str], typer.Option("--id", help="Entry id [default: from the English form].", show_default=False)
    ] = None,
    kind: KindOption = "auto",
    origin: OriginOption = "auto",
    glossary: GlossaryOption = None,
    json_output: JsonOption = False,
    from_gaps: Annotated[
        Optional[Path], typer.Option("--from-gaps", help="A reviewed 'tamngu glossary gaps --json' file: add the names marked \"decision\": \"add\".", show_default=False)
    ] = None,
) -> None:
    """Add a suggested rendering (or reviewed names) to the glossary as new [bold]derived[/bold] entries.

    The entry is appended to <type>.toml (the file's formatting is kept), with
    the evidence as its source. A duplicate id or Vietnamese form is refused.
    With --from-gaps, every name of a reviewed 'glossary gaps' file marked
    "decision": "add" is added at once, or none (glossary check stays clean).
    """
    if from_gaps is not None:
        if from_suggest is not None:
            raise BadInputError("give either --from-suggest NAME or --from-gaps FILE, not both")
        from tamngu.commands.glossary_names import add_from_gaps_command

        add_from_gaps_command(from_gaps, glossary, json_output)
        return
    if from_suggest is None or entry_type is None:
        raise BadInputError("give --from-suggest NAME with --type TYPE, or --from-gaps FILE")
    result = add_from_suggestion(from_suggest, pick, entry_type, entry_id, glossary, kind=kind, origin=origin)
    if json_output:
        payload: dict[str, Any] = {"id": result.entry_id, "file": str(result.file), "line": result.line}
        typer.echo(json.dumps({**payload, "candidate": result.candidate.to_dict()}, ensure_ascii=False, indent=2))
        return
    Console(highlight=False).print(f"added [bold]{result.entry_id}[/bold] at {result.file}:{result.line}")
    typer.echo(result.block, nl=False)  # plain: the TOML exactly as written, no wrapping


def _print_table(name: str, candidates: list[Candidate]) -> None:
    console = Console(highlight=False)
    table = Table(title=f"Suggestions for {name}")
    for column in ("#", "zh", "zh_hant", "pinyin", "en", "score", "provenance", "evidence"):
        table.add_column(column, justify="right" if column in ("#", "score") else "left", overflow="fold")
    for number, candidate in enumerate(candidates, 1):
        table.add_row(
            str(number),
            candidate.zh,
            candidate.zh_hant,
            candidate.pinyin,
            candidate.en,
            f"{candidate.score:.3f}",
            candidate.provenance,
            _evidence_summary(candidate),
        )
    console.print(table)
    if not hanviet.unihan_available():
        console.print("note: Unihan data not found; install Debian's unicode-data for more readings.")


def _evidence_summary(candidate: Candidate) -> str:
    """Short evidence for the table; --json has all of it."""
    if candidate.entry_id:
        return f"glossary {candidate.entry_id}"
    if "prefix" in candidate.evidence:
        return f"glossary {candidate.evidence['glossary']['id']} + {candidate.evidence['prefix']}"
    words = " ".join(f"{w['word']}/{w['tag']}" for w in candidate.evidence["words"])
    return f"{candidate.kind}; jieba {words}" if words else f"{candidate.kind}; readings"
