"""Batch runs: outputs, translation memory, resume, lock, dates, bad input.

Most tests use a fake translator (deterministic, glossary-aware) so they run in
milliseconds; the tests at the end run the real pipeline on the tiny random
models, including a SIGKILL-and-resume run in a subprocess.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from tamngu.glossary.loader import load_glossary
from tamngu.glossary.matcher import Matcher
from tamngu.glossary.model import Entry, Glossary
from tamngu.errors import BadInputError, TamnguError
from tamngu.corpus.parse import parse_article
from tamngu.translate.batch import run_batch
from tamngu.translate.config import TranslateConfig
from tamngu.translate.memory import TranslationMemory, make_key, normalize_source
from tamngu.translate.plan import collect_inputs, resolve_date
from tamngu.translate.rundir import run_lock

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
TARGETS = ("en", "zh")


@dataclasses.dataclass
class FakeTarget:
    text: str
    path: str
    terms: list[dict[str, object]]


@dataclasses.dataclass
class FakeResult:
    source: str
    targets: dict[str, FakeTarget]


class FakeTranslator:
    """Writes the pinned target forms of the glossary terms it finds, in order."""

    def __init__(self, glossary: Glossary, fail_after: int | None = None) -> None:
        self.glossary = glossary
        self.calls = 0
        self.segments = 0
        self.fail_after = fail_after

    def translate(self, segments: Sequence[str], targets: Sequence[str] = TARGETS, on_date: dt.date | None = None):  # type: ignore[no-untyped-def]
        if self.fail_after is not None and self.calls >= self.fail_after:
            raise RuntimeError("simulated crash")
        self.calls += 1
        self.segments += len(segments)
        matcher = Matcher(self.glossary, on_date=on_date)
        return [FakeResult(text, {lang: self._target(matcher, text, lang) for lang in targets}) for text in segments]

    def translate_english(self, segments: Sequence[str], english: Sequence[str], on_date: dt.date | None = None):  # type: ignore[no-untyped-def]
        return self.translate(segments, ("zh",), on_date)

    @staticmethod
    def _target(matcher: Matcher, text: str, lang: str) -> FakeTarget:
        pieces: list[str] = []
        terms = []
        for match in matcher.find(text):
            required = match.entry.target(lang)  # type: ignore[arg-type]
            start = len(" ".join(pieces)) + (1 if pieces else 0)
            terms.append(
                {"entry_id": match.entry.id, "type": match.entry.type, "source_text": match.text,
                 "source_start": match.start, "source_end": match.end, "required": required,
                 "alternatives": list(match.entry.target_forms(lang)), "satisfied": True, "target_start": start}
            )  # fmt: skip
            pieces.append(required)
        return FakeTarget(f"<{lang}:{len(text)}> " + " ".join(pieces), "hard", terms)


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(None)


def _run(inputs, out: Path, glossary: Glossary, translator=None, **kwargs):  # type: ignore[no-untyped-def]
    translator = translator or FakeTranslator(glossary)
    config = TranslateConfig(model_en="fake/vi-en", model_zh="fake/en-zh", device="cpu")
    summary = run_batch(list(inputs), out, TARGETS, config, glossary, translator=translator, **kwargs)
    return summary, translator


def _snapshot(run_dir: Path) -> dict[str, bytes]:
    """Every output file's bytes; the manifest without its creation time."""
    files = {}
    for path in sorted(run_dir.rglob("*")):
        if path.is_file() and not path.name.startswith((".", "memory.sqlite")):
            files[str(path.relative_to(run_dir))] = path.read_bytes()
    manifest = json.loads(files.pop("manifest.json"))
    manifest.pop("created")
    files["manifest.json"] = json.dumps(manifest, sort_keys=True).encode()
    return files


# ---------------------------------------------------------------- outputs


