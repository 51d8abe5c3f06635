"""Deciding names and editing entries at the desk: written through the glossary writer, refused with reasons, undone."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tamngu.glossary.loader import load_glossary
from web_helpers import copy_glossary, csrf_of, desk_client, make_run

HU = {"vi": "Hồ Kiến Hoa", "type": "person", "en": "Hu Jianhua", "zh": "胡建华"}
HTMX = {"HX-Request": "true"}


@pytest.fixture()
def desk(tmp_path: Path) -> tuple[TestClient, Path, str]:
    """(client with an editor name, glossary copy, csrf) over a fresh copy and one names run."""
    glossary = copy_glossary(tmp_path / "glossary")
    make_run(tmp_path / "runs", glossary)
    client = desk_client(glossary, tmp_path / "runs")
    csrf = csrf_of(client, "/review")
    assert client.post("/editor", data={"csrf": csrf, "editor": "Lan Nguyễn", "next": "/review"}).status_code == 200
    return client, glossary, csrf


def _files(glossary: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(glossary.glob("*.toml"))}


def _edit_form(client: TestClient, entry: str = "lao-cai") -> tuple[dict[str, str], str]:
    """The edit form's one-line fields as the browser would send them back, and its base fingerprint."""
    form = client.get(f"/glossary/entry/{entry}/edit").text
    fields = re.findall(r'<input id="f-\w+" name="(\w+)" value="([^"]*)"', form)
    fields += re.findall(r'<textarea id="f-\w+" name="(\w+)" rows="\d+">([^<]*)</textarea>', form)
    fields += [("provenance", re.search(r'name="provenance">.*?<option selected>([^<]*)</option>', form).group(1))]  # type: ignore[union-attr]
    values = {name: html.unescape(value) for name, value in fields}
    base = re.search(r'name="base" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    return values, base


def _decide(client: TestClient, csrf: str, **fields: str) -> object:
    return client.post("/review/decide", data={"csrf": csrf, "run": "batch-1", "dom_id": "name-x", **fields}, headers=HTMX)


def test_review_lists_the_auto_name_with_context_and_proposal(desk: tuple[TestClient, Path, str]) -> None:
    client, _, _ = desk
    html = client.get("/review?run=batch-1").text
    card = html[html.index("Hồ Kiến Hoa") :]
    assert "auto-pinned" in card and "chinese origin" in card and 'value="Hu Jianhua"' in card
    assert "<mark>Hồ Kiến Hoa</mark>" in card  # the name in its sentence


@pytest.mark.parametrize(("fields", "en", "provenance"), [
    ({**HU, "action": "accept"}, "Hu Jianhua", "reviewed"),
    ({**HU, "en": "Hu Jianhua (Honghe)", "action": "accept"}, "Hu Jianhua (Honghe)", "reviewed"),
    ({**HU, "source": "Honghe Daily, 2025-03-04", "verified": "on", "action": "accept"}, "Hu Jianhua", "verified"),
    ({**HU, "verified": "on", "action": "accept"}, "Hu Jianhua", "reviewed"),  # verified needs a source
])  # fmt: skip
def test_accept_writes_one_reviewed_entry(desk: tuple[TestClient, Path, str], fields: dict, en: str, provenance: str) -> None:
    client, glossary_dir, csrf = desk
    response = _decide(client, csrf, **fields)
    assert response.status_code == 200 and "accepted" in response.text and "Undo" in response.text
    entries = [entry for entry in load_glossary(glossary_dir) if entry.vi == "Hồ Kiến Hoa"]
    assert [(e.en, e.zh, e.provenance, e.decided_by) for e in entries] == [(en, "胡建华", provenance, "Lan Nguyễn")]
    assert "Hồ Kiến Hoa" not in client.get("/review?run=batch-1").text  # decided: it leaves the queue


def test_the_next_look_at_the_run_uses_the_decision(desk: tuple[TestClient, Path, str]) -> None:
    client, glossary_dir, csrf = desk
    _decide(client, csrf, **HU, action="accept")
    html = client.get("/glossary?q=ho+kien+hoa").text
    assert "Hu Jianhua" in html and "pin-reviewed" in html


def test_two_tabs_deciding_the_same_name_end_with_one_entry(desk: tuple[TestClient, Path, str]) -> None:
    client, glossary_dir, csrf = desk
    first = _decide(client, csrf, **HU, action="accept")
    second = _decide(client, csrf, **{**HU, "en": "Hu Jian Hua"}, action="accept")
    assert (first.status_code, second.status_code) == (200, 422)
    assert "already entry" in second.text and "not written" in second.text
    assert [entry.en for entry in load_glossary(glossary_dir) if entry.vi == "Hồ Kiến Hoa"] == ["Hu Jianhua"]


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({**HU, "zh": "", "action": "accept"}, "zh", "required"),
    ({**HU, "type": "planet", "action": "accept"}, "type", "must be one of"),
    ({**HU, "vi": "Lào Cai", "action": "accept"}, "vi", "already entry"),
    ({**HU, "action": "maybe"}, "entry", "accept or reject"),
])  # fmt: skip
def test_a_refused_decision_writes_nothing_and_says_why(desk: tuple[TestClient, Path, str], fields: dict, field: str, message: str) -> None:
    client, glossary_dir, csrf = desk
    before = _files(glossary_dir)
    response = _decide(client, csrf, **fields)
    assert response.status_code in (400, 422) and message in response.text
    assert _files(glossary_dir) == before


