"""The desk's routes through Starlette's test client: pages, guards, bad inputs (no model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tamngu.errors import BadInputError, TamnguError
from tamngu.translate.config import TranslateConfig
from tamngu.translate.models import resolve_model
from tamngu.web.settings import DeskSettings
from tamngu.web.worker import DeskJob, DeskWorker
from web_helpers import ARTICLE, NO_MODELS, copy_glossary, csrf_of, desk_client, make_run


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(glossary copy, runs folder with one names run ``batch-1``), shared by the read-only tests."""
    root = tmp_path_factory.mktemp("desk")
    glossary = copy_glossary(root / "glossary")
    make_run(root / "runs", glossary)
    return glossary, root / "runs"


@pytest.fixture()
def client(folders: tuple[Path, Path]) -> TestClient:
    return desk_client(*folders)


@pytest.mark.parametrize(("path", "status", "needle"), [
    ("/", 200, "Translate an article"),
    ("/glossary", 200, "due for re-checking"),
    ("/glossary?q=vuong+ninh", 200, "Vương Ninh"),
    ("/glossary?q=%E7%8E%8B%E5%AE%81", 200, "Vương Ninh"),  # 王宁
    ("/glossary?q=wang+ning", 200, "Vương Ninh"),
    ("/glossary/entry/lao-cai", 200, "Lào Cai"),
    ("/glossary/entry/lao-cai/edit", 200, 'name="base"'),
    ("/glossary/entry/no-such-entry", 404, "no glossary entry"),
    ("/runs", 200, "batch-1"),
    ("/runs/batch-1", 200, "001_visit"),
    ("/runs/batch-1/001_visit", 200, "pin-auto"),
    ("/runs/batch-1/001_visit", 200, "pin-verified"),
    ("/review?run=batch-1", 200, "Hồ Kiến Hoa"),
    ("/runs/no-such-run", 404, "no run"),
    ("/static/htmx.min.js", 200, "htmx"),
])  # fmt: skip
def test_pages(client: TestClient, path: str, status: int, needle: str) -> None:
    response = client.get(path)
    assert (response.status_code, needle in response.text) == (status, True)


@pytest.mark.parametrize("path", [
    "/runs/..%2F..%2Fetc/passwd",
    "/runs/%2E%2E",
    "/runs/%2E%2E/manifest.json",
    "/runs/batch-1/..%2Fmanifest",
    "/runs/batch-1/001_visit/download/md/..%2F..%2Fx",
    "/runs/batch-1/..%2F..%2Fglossary%2Fplace/download/json/en",
    "/runs/batch-1/001_visit/download/exe/en",
    "/runs/batch-1/001_visit/download/md/zh",
    "/runs/report/%2E%2E",
    "/runs/report/%2E%2E%2Fglossary",
    "/runs/.desk-inputs",
    "/runs/outside/001_visit",
])  # fmt: skip
def test_no_path_leads_outside_the_runs_folder(client: TestClient, folders: tuple[Path, Path], path: str) -> None:
    runs = folders[1]
    if not (runs / "outside").exists():
        (runs / "outside").symlink_to(runs.parent / "inputs")  # a symlink out of the folder is refused too
    response = client.get(path)
    assert response.status_code in (400, 404) and "root:" not in response.text


@pytest.mark.parametrize(("kind", "lang", "file"), [
    ("md", "en", "001_visit.en.md"), ("json", "en", "articles/001_visit.json"), ("tmx", "en", "run.vi-en.tmx"),
])  # fmt: skip
def test_downloads_are_the_batch_run_files(client: TestClient, folders: tuple[Path, Path], kind: str, lang: str, file: str) -> None:
    response = client.get(f"/runs/batch-1/001_visit/download/{kind}/{lang}")
    assert response.status_code == 200 and response.content == (folders[1] / "batch-1" / file).read_bytes()


def test_article_text_is_escaped(client: TestClient) -> None:
    html = client.get("/runs/batch-1/001_visit").text
    assert "&lt;script&gt;alert(" in html and "<script>alert(" not in html


def test_pages_carry_a_content_security_policy(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]


def test_translate_page_says_what_is_missing_as_the_cli_does(client: TestClient) -> None:
    with pytest.raises(TamnguError) as cli_error:
        resolve_model(NO_MODELS.model_en, download=False)
    html = client.get("/").text
    assert str(cli_error.value).replace("'", "&#39;") in html and 'id="translate" disabled' in html