def test_seed_run_writes_every_output(tmp_path: Path, glossary: Glossary) -> None:
    summary, _ = _run([SEEDS], tmp_path / "run", glossary)
    run = tmp_path / "run"
    ids = sorted(path.stem for path in SEEDS.glob("*.txt"))
    assert summary.articles == 5 and summary.terms_pinned > 0 and summary.terms_satisfied_pct == 100.0
    assert sorted(p.stem for p in (run / "articles").glob("*.json")) == ids
    assert {p.name for p in run.glob("*.md")} == {f"{i}.{lang}.md" for i in ids for lang in TARGETS}
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["tamngu_run"] == 1 and manifest["complete"] is True and manifest["articles"] == ids
    assert manifest["glossary_version"] == glossary.version
    assert manifest["models"]["vi-en"]["id"] == "fake/vi-en" and manifest["models"]["en-zh"]["revision"] == "missing"
    assert manifest["dates"]["003_6bcdd4cf1a5b396e"] == "2021-05-18"
    assert manifest["date_sources"]["003_6bcdd4cf1a5b396e"] == "article"
    assert "device" not in manifest["decoding"] and manifest["decoding"]["beams"] == 4


def test_article_json_follows_contract(tmp_path: Path, glossary: Glossary) -> None:
    _run([SEEDS / "000_3a4965e06602310f.txt"], tmp_path / "run", glossary)
    document = json.loads((tmp_path / "run/articles/000_3a4965e06602310f.json").read_text())
    manifest = json.loads((tmp_path / "run/manifest.json").read_text())
    # no full date in this article's text: matched as of today, and the manifest says so
    assert document["article"] == "000_3a4965e06602310f" and document["date"] == dt.date.today().isoformat()
    assert manifest["date_sources"] == {"000_3a4965e06602310f": "today"}
    first = document["segments"][0]
    assert first["id"] == "000_3a4965e06602310f:title:0.0" and first["part"] == "title"
    term = first["targets"]["en"]["terms"][0]
    assert set(term) == {"entry_id", "type", "source_text", "source_start", "source_end", "required",
                         "alternatives", "satisfied", "target_start"}  # fmt: skip
    assert first["source"][term["source_start"] : term["source_end"]] == term["source_text"]
    assert len({s["id"] for s in document["segments"]}) == len(document["segments"])


# The TMX 1.4b DTD rules for the elements tamngu writes (required header attributes,
# tu = tuv+, tuv = seg with xml:lang, seg = text).
TMX14_SUBSET = """
<!ELEMENT tmx (header, body)>
<!ATTLIST tmx version CDATA #FIXED "1.4">
<!ELEMENT header EMPTY>
<!ATTLIST header creationtool CDATA #REQUIRED creationtoolversion CDATA #REQUIRED
  segtype (block|paragraph|sentence|phrase) #REQUIRED o-tmf CDATA #REQUIRED adminlang CDATA #REQUIRED
  srclang CDATA #REQUIRED datatype CDATA #REQUIRED>
<!ELEMENT body (tu*)>
<!ELEMENT tu (tuv+)>
<!ATTLIST tu tuid CDATA #IMPLIED>
<!ELEMENT tuv (seg)>
<!ATTLIST tuv xml:lang CDATA #REQUIRED>
<!ELEMENT seg (#PCDATA)>
"""