def test_reject_then_undo_restores_the_bytes(desk: tuple[TestClient, Path, str]) -> None:
    client, glossary_dir, csrf = desk
    before = _files(glossary_dir)
    response = _decide(client, csrf, **HU, action="reject")
    assert response.status_code == 200 and "rejected" in response.text
    assert _files(glossary_dir) != before
    receipt = re.search(r'name="receipt" value="([^"]+)"', response.text).group(1)  # type: ignore[union-attr]
    undone = client.post("/review/undo", data={"csrf": csrf, "receipt": receipt, "dom_id": "name-x"}, headers=HTMX)
    assert undone.status_code == 200 and _files(glossary_dir) == before
    again = client.post("/review/undo", data={"csrf": csrf, "receipt": receipt, "dom_id": "name-x"}, headers=HTMX)
    assert again.status_code == 409  # a receipt is used once


def test_accept_then_undo_leaves_the_glossary_as_it_was(desk: tuple[TestClient, Path, str]) -> None:
    client, glossary_dir, csrf = desk
    before = _files(glossary_dir)
    response = _decide(client, csrf, **HU, action="accept")
    receipt = re.search(r'name="receipt" value="([^"]+)"', response.text).group(1)  # type: ignore[union-attr]
    assert client.post("/review/undo", data={"csrf": csrf, "receipt": receipt}, headers=HTMX).status_code == 200
    assert _files(glossary_dir) == before


def test_a_decision_or_an_edit_needs_the_editor_name(tmp_path: Path) -> None:
    glossary = copy_glossary(tmp_path / "glossary")
    make_run(tmp_path / "runs", glossary)
    client = desk_client(glossary, tmp_path / "runs")
    csrf = csrf_of(client, "/review")
    before = _files(glossary)
    response = _decide(client, csrf, **HU, action="accept")
    assert response.status_code == 400 and "type your name" in response.text
    values, base = _edit_form(client)
    response = client.post("/glossary/entry/lao-cai/save", data={**values, "note": "x", "csrf": csrf, "base": base})
    assert response.status_code == 400 and "type your name" in response.text and 'id="editor"' in response.text
    assert _files(glossary) == before


