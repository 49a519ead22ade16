"""Browser tests of the web UI against a running Claude Manager (agent simulator).

Environment: CM_BASE_URL, CM_ADMIN_EMAIL, CM_ADMIN_PASSWORD, CM_GIT_REPO (file:// URL of a bare
repository), CM_SCREENSHOT_DIR (optional), CM_CHROME_BINARY / CM_CHROMEDRIVER (optional).
Synchronisation uses explicit waits only.
"""

import secrets
from pathlib import Path

from conftest import require
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

LIFECYCLE_TIMEOUT = 60
UI_TIMEOUT = 15


# ---- helpers -------------------------------------------------------------------------------------

def wait(driver, timeout=UI_TIMEOUT):
    return WebDriverWait(driver, timeout, poll_frequency=0.2,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def css(driver, selector):
    return driver.find_element(By.CSS_SELECTOR, selector)


def visible(driver, selector, timeout=UI_TIMEOUT):
    return wait(driver, timeout).until(EC.visibility_of_element_located((By.CSS_SELECTOR, selector)))


def clickable(driver, selector, timeout=UI_TIMEOUT):
    return wait(driver, timeout).until(EC.element_to_be_clickable((By.CSS_SELECTOR, selector)))


def any_visible(driver, *selectors, timeout=UI_TIMEOUT):
    def shown(d):
        for selector in selectors:
            for element in d.find_elements(By.CSS_SELECTOR, selector):
                if element.is_displayed():
                    return element
        return False
    return wait(driver, timeout).until(shown)


def fill(driver, selector, value):
    field = visible(driver, selector)
    field.clear()
    if value:
        field.send_keys(value)
    return field


def shot(driver, config, name):
    if config.screenshot_dir is None:
        return
    config.screenshot_dir.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(Path(config.screenshot_dir) / f"{name}.png"))


def page_is(driver, name):
    path = driver.execute_script("return window.location.pathname")
    return path.rstrip("/").endswith(name) or (name == "index.html" and path in ("", "/"))


def sign_in(driver, config):
    """Opens the project list, signing in first when the session is missing."""
    driver.get(config.url("index.html"))
    # body[data-role] appears once GET /api/auth/me has answered (the header may show a remembered user earlier).
    wait(driver).until(lambda d: page_is(d, "login.html") or d.find_elements(By.CSS_SELECTOR, "body[data-role]"))
    if page_is(driver, "login.html"):
        fill(driver, "#login-email", config.admin_email)
        fill(driver, "#login-password", config.admin_password)
        clickable(driver, "#login-submit").click()
        wait(driver).until(lambda d: page_is(d, "index.html") and d.find_elements(By.CSS_SELECTOR, "body[data-role]"))
    wait(driver).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, '[data-testid="user-email"]'), config.admin_email))


def row_selector(short_name):
    return f'[data-testid="project-row"][data-short-name="{short_name}"]'


def badge_text(driver, scope_selector):
    badge = css(driver, f'{scope_selector} [data-testid="status-badge"]')
    return badge.get_attribute("textContent").strip()


def wait_for_badge(driver, scope_selector, status, timeout=LIFECYCLE_TIMEOUT):
    seen = []

    def reached(d):
        text = badge_text(d, scope_selector)
        if not seen or seen[-1] != text:
            seen.append(text)
        return text == status

    try:
        wait(driver, timeout).until(reached)
    except Exception as err:
        raise AssertionError(f"badge of {scope_selector} never showed {status!r}; saw {seen}") from err


def mark_page(driver):
    """Leaves a marker in the page's JS state; it survives only as long as the page is not reloaded."""
    token = secrets.token_hex(8)
    driver.execute_script("window.__cmTestMarker = arguments[0];", token)
    return token


def assert_not_reloaded(driver, token):
    assert driver.execute_script("return window.__cmTestMarker;") == token, "the page was reloaded"


def field_error(driver, form_selector, field):
    return css(driver, f'{form_selector} [data-error-for="{field}"]')