def test_tmx_is_valid_and_segment_aligned(tmp_path: Path, glossary: Glossary) -> None:
    import io

    from lxml import etree

    summary, _ = _run([SEEDS], tmp_path / "run", glossary)
    dtd = etree.DTD(io.StringIO(TMX14_SUBSET))
    for lang, xml_lang in (("en", "en"), ("zh", "zh-CN")):
        tree = etree.parse(str(tmp_path / f"run/run.vi-{lang}.tmx"), etree.XMLParser(load_dtd=False))
        assert dtd.validate(tree), dtd.error_log.filter_from_errors()
        header = tree.find("header")
        assert tree.getroot().get("version") == "1.4"
        assert (header.get("srclang"), header.get("segtype"), header.get("creationtool")) == ("vi", "sentence", "tamngu")
        assert header.get("adminlang") and header.get("datatype") and header.get("o-tmf")
        units = tree.findall("body/tu")
        assert len(units) == summary.segments - 1  # the seeds' one sentence cut at semicolons for the decoder is one unit
        langs = {tuple(tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")) for tu in units}
        assert langs == {("vi", xml_lang)}


def test_markdown_reassembles_article(tmp_path: Path, glossary: Glossary) -> None:
    _run([SEEDS / "003_6bcdd4cf1a5b396e.txt"], tmp_path / "run", glossary)
    markdown = (tmp_path / "run/003_6bcdd4cf1a5b396e.en.md").read_text()
    blocks = markdown.split("\n\n")
    assert blocks[0].startswith("# ") and blocks[1].startswith("**")
    assert "## Photo captions" in markdown and "*By Thúy Nga*" in markdown and "*Photo: Cao Cường*" in markdown
    assert "Secretary of the Lao Cai Provincial Party Committee" in markdown
    assert "## 图片说明" in (tmp_path / "run/003_6bcdd4cf1a5b396e.zh.md").read_text()


# ---------------------------------------------------------------- memory and resume


def test_rerun_does_no_model_work_and_is_byte_identical(tmp_path: Path, glossary: Glossary) -> None:
    first, _ = _run([SEEDS], tmp_path / "run", glossary)
    before = _snapshot(tmp_path / "run")
    created = json.loads((tmp_path / "run/manifest.json").read_text())["created"]
    second, translator = _run([SEEDS], tmp_path / "run", glossary)
    assert translator.calls == 0 and second.translated == 0
    assert second.cache_hits == first.segments * len(TARGETS)
    assert _snapshot(tmp_path / "run") == before
    assert json.loads((tmp_path / "run/manifest.json").read_text())["created"] == created


def test_force_translates_again(tmp_path: Path, glossary: Glossary) -> None:
    _run([SEEDS / "002_455caeea9bf3c048.txt"], tmp_path / "run", glossary)
    summary, translator = _run([SEEDS / "002_455caeea9bf3c048.txt"], tmp_path / "run", glossary, force=True)
    assert translator.calls > 0 and summary.cache_hits == 0


def test_crash_then_resume_equals_clean_run(tmp_path: Path, glossary: Glossary) -> None:
    _run([SEEDS], tmp_path / "clean", glossary)
    with pytest.raises(RuntimeError, match="simulated crash"):
        _run([SEEDS], tmp_path / "resumed", glossary, translator=FakeTranslator(glossary, fail_after=3))
    assert not list((tmp_path / "resumed").glob(".*.tmp"))
    with TranslationMemory(tmp_path / "resumed/memory.sqlite") as memory:
        committed = len(memory)
    assert committed > 0
    summary, _ = _run([SEEDS], tmp_path / "resumed", glossary)
    assert summary.cache_hits >= committed
    assert _snapshot(tmp_path / "resumed") == _snapshot(tmp_path / "clean")


def test_memory_key_depends_on_pins_decoding_and_model() -> None:
    base = {"model": "m", "revision": "r", "direction": "vi-en", "source": "Tỉnh ủy Lào Cai.",
            "pinned": [("lao-cai", "Lao Cai", "")], "decoding": {"beams": 4}}  # fmt: skip
    digest = make_key(**base).digest  # type: ignore[arg-type]
    assert make_key(**{**base, "source": "Tỉnh uỷ  Lào Cai."}).digest == digest  # type: ignore[arg-type]
    for change in ({"pinned": []}, {"decoding": {"beams": 5}}, {"revision": "r2"}, {"direction": "vi-zh"},
                   {"source": "tỉnh ủy Lào Cai."}):  # fmt: skip
        assert make_key(**{**base, **change}).digest != digest  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("Hoà  bình\u00a0mới", "Hòa bình mới"),
        ("Lào Cai – Hà Nội", "Lào Cai - Hà Nội"),
        ("THUÝ", "THÚY"),
    ],
)
def test_normalize_source(text: str, expected: str) -> None:
    import unicodedata

    assert normalize_source(text) == normalize_source(expected)
    assert normalize_source(unicodedata.normalize("NFD", text)) == normalize_source(expected)