@pytest.mark.parametrize(("changes", "status", "field", "message"), [
    ({"en": "Lao Cai Province"}, 303, None, None),
    ({"valid_from": "2025-02-30"}, 422, "valid_from", "a date (YYYY-MM-DD)"),
    ({"vi": "Hà Khẩu"}, 422, "vi", "Hà Khẩu"),  # another entry's form: a conflict glossary check reports
    ({"zh": ""}, 422, "zh", "required"),
])  # fmt: skip
def test_edit_entry(desk: tuple[TestClient, Path, str], changes: dict, status: int, field: str | None, message: str | None) -> None:
    client, glossary_dir, csrf = desk
    values, base = _edit_form(client)
    before = _files(glossary_dir)
    response = client.post("/glossary/entry/lao-cai/save", data={**values, **changes, "csrf": csrf, "base": base}, follow_redirects=False)
    assert response.status_code == status
    if status == 303:
        assert load_glossary(glossary_dir).get("lao-cai").en == "Lao Cai Province"  # type: ignore[union-attr]
        return
    assert _files(glossary_dir) == before
    assert re.search(rf'id="f-{field}"[^\n]*\n(?:.*\n)?\s*<p class="problem" role="alert">[^<]*{re.escape(message or "")}', response.text), response.text[-3000:]


def test_an_edit_over_a_changed_entry_is_refused(desk: tuple[TestClient, Path, str]) -> None:
    client, glossary_dir, csrf = desk
    values, base = _edit_form(client)
    first = client.post("/glossary/entry/lao-cai/save", data={**values, "note": "first tab", "csrf": csrf, "base": base}, follow_redirects=False)
    second = client.post("/glossary/entry/lao-cai/save", data={**values, "note": "second tab", "csrf": csrf, "base": base}, follow_redirects=False)
    assert (first.status_code, second.status_code) == (303, 409) and "changed since you opened" in second.text
    assert load_glossary(glossary_dir).get("lao-cai").note == "first tab"  # type: ignore[union-attr]


def test_a_glossary_file_changed_on_disk_is_read_again(desk: tuple[TestClient, Path, str]) -> None:
    client, glossary_dir, _ = desk
    assert "Hồ Kiến Hoa" in client.get("/review?run=batch-1").text
    with (glossary_dir / "person.toml").open("a", encoding="utf-8") as handle:  # an editor's text editor, meanwhile
        handle.write('\n[[entry]]\nid = "hu-jianhua"\ntype = "person"\nvi = "Hồ Kiến Hoa"\nen = "Hu Jianhua"\nzh = "胡建华"\n'
                     'provenance = "derived"\nsource = "test: Sino-Vietnamese readings of each syllable"\n')  # fmt: skip
    assert "Hồ Kiến Hoa" not in client.get("/review?run=batch-1").text
    assert "hu-jianhua" in client.get("/glossary?q=ho+kien+hoa").text


@pytest.mark.parametrize(("changes", "provenance"), [
    ({"note": "Checked against the provincial portal."}, "verified"),  # the forms did not change: the source still holds
    ({"checked": "2026-12-01"}, "verified"),
    ({"en": "Lao Cai Province"}, "reviewed"),  # a form changed: the editor's decision
])  # fmt: skip
def test_an_edit_keeps_the_provenance_unless_a_form_changes(desk: tuple[TestClient, Path, str], changes: dict, provenance: str) -> None:
    client, glossary_dir, csrf = desk
    assert load_glossary(glossary_dir).get("lao-cai").provenance == "verified"  # type: ignore[union-attr]
    values, base = _edit_form(client)
    response = client.post("/glossary/entry/lao-cai/save", data={**values, **changes, "provenance": "verified", "csrf": csrf, "base": base},
                           follow_redirects=False)  # fmt: skip
    assert response.status_code == 303
    assert load_glossary(glossary_dir).get("lao-cai").provenance == provenance  # type: ignore[union-attr]


def test_without_javascript_a_decision_is_a_plain_form_post(desk: tuple[TestClient, Path, str]) -> None:
    client, glossary_dir, csrf = desk
    data = {"csrf": csrf, "run": "batch-1", "dom_id": "name-x", **HU, "action": "accept"}
    response = client.post("/review/decide", data=data, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/review?run=batch-1")
    refused = client.post("/review/decide", data=data, follow_redirects=False)
    assert refused.status_code == 422 and "<!doctype html>" in refused.text and "already entry" in refused.text