def assert_error_next_to(driver, form_selector, field):
    """The field's error slot has text and sits in the same .field block as the input."""
    error = field_error(driver, form_selector, field)
    control = css(driver, f'{form_selector} [name="{field}"]')
    assert error.is_displayed() and error.text.strip(), f"no error shown for {field}"
    same_block = driver.execute_script(
        "return arguments[0].closest('.field') !== null && arguments[0].closest('.field') === arguments[1].closest('.field');",
        error, control)
    assert same_block, f"the error for {field} is not next to its input"
    assert control.get_attribute("aria-invalid") == "true"


# ---- tests ---------------------------------------------------------------------------------------

def record_requests(driver):
    """Records the method and URL of every fetch the page makes, in sessionStorage (it survives navigation)."""
    driver.execute_script("""
        const original = window.fetch;
        window.fetch = (input, init) => {
          const log = JSON.parse(sessionStorage.getItem('cm-requests') || '[]');
          log.push([(init && init.method) || 'GET', String(input)]);
          sessionStorage.setItem('cm-requests', JSON.stringify(log));
          return original(input, init);
        };
    """)


def recorded_requests(driver):
    return driver.execute_script("return JSON.parse(sessionStorage.getItem('cm-requests') || '[]');")


def test_login_rejects_a_wrong_password_then_signs_in(driver, config):
    driver.delete_all_cookies()
    driver.get(config.url("login.html"))
    visible(driver, "#login-form")
    shot(driver, config, "01-login")

    fill(driver, "#login-email", config.admin_email)
    fill(driver, "#login-password", config.admin_password + "-wrong")
    clickable(driver, "#login-submit").click()
    error = visible(driver, '#login-form [data-testid="form-error"]')
    wait(driver).until(lambda d: error.text.strip() != "")
    assert "Invalid email or password" in error.text

    sign_in(driver, config)
    any_visible(driver, "#projects-table", "#projects-empty")
    header = css(driver, "#app-header")
    assert "Claude Manager" in header.text
    assert css(driver, '[data-testid="user-role"]').text.strip().lower() == "admin"
    shot(driver, config, "02-projects")


def test_list_says_agents_are_simulated(driver, config):
    """The server under test runs AGENT_COMMAND=simulator: the banner shows the demo-mode note."""
    sign_in(driver, config)
    demo = visible(driver, '[data-testid="demo-note"]')
    assert "Demo mode: agents are simulated" in demo.text
    assert not driver.find_elements(By.CSS_SELECTOR, '[data-testid="missing-binaries"]')
    # The server under test confines its agents (bubblewrap is installed): no sandbox warning.
    assert not driver.find_elements(By.CSS_SELECTOR, '[data-testid="sandbox-off"]')
    assert not driver.find_elements(By.CSS_SELECTOR, '[data-testid="sandbox-unavailable"]')