def test_memory_is_wal_and_persists(tmp_path: Path) -> None:
    key = make_key(model="m", revision="r", direction="vi-en", source="A.", pinned=[], decoding={})
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.put_many([(key, "A.", {"text": "a", "path": "hard", "terms": []})])
    with sqlite3.connect(tmp_path / "tm.sqlite") as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        hit = memory.get(key)
    assert hit is not None and hit.result["text"] == "a"


# ---------------------------------------------------------------- dates


def _dated_entry(entry_id: str, en: str, start: str | None, end: str | None) -> Entry:
    return Entry(
        id=entry_id, type="title", vi="Chủ tịch nước", en=en, zh="国家主席", provenance="verified", source="test",
        valid_from=dt.date.fromisoformat(start) if start else None, valid_to=dt.date.fromisoformat(end) if end else None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "on_date", "expected"),
    [
        ("Tiêu đề\n\nNgày 18/5/2021, họp.", None, "President (2021)"),
        ("Tiêu đề\n\nNgày 18/5/2025, họp.", None, "President (2025)"),
        ("Tiêu đề\n\nNgày 18/5/2025, họp.", dt.date(2021, 1, 1), "President (2021)"),
    ],
)
def test_article_date_selects_glossary_entry(
    tmp_path: Path, text: str, on_date: dt.date | None, expected: str
) -> None:
    terms = Glossary((
        _dated_entry("president-2021", "President (2021)", None, "2021-12-31"),
        _dated_entry("president-2025", "President (2025)", "2022-01-01", None),
    ))  # fmt: skip
    source = tmp_path / "in" / "a.txt"
    source.parent.mkdir()
    source.write_text(text.replace("họp", "Chủ tịch nước họp"), encoding="utf-8")
    _run([source], tmp_path / "run", terms, translator=FakeTranslator(terms), on_date=on_date)
    document = json.loads((tmp_path / "run/articles/a.json").read_text())
    required = {t["required"] for s in document["segments"] for t in s["targets"]["en"]["terms"]}
    assert required == {expected}


def test_manifest_date_is_used_when_text_has_none() -> None:
    article = parse_article("Tiêu đề\n\nSáng 30/5, họp.", "x")
    assert resolve_date(article, None, {"dates": {"x": "2023-05-30"}}) == dt.date(2023, 5, 30)
    assert resolve_date(article, None, None) is None
    assert resolve_date(article, dt.date(2020, 1, 1), {"dates": {"x": "2023-05-30"}}) == dt.date(2020, 1, 1)


# ---------------------------------------------------------------- safety and bad input


def test_second_run_on_locked_directory_refuses(tmp_path: Path, glossary: Glossary) -> None:
    out = tmp_path / "run"
    out.mkdir()
    with run_lock(out):
        with pytest.raises(TamnguError, match=r"another tamngu run \(pid \d+\) is writing") as info:
            _run([SEEDS / "002_455caeea9bf3c048.txt"], out, glossary)
    assert info.value.exit_code == 2


def test_empty_file_is_skipped_and_counted(tmp_path: Path, glossary: Glossary) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in/empty.txt").write_bytes(b"")
    (tmp_path / "in/002.txt").write_bytes((SEEDS / "002_455caeea9bf3c048.txt").read_bytes())
    summary, _ = _run([tmp_path / "in"], tmp_path / "run", glossary)
    assert summary.articles == 1 and summary.skipped_empty == [str(tmp_path / "in/empty.txt")]


