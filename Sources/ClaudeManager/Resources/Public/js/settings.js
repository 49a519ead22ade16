// Settings page: own password and API tokens for everyone; users, git credentials and the audit
// log for admins (see settings-admin.js and settings-audit.js).

import { api, segment } from './api.js';
import { clearErrors, formToJson, showApiError, showFieldErrors, showFormError, wireErrorSlots, withBusy } from './forms.js';
import { setupAdmin } from './settings-admin.js';
import { setupAudit } from './settings-audit.js';
import { setupCredentials } from './settings-credentials.js';
import { canWrite, confirmAction, el, initPage, isAdmin, reportError, timeElement, toast } from './ui.js';

const $ = (id) => document.getElementById(id);

// ---- password ----------------------------------------------------------------------------------

function setupPassword(user) {
  const form = $('password-form');
  $('pw-username').value = user.email;
  wireErrorSlots(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = formToJson(form);
    if ($('pw-confirm').value !== $('pw-new').value) {
      showFieldErrors(form, [{ field: 'confirmPassword', message: 'The two new passwords differ.' }]);
      return;
    }
    await withBusy(form, async () => {
      try {
        await api.post('/api/auth/password', body, { redirectOn401: false });
        form.reset();
        toast('Your password has been changed.', 'success');
      } catch (err) {
        if (err.status === 401) {
          // 401 may mean "wrong current password" or "session gone": ask the server which.
          try {
            await api.get('/api/auth/me');
            showFieldErrors(form, [{ field: 'currentPassword', message: 'The current password is wrong.' }]);
          } catch {
            // api.get has sent the page to the login page.
          }
        } else if (err.status === 403 && !err.details.length) {
          showFormError(form, err.message || 'The current password is wrong.');
        } else {
          showApiError(form, err, 'The password could not be changed.');
        }
      }
    });
  });
}

// ---- API tokens --------------------------------------------------------------------------------

async function loadTokens() {
  try {
    const tokens = await api.get('/api/tokens');
    renderTokens(Array.isArray(tokens) ? tokens : []);
  } catch (err) {
    reportError(err, 'Could not load API tokens');
  }
}

function renderTokens(tokens) {
  const rows = tokens.filter((t) => t && t.id).map((token) => el('tr', { 'data-testid': 'token-row', 'data-token-id': token.id },
    el('td', { 'data-label': 'Name', text: token.name }),
    el('td', { 'data-label': 'Prefix' }, el('code', { text: token.prefix ? `${token.prefix}…` : '—' })),
    el('td', { 'data-label': 'Created' }, timeElement(token.createdAt)),
    el('td', { 'data-label': 'Expires' }, token.expiresAt ? timeElement(token.expiresAt) : el('span', { class: 'muted', text: 'Never' })),
    el('td', { 'data-label': 'Last used' }, token.lastUsedAt ? timeElement(token.lastUsedAt) : el('span', { class: 'muted', text: 'Never' })),
    el('td', { class: 'cell-actions' },
      el('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-testid': 'token-revoke', text: 'Revoke', onclick: () => revokeToken(token) }))));
  $('tokens-body').replaceChildren(...rows);
  $('tokens-empty').hidden = rows.length > 0;
  $('tokens-table').hidden = rows.length === 0;
}

async function revokeToken(token) {
  const confirmed = await confirmAction({
    title: 'Revoke token?',
    message: `Scripts using “${token.name}” will stop working at once.`,
    confirmLabel: 'Revoke',
    danger: true,
  });
  if (!confirmed) return;
  try {
    await api.del(`/api/tokens/${segment(token.id)}`);
    toast(`Token “${token.name}” revoked.`, 'success');
  } catch (err) {
    reportError(err, 'Could not revoke the token');
  }
  loadTokens();
}

function hideCreatedToken() {
  $('token-value').value = '';
  $('token-created').hidden = true;
}

async function copyToken() {
  const input = $('token-value');
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    input.select();
    document.execCommand('copy');
  }
  toast('Token copied to the clipboard.', 'success', 2500);
}

function setupTokens() {
  const form = $('token-form');
  wireErrorSlots(form);
  $('token-copy').addEventListener('click', copyToken);
  $('token-dismiss').addEventListener('click', hideCreatedToken);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    hideCreatedToken();
    const body = formToJson(form);
    if (!body.name) {
      showFieldErrors(form, [{ field: 'name', message: 'Give the token a name.' }]);
      return;
    }
    await withBusy(form, async () => {
      try {
        const created = await api.post('/api/tokens', body);
        form.reset();
        if (created && typeof created.value === 'string') {
          $('token-value').value = created.value;
          $('token-created').hidden = false;
          $('token-value').focus();
          $('token-value').select();
        }
        loadTokens();
      } catch (err) {
        showApiError(form, err, 'The token could not be created.');
      }
    });
  });
  loadTokens();
}

// ---- start -------------------------------------------------------------------------------------

async function main() {
  let user;
  try {
    user = await initPage();
  } catch (err) {
    reportError(err, 'Could not load your account');
    return;
  }
  setupPassword(user);
  setupTokens();
  if (canWrite(user)) {
    for (const node of document.querySelectorAll('[data-writer-only]')) node.hidden = false;
    setupCredentials(user);
  }
  if (isAdmin(user)) {
    for (const node of document.querySelectorAll('[data-admin-only]')) node.hidden = false;
    setupAdmin(user);
    setupAudit();
  }
}

main();