@pytest.mark.parametrize(("data", "files", "status", "message"), [
    ({"text": ARTICLE, "to": "en"}, None, 403, "security token"),  # no csrf field
    ({"text": ARTICLE, "to": "en", "csrf": "forged-value-forged-value"}, None, 403, "security token"),
])  # fmt: skip
def test_writing_without_csrf_is_refused(client: TestClient, folders: tuple[Path, Path], data: dict, files: object, status: int, message: str) -> None:
    csrf_of(client)  # the browser has a cookie; the form lacks the matching field
    before = sorted(p.name for p in folders[1].iterdir())
    response = client.post("/translate", data=data, files=files)
    assert (response.status_code, message in response.text) == (status, True)
    assert sorted(p.name for p in folders[1].iterdir()) == before


@pytest.mark.parametrize(("path", "data"), [
    ("/review/decide", {"action": "accept", "vi": "Hồ Kiến Hoa", "en": "Hu Jianhua", "zh": "胡建华", "type": "person"}),
    ("/review/undo", {"receipt": "x"}),
    ("/glossary/entry/lao-cai/save", {"en": "Lao Cay"}),
    ("/editor", {"editor": "Lan"}),
    ("/runs/batch-1/001_visit/again", {}),
])  # fmt: skip
def test_every_writing_form_needs_csrf(client: TestClient, folders: tuple[Path, Path], path: str, data: dict) -> None:
    glossary = folders[0]
    before = {p.name: p.read_bytes() for p in glossary.glob("*.toml")}
    response = client.post(path, data=data, headers={"Cookie": "tamngu_editor=Lan"})
    assert response.status_code == 403
    assert {p.name: p.read_bytes() for p in glossary.glob("*.toml")} == before


def test_a_form_from_another_site_is_refused(client: TestClient) -> None:
    csrf = csrf_of(client)
    response = client.post("/editor", data={"csrf": csrf, "editor": "Lan"}, headers={"Origin": "http://evil.example"})
    assert response.status_code == 403 and "another site" in response.text


@pytest.mark.parametrize(("form", "upload", "status", "message"), [
    ({"to": "en", "date": "2025-13-01"}, None, 400, "article date must be YYYY-MM-DD, got &#39;2025-13-01&#39;"),
    ({"to": "fr"}, None, 400, "choose en, zh or both"),
    ({"to": "en", "text": "   "}, None, 400, "nothing to translate"),
    ({"to": "en"}, ("photo.pdf", b"%PDF-1.4 ...", "application/pdf"), 400, "upload a .txt article or a saved .html page"),
    ({"to": "en"}, ("article.txt", b"\x00\x01\x02binary", "text/plain"), 400, "binary file"),
    ({"to": "en"}, ("article.txt", "Tỉnh Lào Cai".encode("utf-16-le"), "text/plain"), 400, "UTF-8"),
    ({"to": "en"}, ("page.html", b"just words, no markup", "text/html"), 400, "does not look like an HTML page"),
    ({"to": "en"}, ("big.txt", b"a" * (3 * 1024 * 1024), "text/plain"), 413, "too large"),
])  # fmt: skip
def test_bad_translate_input(
    folders: tuple[Path, Path], tiny_models: dict[str, Path], tmp_path: Path, form: dict, upload: tuple | None, status: int, message: str
) -> None:
    config = TranslateConfig(model_en=str(tiny_models["en"]), model_zh=str(tiny_models["zh"]), device="cpu")
    client = desk_client(folders[0], tmp_path / "runs", config=config)
    form = {**form, "csrf": csrf_of(client)}
    response = client.post("/translate", data=form, files={"file": upload} if upload else None)
    assert (response.status_code, message in response.text) == (status, True), response.text[-600:]
    assert not list((tmp_path / "runs").rglob("*.*"))  # nothing kept, no run started