def test_non_utf8_file_stops_before_any_model_work(tmp_path: Path, glossary: Glossary) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in/a.txt").write_bytes((SEEDS / "002_455caeea9bf3c048.txt").read_bytes())
    (tmp_path / "in/b.txt").write_bytes("Việt Nam và Trung Quốc của các tỉnh được hợp tác.".encode("cp1258", "replace"))
    translator = FakeTranslator(glossary)
    with pytest.raises(BadInputError, match=r"b.txt:1: not UTF-8"):
        _run([tmp_path / "in"], tmp_path / "run", glossary, translator=translator)
    assert translator.calls == 0


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: root / "nothing.txt", "no such file or directory"),
        (lambda root: (root / "emptydir").mkdir() or root / "emptydir", "no articles"),
        (lambda root: (root / "bin.txt").write_bytes(b"\x00\x01\x02binary") and root / "bin.txt", "binary file"),
    ],
)
def test_bad_inputs(tmp_path: Path, glossary: Glossary, make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BadInputError, match=message):
        _run([make(tmp_path)], tmp_path / "run", glossary)


def test_unusable_output_directory(tmp_path: Path, glossary: Glossary) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(BadInputError, match="cannot create the output directory"):
        _run([SEEDS / "002_455caeea9bf3c048.txt"], blocker / "run", glossary)


def test_foreign_directory_needs_force(tmp_path: Path, glossary: Glossary) -> None:
    out = tmp_path / "photos"
    out.mkdir()
    (out / "holiday.jpg").write_bytes(b"x")
    with pytest.raises(BadInputError, match="not a tamngu run directory"):
        _run([SEEDS / "002_455caeea9bf3c048.txt"], out, glossary)
    summary, _ = _run([SEEDS / "002_455caeea9bf3c048.txt"], out, glossary, force=True)
    assert summary.articles == 1


