"""``tamngu translate``: plain text (one segment per line), or article runs with ``--out``."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from tamngu.commands.options import (
    ConfigOption,
    DateOption,
    GlossaryOption,
    JsonOption,
    ModelEnOption,
    ModelZhOption,
    examples,
    parse_date,
)
from tamngu.commands.interrupt import interruptible
from tamngu.commands.progress import progress, rate_text
from tamngu.errors import BadInputError
from tamngu.translate.config import TranslateConfig, load_config
from tamngu.translate.pipeline import SegmentResult, Translator, result_dict
from tamngu.translate.records import BatchSummary
from tamngu.translate.rundir import MEMORY_FILE
from tamngu.translate.runner import BatchProgress, ProgressCallback


EPILOG = examples(
    "tamngu translate seeds/002_455caeea9bf3c048.txt --to en --json --model-en models/vi-en",
    "tamngu translate seeds/ --to en,zh --out out/ --model-en models/vi-en --model-zh models/en-zh",
    "tamngu translate seeds/ --out out/ --executor ray --ray-actors 2 --model-en models/vi-en --model-zh models/en-zh",
)
EXECUTORS = ("local", "ray")
# plain text is printed when every line is translated: a stop keeps nothing
PLAIN_KEPT = "nothing was printed (plain text prints when every line is done): rerun it, or translate articles with --out DIR to keep finished segments"


def translate_command(
    inputs: Annotated[list[str], typer.Argument(help="A text file (one segment per line) or '-' for stdin; with --out, article files or directories.")],
    to: Annotated[str, typer.Option("--to", help="Target languages: en, zh or en,zh (zh pivots through English).")] = "en,zh",
    model_en: ModelEnOption = None,
    model_zh: ModelZhOption = None,
    constraints: Annotated[str | None, typer.Option("--constraints", help="hard (guaranteed terms, default), soft or off.")] = None,
    beams: Annotated[int | None, typer.Option("--beams", min=1, help="Beam size (1 = greedy).")] = None,
    engine: Annotated[str | None, typer.Option("--engine", help="torch (default) or ct2 (CTranslate2, terms verified and re-decoded).")] = None,
    device: Annotated[str | None, typer.Option("--device", help="auto (CUDA when available), cpu or cuda.")] = None,
    torch_quantization: Annotated[str | None, typer.Option("--torch-quantization", help="Weights of the torch engine: auto (int8 on CPU, float16 on CUDA), int8, float32, float16 or bfloat16.")] = None,
    threads: Annotated[int | None, typer.Option("--threads", min=1, help="CPU threads of the engines (default: every physical core; config key threads). Outputs are the same for any count.")] = None,
    glossary_dir: GlossaryOption = None,
    date: DateOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="Run directory for article files (JSON, Markdown, TMX, manifest).")] = None,
    force: Annotated[bool, typer.Option("--force", help="With --out: ignore the translation memory; allow a non-run directory.")] = False,
    config_file: ConfigOption = None,
    json_output: JsonOption = False,
    executor: Annotated[str, typer.Option("--executor", help="With --out: local (this process) or ray (Ray Data actors; needs the ray extra).")] = "local",
    ray_address: Annotated[str | None, typer.Option("--ray-address", help="With --executor ray: join a cluster from one of its nodes (auto or HOST:6379); default: start Ray on this machine.")] = None,
    ray_actors: Annotated[int | None, typer.Option("--ray-actors", min=1, help="With --executor ray: translator actors (default: one per GPU, else one per CPU).")] = None,
    names: Annotated[bool, typer.Option("--names", help="Also pin names no glossary entry covers (auto, unreviewed; review: tamngu glossary gaps).")] = False,
    role_window: Annotated[int | None, typer.Option("--role-window", min=0, help="Days: a person's role bound to an office is 'role unconfirmed' in the audit unless a source this recent saw it held (default 180; config key role_window_days).")] = None,
) -> None:
    """Translate Vietnamese into English and/or Chinese with every pinned glossary term.

    Plain text: each input line is one segment; prints one translation per line
    (tab-separated columns for en,zh), or with --json one object per segment
    (source, targets, per-term audit). Article files or directories with --out
    run the batch pipeline (--json prints the run's summary).
    """
    config = load_config(config_file, model_en=model_en, model_zh=model_zh, constraints=constraints,
                         beams=beams, engine=engine, device=device, torch_quantization=torch_quantization,
                         role_window_days=role_window, threads=threads)
    targets = _targets(to)
    on_date = parse_date(date)
    glossary = _load_glossary(glossary_dir)
    ray = _ray_settings(executor, ray_address, ray_actors)
    if out is not None or any(Path(item).is_dir() for item in inputs):
        _run_batch(inputs, out, targets, config, glossary, on_date, force, quiet=json_output, ray=ray, names=names)
        return
    lines, page_day = _read_lines(inputs)
    day = on_date or page_day or dt.date.today()  # plain lines carry no article date: undated input is matched as of today
    with interruptible(PLAIN_KEPT):
        results, seconds = _translate_lines(lines, targets, config, glossary, day, quiet=json_output, names=names)
    _print_results(results, targets, json_output)
    typer.echo(f"glossary matched as of {day} ({'--date' if on_date else 'page date' if page_day else 'today: no --date given'})", err=True)
    if not json_output:
        Console(stderr=True).print(_summary_table(results, targets, seconds))


def _translate_lines(lines: list[str], targets: tuple[str, ...], config: TranslateConfig, glossary: Any,
                     on_date: dt.date | None, *, quiet: bool, names: bool = False) -> tuple[list[SegmentResult], float]:
    translator = Translator(config, glossary, names=names)
    translator.prepare(targets)  # a missing model stops here, before any work
    passes = len(lines) * (2 if "zh" in targets else 1)
    started = time.monotonic()
    done = [0.0]
    with progress("translating") as update:  # on stderr, with --json too

        def advance(segments: float) -> None:
            done[0] += segments
            update(done[0], passes)  # type: ignore[misc]

        results = translator.translate(lines, targets, on_date, progress=advance)
    return results, time.monotonic() - started


def _run_batch(inputs: list[str], out: Path | None, targets: tuple[str, ...], config: TranslateConfig, glossary: Any,
               on_date: dt.date | None, force: bool, *, quiet: bool, names: bool = False, ray: Any = None) -> None:
    from tamngu.translate.batch import run_batch

    if out is None:
        raise BadInputError(f"'{next(i for i in inputs if Path(i).is_dir())}' is a directory; add --out DIR to translate articles")
    kept = f"the finished segments are kept in {out / MEMORY_FILE}: rerun the same command to resume"
    with interruptible(kept), _batch_executor(ray, config, glossary) as executor, _batch_progress() as on_progress:
        summary = run_batch([Path(i) for i in inputs], out, targets, config, glossary, on_date=on_date, force=force,
                            on_progress=on_progress, executor=executor, names=names)
    if quiet:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        Console(stderr=True).print(summary_table(summary))


def _ray_settings(executor: str, address: str | None, actors: int | None) -> Any:
    """The Ray settings for ``--executor ray`` (None for local); Ray options without it are a mistake."""
    if executor not in EXECUTORS:
        raise BadInputError(f"--executor must be one of {', '.join(EXECUTORS)}, got '{executor}'")
    if executor == "local":
        if address is not None or actors is not None:
            raise BadInputError("--ray-address and --ray-actors need --executor ray")
        return None
    from tamngu.translate.ray_executor import RaySettings

    return RaySettings(address=address, actors=actors)


@contextmanager
def _batch_executor(ray: Any, config: TranslateConfig, glossary: Any) -> Iterator[Any]:
    """The executor of a batch run: None (run_batch's local one), or a started Ray executor."""
    if ray is None:
        yield None
        return
    from tamngu.translate.ray_executor import RayExecutor

    with RayExecutor(config, glossary, ray) as executor:
        yield executor


@contextmanager
def _batch_progress() -> Iterator[ProgressCallback]:
    """Progress on stderr fed by the runner's events (with --json too): a bar on a terminal, else a plain line
    every few seconds (:mod:`tamngu.commands.progress`); nothing before the first event."""
    with progress("translating") as update:

        def on_event(event: BatchProgress) -> None:
            update(event.done, event.total)  # type: ignore[misc]

        yield on_event


def summary_rows(summary: BatchSummary) -> list[tuple[str, str]]:
    """(label, value) rows of the end-of-run table."""
    satisfied = summary.terms_satisfied_pct
    return [
        ("articles", str(summary.articles)),
        ("skipped (empty)", str(len(summary.skipped_empty))),
        *_skipped_input_rows(summary),
        *_duplicate_rows(summary),
        ("segments", str(summary.segments)),
        ("targets", ", ".join(summary.targets)),
        ("terms pinned", str(summary.terms_pinned)),
        ("terms satisfied", f"{summary.terms_satisfied} ({satisfied:.1f}%)" if satisfied is not None else "-"),
        ("pins glossary / auto", f"{summary.terms_pinned - summary.terms_auto} / {summary.terms_auto}"
         + (f" (review: tamngu glossary gaps {summary.run_dir})" if summary.terms_auto else "")),
        ("roles unconfirmed / ended", f"{summary.roles_unconfirmed} / {summary.roles_ended}"
         + (" (role_note in the articles' audit; tamngu glossary check --stale)" if summary.roles_unconfirmed + summary.roles_ended else "")),
        ("model translations", str(summary.translated)),
        ("cache hits", str(summary.cache_hits)),
        ("time", f"{summary.seconds:.1f} s"),
        ("speed", rate_text(summary.segments_per_second)),
        ("run directory", summary.run_dir),
    ]


def _skipped_input_rows(summary: BatchSummary) -> list[tuple[str, str]]:
    """One row per directory entry named like an article that was not one (a dangling link, a FIFO, a folder)."""
    return [("skipped (not a file)", f"{Path(item['path']).name}: {item['reason']}") for item in summary.skipped_inputs]


def _duplicate_rows(summary: BatchSummary) -> list[tuple[str, str]]:
    """How many paragraphs were dropped as repeats, in how many articles (the manifest lists them)."""
    dropped = summary.duplicates_dropped
    if not dropped:
        return []
    count = sum(len(items) for items in dropped.values())
    return [("duplicates dropped", f"{count} paragraph{'s' if count != 1 else ''} in {len(dropped)} article"
             f"{'s' if len(dropped) != 1 else ''} (manifest: duplicates_dropped)")]


def summary_table(summary: BatchSummary) -> Table:
    """The end-of-run summary of a batch run."""
    table = Table(title="tamngu translate", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    for label, value in summary_rows(summary):
        table.add_row(label, value)
    return table


def _read_lines(inputs: list[str]) -> tuple[list[str], dt.date | None]:
    """The segments to translate and, for a saved page, its date."""
    from tamngu.corpus.encoding import decode_article_bytes

    if len(inputs) != 1:
        raise BadInputError(f"plain-text mode takes one file or '-', got {len(inputs)} inputs; add --out DIR for several articles")
    name = inputs[0]
    if name == "-":
        data, label = sys.stdin.buffer.read(), "<stdin>"
    else:
        path = Path(name)
        if not path.is_file():
            raise BadInputError(f"input file '{name}' does not exist; pass a UTF-8 text file or '-' for stdin")
        if path.suffix.lower() in (".html", ".htm"):
            return _page_segments(path)
        data, label = path.read_bytes(), name
    lines = [line.strip() for line in decode_article_bytes(data, label).splitlines()]
    if not any(lines):  # refused before any model is loaded
        what = "is empty" if not data else "holds only blank lines"
        raise BadInputError(f"{label} {what}: nothing to translate; plain mode translates each line of a UTF-8 text file or of stdin ('-')")
    return lines, None


def _page_segments(path: Path) -> tuple[list[str], dt.date | None]:
    """A saved news page: its article's sentences (title, lead, body, captions) and the page's date."""
    from tamngu.corpus.parse import article_date, load_article
    from tamngu.corpus.segment import segments_of

    article = load_article(path)
    return [segment.text for segment in segments_of(article)], article_date(article)


def _print_results(results: list[SegmentResult], targets: tuple[str, ...], json_output: bool) -> None:
    for result in results:
        if json_output:
            typer.echo(json.dumps(result_dict(result), ensure_ascii=False))
        else:
            typer.echo("\t".join(result.targets[lang].text for lang in targets))


def _summary_table(results: list[SegmentResult], targets: tuple[str, ...], seconds: float) -> Table:
    table = Table(title="tamngu translate", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    table.add_row("segments", str(sum(1 for r in results if r.source.strip())))
    for lang in targets:
        terms = [t for r in results for t in r.targets[lang].terms]
        hits = sum(t.satisfied for t in terms)
        share = f" ({100.0 * hits / len(terms):.1f}%)" if terms else ""
        table.add_row(f"terms {lang}", f"{hits}/{len(terms)}{share}")
    for note in dict.fromkeys(t.role_note for r in results for t in r.targets[targets[0]].terms if t.role_note):
        table.add_row("role", note)  # "role unconfirmed: ..." / "role ended: ..." (issue 24)
    table.add_row("time", f"{seconds:.1f} s")
    return table


def _targets(to: str) -> tuple[str, ...]:
    targets = tuple(dict.fromkeys(part.strip() for part in to.split(",") if part.strip()))
    if not targets or any(lang not in ("en", "zh") for lang in targets):
        raise BadInputError(f"--to must be en, zh or en,zh, got '{to}'")
    return targets


def _load_glossary(directory: Path | None) -> Any:
    from tamngu.glossary.loader import load_glossary

    return load_glossary(directory)