@pytest.mark.parametrize(("headers", "query", "status"), [
    ({}, "", 401),
    ({"Authorization": "Bearer wrong-token-value"}, "", 401),
    ({"Cookie": "tamngu_token=wrong-token-value"}, "", 401),
    ({"Authorization": "Bearer right-token-value"}, "", 200),
    ({"Cookie": "tamngu_token=right-token-value"}, "", 200),
    ({}, "?token=right-token-value", 303),
    ({}, "?token=wrong-token-value", 401),
])  # fmt: skip
def test_token_on_every_request(folders: tuple[Path, Path], headers: dict, query: str, status: int) -> None:
    client = desk_client(*folders, token="right-token-value")
    for path in ("/", "/glossary", "/static/desk.css"):
        response = client.get(path + query, headers=headers, follow_redirects=False)
        assert response.status_code == status
        if status == 303:
            assert response.headers["location"] == path and "tamngu_token=right-token-value" in response.headers["set-cookie"]


@pytest.mark.parametrize(("host", "token", "refused"), [
    ("127.0.0.1", None, False), ("localhost", None, False), ("::1", None, False),
    ("0.0.0.0", None, True), ("192.168.1.20", None, True), ("0.0.0.0", "short", True), ("0.0.0.0", "long-enough-token", False),
])  # fmt: skip
def test_only_loopback_without_a_token(tmp_path: Path, host: str, token: str | None, refused: bool) -> None:
    make = lambda: DeskSettings(tmp_path, tmp_path, host=host, token=token)  # noqa: E731
    if refused:
        with pytest.raises(BadInputError):
            make()
    else:
        assert make().host == host


def test_a_foreign_host_header_is_refused(client: TestClient) -> None:
    assert client.get("/", headers={"Host": "attacker.example:8000"}).status_code == 400


def test_the_queue_shows_each_job_its_place() -> None:
    import threading

    release = threading.Event()
    worker = DeskWorker(lambda job: release.wait(30) and None)
    jobs = [worker.submit(DeskJob(f"run-{n}", "a", Path("a.txt"), ("en",), None, True)) for n in range(3)]
    while jobs[0].state != "running":
        threading.Event().wait(0.01)
    assert [worker.position(job) for job in jobs] == [0, 1, 2]
    release.set()
    assert worker.wait_idle(30) and [job.state for job in jobs] == ["done"] * 3


def test_serve_refuses_a_public_address_without_a_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cli_helpers import invoke

    monkeypatch.delenv("TAMNGU_TOKEN", raising=False)
    code, _, err = invoke(capsys, monkeypatch, "serve", "--host", "0.0.0.0", "--runs", str(tmp_path))
    assert code == 2 and "--token" in err


def test_a_second_translation_sees_its_place_in_the_queue(client: TestClient) -> None:
    import threading

    release = threading.Event()
    desk = client.app.state.desk  # type: ignore[attr-defined]
    saved, desk.worker = desk.worker, DeskWorker(lambda job: release.wait(30) and None)
    try:
        first, second = (desk.worker.submit(DeskJob(f"run-{n}", "a", Path("a.txt"), ("en",), None, True)) for n in range(2))
        while first.state != "running":
            threading.Event().wait(0.01)
        waiting = client.get(f"/jobs/{second.id}/status").text
        starting = client.get(f"/jobs/{first.id}").text
        first.done, first.total = 2, 5
        running = client.get(f"/jobs/{first.id}/status").text
        assert "<strong>1</strong> translation ahead" in waiting and 'hx-trigger="every 1s"' in waiting
        assert "Starting" in starting and "loading the models" in starting
        assert "2 of 5 segments" in running and '<progress max="5" value="2">' in running
    finally:
        release.set()
        desk.worker.wait_idle(30)
        desk.worker = saved


def test_a_run_shows_its_evaluation_report(client: TestClient, folders: tuple[Path, Path]) -> None:
    import json

    report = folders[1] / "eval-1"
    report.mkdir(exist_ok=True)
    data = {"tamngu_eval": 1, "runs": [{"name": "batch-1", "run_dir": str(folders[1] / "batch-1")}],
            "verdict": {"headline": ["batch-1 keeps every pinned term <b>"], "lines": []}}  # fmt: skip
    (report / "report.json").write_text(json.dumps(data), encoding="utf-8")
    (report / "report.html").write_text("<html><body>the report</body></html>", encoding="utf-8")
    page = client.get("/runs/batch-1").text
    assert "batch-1 keeps every pinned term &lt;b&gt;" in page and 'href="/runs/report/eval-1"' in page
    served = client.get("/runs/report/eval-1")
    assert served.text == "<html><body>the report</body></html>" and "sandbox" in served.headers["content-security-policy"]
    assert client.get("/runs/report/batch-1").status_code == 404


