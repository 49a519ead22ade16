"""Fixtures for the browser tests: configuration from the environment, one headless Chromium per
module, and a screenshot of the page when a test fails."""

import os
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


class Config:
    def __init__(self):
        self.base_url = os.environ.get("CM_BASE_URL", "").rstrip("/")
        self.admin_email = os.environ.get("CM_ADMIN_EMAIL", "")
        self.admin_password = os.environ.get("CM_ADMIN_PASSWORD", "")
        self.git_repo = os.environ.get("CM_GIT_REPO", "")
        directory = os.environ.get("CM_SCREENSHOT_DIR", "")
        self.screenshot_dir = Path(directory) if directory else None
        self.chrome_binary = os.environ.get("CM_CHROME_BINARY") or "/usr/bin/chromium"
        self.chromedriver = os.environ.get("CM_CHROMEDRIVER") or "/usr/bin/chromedriver"

    def url(self, page=""):
        return f"{self.base_url}/{page.lstrip('/')}"


def require(condition, reason):
    """Skips the test when `condition` is false; under scripts/test (CM_REQUIRE_UI_SERVER=1) fails it instead."""
    if condition:
        return
    if os.environ.get("CM_REQUIRE_UI_SERVER") == "1":
        pytest.fail(f"CM_REQUIRE_UI_SERVER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def config():
    """The running Claude Manager the tests drive (scripts/test starts the real server)."""
    cfg = Config()
    missing = [name for name, value in (("CM_BASE_URL", cfg.base_url), ("CM_ADMIN_EMAIL", cfg.admin_email),
                                        ("CM_ADMIN_PASSWORD", cfg.admin_password)) if not value]
    require(not missing, f"browser tests need {', '.join(missing)} (a running server)")
    return cfg


@pytest.fixture(scope="module")
def driver(config):
    options = webdriver.ChromeOptions()
    options.binary_location = config.chrome_binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(config.chromedriver), options=options)
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    browser = item.funcargs.get("driver")
    directory = os.environ.get("CM_SCREENSHOT_DIR")
    if browser is None or not directory:
        return
    Path(directory).mkdir(parents=True, exist_ok=True)
    try:
        browser.save_screenshot(str(Path(directory) / f"FAILED-{item.name}.png"))
        logs = browser.get_log("browser")
        (Path(directory) / f"FAILED-{item.name}.console.txt").write_text(
            "\n".join(f"{entry.get('level')} {entry.get('message')}" for entry in logs))
    except Exception as err:  # noqa: BLE001 - a report hook must never raise
        report.sections.append(("screenshot", f"could not save a screenshot: {err}"))
