"""Owners, collaborators and host-bound git credentials in the browser, against the real server."""

import secrets

from selenium.webdriver.common.by import By

from test_ui import clickable, fill, page_is, shot, sign_in, visible, wait


def test_credentials_show_scope_and_hosts(driver, config):
    sign_in(driver, config)
    clickable(driver, "#nav-settings").click()
    wait(driver).until(lambda d: page_is(d, "settings.html"))
    visible(driver, "#git-credentials-section")
    name = f"ui-cred-{secrets.token_hex(3)}"
    fill(driver, "#gc-name", name)
    driver.execute_script("document.getElementById('gc-provider').value = 'other';")
    fill(driver, "#gc-hosts", "git.example.com, 10.1.2.3:2222")
    fill(driver, "#gc-token", "tok-" + secrets.token_hex(4))
    clickable(driver, "#git-credential-submit").click()
    row_selector = '[data-testid="git-credential-row"]'
    wait(driver).until(lambda d: any(name in r.text for r in d.find_elements(By.CSS_SELECTOR, row_selector)))
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, row_selector) if name in r.text)
    assert row.find_element(By.CSS_SELECTOR, '[data-testid="git-credential-hosts"]').text == \
        "git.example.com, 10.1.2.3:2222"
    assert "personal" in row.find_element(By.CSS_SELECTOR, '[data-testid="git-credential-scope"]').text
    shot(driver, config, "09-credential-hosts")


def test_project_page_shows_owner_and_collaborators(driver, config):
    sign_in(driver, config)
    wait(driver).until(lambda d: page_is(d, "index.html"))
    project = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        fetch('/api/projects', {method: 'POST', headers: {'Content-Type': 'application/json'},
          body: JSON.stringify({name: 'People', gitRepository: arguments[0], start: false})})
          .then((r) => r.json()).then(done, (e) => done({error: String(e)}));
        """,
        config.git_repo,
    )
    assert project.get("id"), project
    driver.get(config.url(f"project.html?id={project['id']}"))
    owner = visible(driver, '[data-testid="project-owner"]')
    wait(driver).until(lambda d: config.admin_email in owner.text)
    visible(driver, "#collaborator-form")
    fill(driver, "#collaborator-email", "nobody@example.com")
    clickable(driver, "#collaborator-submit").click()
    wait(driver).until(lambda d: d.find_element(
        By.CSS_SELECTOR, '#collaborator-form [data-error-for="email"]').text.strip())
    shot(driver, config, "10-project-people")


def test_failed_audit_and_credentials_loads_show_errors(driver, config):
    sign_in(driver, config)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/api/audit*", "*/api/git-credentials*"]})
    try:
        clickable(driver, "#nav-settings").click()
        wait(driver).until(lambda d: page_is(d, "settings.html"))
        toasts = '[data-testid="toast"].toast-error'
        wait(driver).until(lambda d: any("audit log" in t.text for t in d.find_elements(By.CSS_SELECTOR, toasts)))
        wait(driver).until(lambda d: any("git credentials" in t.text for t in d.find_elements(By.CSS_SELECTOR, toasts)))
        shot(driver, config, "11-failed-loads")
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        driver.execute_cdp_cmd("Network.disable", {})