@pytest.mark.parametrize(("term", "kind"), [
    ({"satisfied": True, "source": "verified"}, "verified"),
    ({"satisfied": True, "source": "derived"}, "derived"),
    ({"satisfied": True, "source": "auto"}, "auto"),
    ({"satisfied": True, "source": "reviewed"}, "reviewed"),
    ({"satisfied": False, "source": "reviewed"}, "missed"),
    ({"satisfied": False, "source": "auto"}, "missed"),
])  # fmt: skip
def test_pin_kind(term: dict, kind: str) -> None:
    from tamngu.web.segments import pin_views

    assert pin_views([{"entry_id": "x", "required": "X", **term}])[0].kind == kind


@pytest.mark.parametrize(("text", "terms", "chunks"), [
    ("Tỉnh Lào Cai", [{"source_start": 5, "source_end": 12, "satisfied": True}], [("Tỉnh ", None), ("Lào Cai", "verified")]),
    ("Lào Cai", [{"source_start": 0, "source_end": 7, "satisfied": False}], [("Lào Cai", "missed")]),
    ("ab cd", [{"source_start": 0, "source_end": 5, "satisfied": True}, {"source_start": 3, "source_end": 5, "satisfied": True}],
     [("ab cd", "verified")]),  # overlapping: the first span wins
    ("abc", [{"source_start": 2, "source_end": 9, "satisfied": True}], [("abc", None)]),  # out of range: plain text
])  # fmt: skip
def test_source_chunks(text: str, terms: list, chunks: list) -> None:
    from tamngu.web.segments import source_chunks

    terms = [{"entry_id": "x", "required": "X", "source": "verified", **term} for term in terms]
    assert [(c.text, c.pin and c.pin.kind) for c in source_chunks(text, terms)] == chunks


@pytest.mark.parametrize(("text", "term", "chunks"), [
    ("the Lao Cai province", {"target_start": 4, "form": "Lao Cai", "satisfied": True}, [("the ", None), ("Lao Cai", "verified"), (" province", None)]),
    ("老街省", {"target_start": 0, "form": "老街", "satisfied": True}, [("老街", "verified"), ("省", None)]),
    ("nothing", {"target_start": None, "satisfied": False}, [("nothing", None)]),
])  # fmt: skip
def test_target_chunks(text: str, term: dict, chunks: list) -> None:
    from tamngu.web.segments import target_chunks

    term = {"entry_id": "x", "required": "X", "source": "verified", **term}
    assert [(c.text, c.pin and c.pin.kind) for c in target_chunks(text, [term])] == chunks


def test_a_role_the_glossary_could_not_confirm_is_shown(folders: tuple[Path, Path], tmp_path: Path) -> None:
    import json
    import shutil

    runs = tmp_path / "runs"
    shutil.copytree(folders[1] / "batch-1", runs / "batch-1")
    document_path = runs / "batch-1" / "articles" / "001_visit.json"
    document = json.loads(document_path.read_text(encoding="utf-8"))
    term = next(t for s in document["segments"] for t in s["targets"]["en"]["terms"] if t["source"] != "auto")
    term["role_note"] = "role unconfirmed: Deputy Secretary (2021-2025); newest check 2024-01-02"
    document_path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    html = desk_client(folders[0], runs).get("/runs/batch-1/001_visit").text
    assert "has-role-note" in html and "role unconfirmed: Deputy Secretary (2021-2025); newest check 2024-01-02" in html


def test_the_article_page_has_the_term_audit(client: TestClient, folders: tuple[Path, Path]) -> None:
    import json

    document = json.loads((folders[1] / "batch-1" / "articles" / "001_visit.json").read_text(encoding="utf-8"))
    terms = [term for segment in document["segments"] for term in segment["targets"]["en"]["terms"]]
    html = client.get("/runs/batch-1/001_visit").text
    audit = html[html.index('id="audit-en"') :]
    assert f"English audit: {len(terms)} pinned terms, 0 missed" in audit
    assert audit.count("<tr><td><a href=\"#seg-") == len(terms)
