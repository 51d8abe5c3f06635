"""Annotation throughput of :class:`tamngu.glossary.matcher.Matcher` on a large glossary.

The glossary is the shipped one padded with generated entries up to
``--entries`` (10,000 by default): names of two to four syllables drawn from
the syllables of the seed articles, capitalized like Vietnamese names, so the
token trie has realistic fan-out. The text is the seed articles repeated to
``--mb`` megabytes (10^6 bytes of UTF-8). Two ways of calling the matcher are
timed: one call per line (how translation uses it, one segment at a time) and
one call on the whole text.

Run: ``python -m tamngu.tools.glossary_bench`` (``--help`` for options). Prints entries, MB,
seconds and MB/s per mode, also on CPU time (the machine is shared, so wall
time moves with other load); the target is at least 1 MB/s.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from tamngu.glossary.loader import load_glossary
from tamngu.tools import seeds_dir
from tamngu.glossary.matcher import Matcher
from tamngu.glossary.model import ENTRY_TYPES, Entry, Glossary
from tamngu.glossary.normalize import normalize, strip_marks

SEEDS = seeds_dir()
_SYLLABLE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class BenchResult:
    """One timed mode: how many entries, how much text, how long."""

    mode: str
    entries: int
    megabytes: float
    seconds: float
    cpu_seconds: float
    matches: int

    @property
    def mb_per_second(self) -> float:
        return self.megabytes / self.seconds if self.seconds else float("inf")

    @property
    def mb_per_cpu_second(self) -> float:
        """Throughput on this process's CPU time: steadier than wall time on a busy machine."""
        return self.megabytes / self.cpu_seconds if self.cpu_seconds else float("inf")


def seed_text(seeds: Path = SEEDS) -> str:
    """The seed articles, concatenated."""
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(seeds.glob("*.txt")))


def padded_glossary(base: Glossary, size: int, syllables: Sequence[str], seed: int = 0) -> Glossary:
    """``base`` plus generated entries, ``size`` entries in all; generated forms never repeat a real one."""
    rng = random.Random(seed)
    taken = {normalize(form) for entry in base for form in entry.vi_forms}
    generated: list[Entry] = []
    while len(base) + len(generated) < size:
        name = " ".join(rng.choice(syllables).capitalize() for _ in range(rng.randint(2, 4)))
        if normalize(name) in taken:
            continue
        taken.add(normalize(name))
        generated.append(_generated_entry(len(generated), name, rng.choice(ENTRY_TYPES)))
    return Glossary(base.entries + tuple(generated), base.directory, base.version)


def _generated_entry(number: int, name: str, entry_type: str) -> Entry:
    english = strip_marks(name)
    return Entry(f"generated-{number}", entry_type, name, english, "生成", "derived", "tamngu.tools.glossary_bench: generated")


def syllables_of(text: str) -> list[str]:
    """Distinct lower-case syllables of ``text`` (letters only), in first-seen order."""
    return list(dict.fromkeys(word.lower() for word in _SYLLABLE.findall(unicodedata.normalize("NFC", text))))


def repeat_to(text: str, megabytes: float) -> str:
    """``text`` repeated until it is at least ``megabytes`` of UTF-8."""
    size = len(text.encode("utf-8"))
    return "\n".join([text] * max(1, -(-int(megabytes * 1e6) // size)))


def bench(matcher: Matcher, text: str, mode: str, entries: int) -> BenchResult:
    """Time ``matcher.find`` over ``text`` line by line (``lines``) or in one call (``whole``)."""
    pieces = text.split("\n") if mode == "lines" else [text]
    start, cpu_start = time.perf_counter(), time.process_time()
    matches = sum(len(matcher.find(piece)) for piece in pieces)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    return BenchResult(mode, entries, len(text.encode("utf-8")) / 1e6, seconds, cpu_seconds, matches)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: build the glossary and text, time each mode, print one line per mode."""
    args = _parser().parse_args(argv)
    text = seed_text()
    glossary = padded_glossary(load_glossary(args.glossary), args.entries, syllables_of(text), args.seed)
    start = time.perf_counter()
    matcher = Matcher(glossary)
    build = time.perf_counter() - start
    corpus = repeat_to(text, args.mb)
    results = [bench(matcher, corpus, mode, len(glossary)) for mode in args.modes for _ in range(args.repeat)]
    _report(results, build, args.json)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tamngu.tools.glossary_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000, help="glossary size after padding (default 10000)")
    parser.add_argument("--mb", type=float, default=3.0, help="megabytes of text (default 3)")
    parser.add_argument("--modes", nargs="+", choices=("lines", "whole"), default=["lines", "whole"])
    parser.add_argument("--repeat", type=int, default=1, help="time each mode this many times")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the generated entries")
    parser.add_argument("--glossary", type=Path, default=None, help="base glossary directory (default: the shipped one)")
    parser.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    return parser


def _report(results: list[BenchResult], build_seconds: float, as_json: bool) -> None:
    if as_json:
        for result in results:
            rates = {"mb_per_second": round(result.mb_per_second, 3), "mb_per_cpu_second": round(result.mb_per_cpu_second, 3)}
            print(json.dumps({**asdict(result), **rates, "build_seconds": round(build_seconds, 3)}))
        return
    print(f"matcher built in {build_seconds:.2f} s")
    print(f"{'mode':<6} {'entries':>8} {'MB':>7} {'seconds':>8} {'MB/s':>7} {'cpu s':>7} {'MB/cpu s':>9} {'matches':>9}")
    for r in results:
        print(
            f"{r.mode:<6} {r.entries:>8} {r.megabytes:>7.2f} {r.seconds:>8.2f} {r.mb_per_second:>7.2f}"
            f" {r.cpu_seconds:>7.2f} {r.mb_per_cpu_second:>9.2f} {r.matches:>9}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
