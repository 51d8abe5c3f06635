"""The desk in a real headless Chromium (Debian's chromium + chromium-driver through Selenium).

One editor's session, as a new user would do it: paste a seed article, translate
it with the tiny test models, see the pins highlighted and open one, review the
names with the keyboard (accept one with an edited English, reject another and
undo it), translate again and see the accepted name pinned as reviewed, find it
on the glossary page. Screenshots at 1280 and 390 px go to ``$TAMNGU_SCREENSHOTS``
(default: the test's temporary folder) for people to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tamngu.tools import seeds_dir
from tamngu.translate.config import TranslateConfig
from web_helpers import copy_glossary

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
selenium = pytest.importorskip("selenium", reason="selenium is in the dev extra: pip install -e '.[dev]'")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"),
]

SEED = "002_455caeea9bf3c048.txt"  # names: Trịnh Việt Hùng, Vương Ninh, Lưu Dũng ... (persons left out of the glossary copy)
EDITED = ("Lưu Dũng", "Liu Yong (Yunnan)")
WAIT = 600  # seconds for one translation of the seed with the tiny models on a busy machine


@pytest.fixture(scope="module")
def server(tiny_models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Any]]:
    """(base URL, glossary dir, app) of a desk on a free loopback port; persons removed so the seed's names are new."""
    import uvicorn

    from tamngu.web.app import create_app
    from tamngu.web.settings import DeskSettings

    root = tmp_path_factory.mktemp("browser")
    glossary = copy_glossary(root / "glossary")
    (glossary / "person.toml").unlink()
    config = TranslateConfig(model_en=str(tiny_models["en"]), model_zh=str(tiny_models["zh"]), device="cpu", beams=1, threads=1)
    port = _free_port()
    app = create_app(DeskSettings(glossary, root / "runs", config=config, port=port))
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    while not uv.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", glossary, app
    uv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # type: ignore[assignment]
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900", "--lang=en"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(2)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("TAMNGU_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_an_editor_session(server: tuple[str, Path, Any], browser: Any, shots: Path) -> None:
    from selenium.webdriver.common.by import By

    url, glossary_dir, app = server
    browser.get(url + "/")
    _shoot(browser, shots, "translate")
    text = (seeds_dir() / SEED).read_text(encoding="utf-8")
    browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.ID, "text"), text)
    browser.find_element(By.CSS_SELECTOR, 'input[name="to"][value="en"]').click()
    assert browser.find_element(By.NAME, "names").is_selected()
    browser.find_element(By.ID, "translate").click()
    _wait(browser, lambda: "/runs/" in browser.current_url, WAIT)

    # pins highlighted, coloured by source; markup in the article would show as text
    kinds = {pin.get_attribute("class").split("pin-")[-1] for pin in browser.find_elements(By.CSS_SELECTOR, ".seg .pin")}
    assert {"auto", "verified"} <= kinds
    _shoot(browser, shots, "article")
    browser.find_element(By.CSS_SELECTOR, ".seg .src .pin-verified").click()
    _wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#entry-panel .entry-card"), 30)
    assert "English" in browser.find_element(By.ID, "entry-panel").text
    _shoot(browser, shots, "article-entry", full=False)
    article_url = browser.current_url

    # review: the editor's name once, then keys
    browser.find_element(By.ID, "review-link").click()
    editor = browser.find_element(By.ID, "editor")
    editor.clear()
    editor.send_keys("Lan Nguyen")
    browser.find_element(By.ID, "save-editor").click()
    _card(browser, EDITED[0]).find_element(By.TAG_NAME, "h2").click()  # the card becomes the current one
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("e")
    field = browser.switch_to.active_element
    assert field.get_attribute("name") == "en"
    field.send_keys(EDITED[1])  # 'e' selected the proposal: typing replaces it
    field.send_keys("\ue00c")  # Escape: back to the card
    browser.find_element(By.TAG_NAME, "body").send_keys("a")
    _wait(browser, lambda: "accepted" in _card(browser, EDITED[0]).text, 60)
    assert EDITED[1] in _card(browser, EDITED[0]).text

    _card(browser, "Phạm Toàn Thắng").find_element(By.TAG_NAME, "h2").click()
    before = _glossary_bytes(glossary_dir)
    browser.find_element(By.TAG_NAME, "body").send_keys("r")
    _wait(browser, lambda: "rejected" in _card(browser, "Phạm Toàn Thắng").text, 60)
    browser.find_element(By.TAG_NAME, "body").send_keys("u")
    _wait(browser, lambda: "Undone" in _card(browser, "Phạm Toàn Thắng").text, 60)  # the card is back, to decide again
    assert _card(browser, "Phạm Toàn Thắng").find_elements(By.CSS_SELECTOR, "button.accept")
    assert _glossary_bytes(glossary_dir) == before
    _shoot(browser, shots, "review")

    # translate again: the accepted name is pinned as reviewed
    browser.get(article_url)
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.ID, "again").click()
    _wait(browser, lambda: _gone(page), 60)
    _wait(browser, lambda: "/runs/" in browser.current_url and browser.find_elements(By.ID, "again"), WAIT)
    session = app.state.desk.session
    assert session.loaded() == ("en",)  # both runs used the models loaded once, by the first
    reviewed = [pin.text for pin in browser.find_elements(By.CSS_SELECTOR, ".seg .src .pin-reviewed")]
    assert EDITED[0] in reviewed
    assert EDITED[1] in [pin.text for pin in browser.find_elements(By.CSS_SELECTOR, ".seg .tgt .pin-reviewed")]
    _shoot(browser, shots, "article-again")

    # the glossary finds it as one types, without diacritics
    browser.find_element(By.LINK_TEXT, "Glossary").click()
    _shoot(browser, shots, "glossary-stale")
    browser.find_element(By.ID, "q").send_keys("luu dung")
    _wait(browser, lambda: EDITED[1] in browser.find_element(By.ID, "hits").text, 30)
    assert "pin-reviewed" in browser.find_element(By.ID, "hits").get_attribute("innerHTML")
    _shoot(browser, shots, "glossary")
    browser.find_element(By.LINK_TEXT, EDITED[0]).click()
    _wait(browser, lambda: "/glossary/entry/" in browser.current_url, 30)
    assert "Lan Nguyen" in browser.find_element(By.CSS_SELECTOR, ".entry-card").text
    _shoot(browser, shots, "entry")

    # an edit the glossary check refuses comes back with the reason beside the field, nothing written
    before = _glossary_bytes(glossary_dir)
    browser.find_element(By.ID, "edit-entry").click()
    browser.find_element(By.ID, "f-valid_from").send_keys("2025-02-30")
    browser.find_element(By.ID, "save").click()
    problem = browser.find_element(By.CSS_SELECTOR, ".field.invalid .problem")
    assert "YYYY-MM-DD" in problem.text and _glossary_bytes(glossary_dir) == before
    _shoot(browser, shots, "entry-edit-refused")

    # nothing the pages need was blocked or failed (the content security policy allows only the desk's own files)
    problems = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE" or "Content Security Policy" in entry["message"]]
    assert not [message for message in problems if "/save - Failed to load resource" not in message], problems  # but the refused edit


def _card(browser: Any, name: str) -> Any:
    from selenium.webdriver.common.by import By

    for card in browser.find_elements(By.CSS_SELECTOR, "[data-review-card]"):
        if name in card.find_element(By.TAG_NAME, "h2").text:
            return card
    raise AssertionError(f"no review card for {name}")


def _gone(element: Any) -> bool:
    from selenium.common.exceptions import StaleElementReferenceException

    try:
        element.tag_name
    except StaleElementReferenceException:
        return True
    return False


def _glossary_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.toml"))}


def _wait(browser: Any, condition: Any, seconds: float) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, seconds, poll_frequency=0.5, ignored_exceptions=(StaleElementReferenceException, AssertionError)).until(
        lambda _: condition()
    )


def _shoot(browser: Any, folder: Path, name: str, full: bool = True) -> None:
    """The whole page (or the window: ``full`` off) at desktop (1280 px) and phone (390 px) width."""
    for width in (1280, 390):
        browser.set_window_size(width, 900)
        height = browser.execute_script("return document.documentElement.scrollHeight")
        if full:
            browser.set_window_size(width, min(int(height) + 140, 6000))
        browser.save_screenshot(str(folder / f"{name}-{width}.png"))
    browser.set_window_size(1280, 900)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