def test_project_lifecycle(driver, config):
    require(config.git_repo, "CM_GIT_REPO is not set")
    sign_in(driver, config)
    suffix = secrets.token_hex(3)
    short_name = f"ui-test-{suffix}"
    form = "#create-project-form"

    # Invalid input: errors from the server's 422 appear next to their fields.
    clickable(driver, "#new-project-button").click()
    visible(driver, form)
    fill(driver, f'{form} [name="name"]', f"UI test {suffix}")
    fill(driver, f'{form} [name="shortName"]', "Bad_Name!")
    fill(driver, f'{form} [name="gitRepository"]', config.git_repo)
    fill(driver, f'{form} [name="resources.cpu"]', "lots")
    clickable(driver, "#create-project-submit").click()
    wait(driver).until(lambda d: field_error(d, form, "shortName").text.strip()
                       and field_error(d, form, "resources.cpu").text.strip())
    assert_error_next_to(driver, form, "shortName")
    assert_error_next_to(driver, form, "resources.cpu")
    shot(driver, config, "03-create-form-errors")

    # Valid input: the dialog closes and the badge reaches running without a reload.
    marker = mark_page(driver)
    fill(driver, f'{form} [name="shortName"]', short_name)
    fill(driver, f'{form} [name="resources.cpu"]', "")
    clickable(driver, "#create-project-submit").click()
    wait(driver).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, "#create-project-dialog")))
    row = visible(driver, row_selector(short_name))
    project_id = row.get_attribute("data-project-id")
    assert project_id
    wait_for_badge(driver, row_selector(short_name), "running")
    assert_not_reloaded(driver, marker)
    shot(driver, config, "04-projects-running")

    # The list at phone width: no horizontal page scroll, rows shown as cards.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        wait(driver).until(lambda d: d.execute_script("return window.innerWidth") == 390)
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 390px"
        visible(driver, row_selector(short_name))
        shot(driver, config, "06-projects-390px")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    # The project page: running, with log lines.
    css(driver, f'{row_selector(short_name)} [data-testid="project-link"]').click()
    wait(driver).until(lambda d: page_is(d, "project.html"))
    visible(driver, "#project-view")
    wait_for_badge(driver, "#project-status", "running")
    assert css(driver, "#project-short-name").text.strip() == short_name
    wait(driver, LIFECYCLE_TIMEOUT).until(
        lambda d: css(d, "#project-logs").get_attribute("textContent").strip() != "")
    assert css(driver, "#start-button").get_attribute("disabled") is not None
    shot(driver, config, "05-project-running")

    # Stop, then Start runs the agent again.
    clickable(driver, "#stop-button").click()
    wait_for_badge(driver, "#project-status", "stopped")
    clickable(driver, "#start-button").click()
    wait_for_badge(driver, "#project-status", "running")
    clickable(driver, "#stop-button").click()
    wait_for_badge(driver, "#project-status", "stopped")
    clickable(driver, "#start-button")

    # Delete without keeping the workspace (the request says keepVolumes=false); back on the list it disappears.
    record_requests(driver)
    clickable(driver, "#delete-button").click()
    visible(driver, "#delete-dialog")
    keep = css(driver, "#delete-keep-workspace")
    assert keep.is_selected(), "keep workspace should be checked by default"
    keep.click()
    assert not keep.is_selected()
    clickable(driver, "#delete-confirm").click()
    wait(driver).until(lambda d: page_is(d, "index.html"))
    deletes = [u for m, u in recorded_requests(driver) if m == "DELETE"]
    assert deletes and all("keepVolumes=false" in u for u in deletes), deletes
    any_visible(driver, "#projects-table", "#projects-empty")
    marker = mark_page(driver)
    wait(driver, LIFECYCLE_TIMEOUT).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, f'[data-testid="project-row"][data-project-id="{project_id}"]'))
    assert_not_reloaded(driver, marker)


def test_settings_shows_users_and_a_new_token_once(driver, config):
    sign_in(driver, config)
    clickable(driver, "#nav-settings").click()
    wait(driver).until(lambda d: page_is(d, "settings.html"))

    visible(driver, "#users-table")
    admin_row = visible(driver, f'[data-testid="user-row"][data-email="{config.admin_email}"]')
    assert "admin" in admin_row.find_element(By.CSS_SELECTOR, '[data-testid="user-role-select"]').get_attribute("value")
    visible(driver, "#git-credentials-section")
    visible(driver, "#audit-table")
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", css(driver, "#users-section"))
    shot(driver, config, "07-settings")
    driver.execute_script("window.scrollTo(0, 0);")

    name = f"ui-test-token-{secrets.token_hex(3)}"
    fill(driver, "#token-name", name)
    clickable(driver, "#token-submit").click()
    created = visible(driver, "#token-created")
    wait(driver).until(lambda d: css(d, "#token-value").get_property("value"))
    value = css(driver, "#token-value").get_property("value")
    assert "shown again" in created.text
    token_row = '[data-testid="token-row"]'
    wait(driver).until(lambda d: any(name in r.text for r in d.find_elements(By.CSS_SELECTOR, token_row)))
    shot(driver, config, "08-token-created")

    # Shown once: after a reload the token is listed but its value is nowhere on the page.
    driver.refresh()
    wait(driver).until(lambda d: any(name in r.text for r in d.find_elements(By.CSS_SELECTOR, token_row)))
    assert not css(driver, "#token-created").is_displayed()
    assert value not in driver.page_source
    assert css(driver, "#token-value").get_property("value") == ""

    # Clean up: revoke it.
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, token_row) if name in r.text)
    row.find_element(By.CSS_SELECTOR, '[data-testid="token-revoke"]').click()
    visible(driver, "#confirm-dialog")
    clickable(driver, "#confirm-ok").click()
    wait(driver).until(lambda d: not any(name in r.text for r in d.find_elements(By.CSS_SELECTOR, token_row)))