def test_duplicate_article_ids_are_refused(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text("Câu.", encoding="utf-8")
    with pytest.raises(BadInputError, match="article id 'same'"):
        collect_inputs([tmp_path / "a", tmp_path / "b"])


# ---------------------------------------------------------------- real pipeline on the tiny models

_DRIVER = """
import sys
from pathlib import Path
from tamngu.glossary.loader import load_glossary
from tamngu.translate.batch import run_batch
from tamngu.translate.config import TranslateConfig
model_en, model_zh, outs = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
inputs = [Path(p) for p in sys.argv[4:]]
config = TranslateConfig(model_en=model_en, model_zh=model_zh, device="cpu", threads=1, beams=2)
for out in outs:  # one process may do several runs one after the other
    summary = run_batch(inputs, Path(out), ("en", "zh"), config, load_glossary(None), segments_per_call=1)
    print(summary.translated, summary.cache_hits, summary.terms_pinned, summary.terms_satisfied, flush=True)
"""
SHORT_ARTICLES = {
    "a.txt": "Bí thư Tỉnh ủy Lào Cai hội kiến Vân Nam\n\nChiều 29/10, hai tỉnh hội kiến.\n\n"
    "Đồng chí Vương Ninh phát biểu. Hai bên hợp tác.\n\nbaolaocai-br_0042.jpg\nQuang cảnh buổi hội kiến.\n",
    "b.txt": "Lào Cai và Vân Nam hợp tác.\nTỉnh ủy Lào Cai họp.\n",
}


@pytest.fixture()
def short_corpus(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in SHORT_ARTICLES.items():
        paths.append(tmp_path / "in" / name)
        paths[-1].parent.mkdir(exist_ok=True)
        paths[-1].write_text(text, encoding="utf-8")
    return paths


def _driver(tiny_models: dict[str, Path], outs: str, inputs: list[Path], glossary_dir: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_VERBOSITY": "error",
           "TAMNGU_GLOSSARY": str(glossary_dir)}  # fmt: skip
    args = [sys.executable, "-c", _DRIVER, str(tiny_models["en"]), str(tiny_models["zh"]), outs, *map(str, inputs)]
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen[str]) -> list[int]:
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    return [int(value) for value in stdout.split()]


def _committed(memory: Path) -> int:
    if not memory.exists():
        return 0
    try:
        with sqlite3.connect(memory, timeout=1) as db:
            return int(db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # schema not created yet


@pytest.mark.slow
def test_sigkill_then_resume_is_byte_identical(
    tmp_path: Path, tiny_models: dict[str, Path], short_corpus: list[Path]
) -> None:
    """Kill -9 a real run after its first commit; the rerun must equal an uninterrupted run."""
    import shutil

    from tamngu.glossary.loader import default_glossary_dir

    terms = tmp_path / "glossary"  # a frozen copy: the data may change while the suite runs
    shutil.copytree(default_glossary_dir(), terms)
    # one process: an uninterrupted run into clean/, then a run into killed/ that we SIGKILL
    victim = _driver(tiny_models, f"{tmp_path / 'clean'},{tmp_path / 'killed'}", short_corpus, terms)
    assert victim.stdout is not None
    translated, hits, pinned, satisfied = (int(value) for value in victim.stdout.readline().split())
    assert hits == 0 and translated > 0 and pinned > 0 and satisfied == pinned
    deadline = time.monotonic() + 240
    while _committed(tmp_path / "killed/memory.sqlite") == 0 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    victim.send_signal(signal.SIGKILL)
    victim.communicate(timeout=60)
    assert victim.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    assert json.loads((tmp_path / "killed/manifest.json").read_text())["complete"] is False
    committed = _committed(tmp_path / "killed/memory.sqlite")
    assert 0 < committed < translated

    resumed_translated, resumed_hits, _, _ = _finish(_driver(tiny_models, str(tmp_path / "killed"), short_corpus, terms))
    assert resumed_hits >= committed and resumed_translated + committed == translated
    assert _snapshot(tmp_path / "killed") == _snapshot(tmp_path / "clean")
    assert not list((tmp_path / "killed").rglob(".*.tmp"))


def test_write_failure_is_one_clear_error_and_keeps_memory(tmp_path: Path, glossary: Glossary) -> None:
    out = tmp_path / "run"
    out.mkdir()
    (out / "articles").write_text("a file where the articles folder should be")
    (out / "manifest.json").write_text(json.dumps({"tamngu_run": 1}))
    with pytest.raises(TamnguError, match="write failed .*rerun to resume") as info:
        _run([SEEDS / "002_455caeea9bf3c048.txt"], out, glossary)
    assert info.value.exit_code == 2
    with TranslationMemory(out / "memory.sqlite") as memory:
        assert len(memory) > 0


@pytest.mark.parametrize(
    ("target", "expected"),
    [("A & B <C>", "A & B <C>"), ("bad\x01control\x0bchars", "badcontrolchars"), ("“quoted” 'x'", "“quoted” 'x'")],
)
def test_tmx_escapes_text(tmp_path: Path, target: str, expected: str) -> None:
    from lxml import etree

    from tamngu.translate.outputs import TmxWriter

    writer = TmxWriter(tmp_path / "t.tmx", "en", "0")
    writer.add('a:"b"', "nguồn & <x>", target)
    writer.close()
    tree = etree.parse(str(tmp_path / "t.tmx"), etree.XMLParser(load_dtd=False))
    assert tree.find("body/tu").get("tuid") == 'a:"b"'
    assert [seg.text for seg in tree.iter("seg")] == ["nguồn & <x>", expected]


@pytest.mark.parametrize(
    ("pinned", "satisfied", "shown"),
    [(0, 0, "-"), (8, 8, "8 (100.0%)"), (8, 6, "6 (75.0%)")],
)
def test_summary_rows(pinned: int, satisfied: int, shown: str) -> None:
    from tamngu.commands.translate import summary_rows
    from tamngu.translate.records import BatchSummary

    summary = BatchSummary("out", TARGETS, articles=2, segments=10, translated=4, cache_hits=16,
                           terms_pinned=pinned, terms_satisfied=satisfied, skipped_empty=["e.txt"], seconds=2.0)  # fmt: skip
    rows = dict(summary_rows(summary))
    assert rows["terms satisfied"] == shown
    assert (rows["speed"], rows["cache hits"], rows["skipped (empty)"]) == ("5.0 segments/s", "16", "1")
    assert summary.to_dict()["segments_per_second"] == 5.0
