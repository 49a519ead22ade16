// Git credentials on the settings page: members store personal ones, admins also shared ones; each is
// bound to the hosts it may be sent to. Secret values are write-only and never shown.

import { api, segment } from './api.js';
import { onJsonSubmit } from './forms.js';
import { confirmAction, el, isAdmin, reportError, timeElement, toast } from './ui.js';

const $ = (id) => document.getElementById(id);
let me = null;

async function loadCredentials() {
  try {
    const credentials = await api.get('/api/git-credentials');
    renderCredentials(Array.isArray(credentials) ? credentials : []);
  } catch (err) {
    reportError(err, 'Could not load git credentials');
  }
}

function renderCredentials(credentials) {
  const rows = credentials.filter((c) => c && c.id).map((credential) => el('tr', { 'data-testid': 'git-credential-row', 'data-credential-id': credential.id },
    el('td', { 'data-label': 'Name', text: credential.name }),
    el('td', { 'data-label': 'Type', text: credential.type }),
    el('td', { 'data-label': 'Scope', 'data-testid': 'git-credential-scope', text: credential.scope === 'shared' ? 'shared' : (credential.ownerId === me.id ? 'personal (yours)' : 'personal') }),
    el('td', { 'data-label': 'Hosts', class: 'mono', 'data-testid': 'git-credential-hosts', text: (credential.hosts || []).join(', ') || 'none' }),
    el('td', { 'data-label': 'Username', text: credential.username || '—' }),
    el('td', { 'data-label': 'Created' }, timeElement(credential.createdAt)),
    el('td', { class: 'cell-actions' },
      mayDelete(credential)
        ? el('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-testid': 'git-credential-delete', text: 'Delete', onclick: () => deleteCredential(credential) })
        : '')));
  $('git-credentials-body').replaceChildren(...rows);
  $('git-credentials-empty').hidden = rows.length > 0;
  $('git-credentials-table').hidden = rows.length === 0;
}

async function deleteCredential(credential) {
  const confirmed = await confirmAction({
    title: 'Delete git credential?',
    message: `“${credential.name}” will be deleted. Projects that use it must be changed first.`,
    confirmLabel: 'Delete credential',
    danger: true,
  });
  if (!confirmed) return;
  try {
    await api.del(`/api/git-credentials/${segment(credential.id)}`);
    toast(`Credential “${credential.name}” deleted.`, 'success');
  } catch (err) {
    reportError(err, 'Could not delete the credential');
  }
  loadCredentials();
}

/** Shows the secret field that fits the chosen type (hidden fields are not sent). */
function syncCredentialType() {
  const type = $('gc-type').value;
  $('gc-token-field').hidden = type !== 'token';
  $('gc-ssh-field').hidden = type !== 'ssh-key';
  $('gc-username-field').hidden = type !== 'token';
}

/** Owners and admins may delete a credential. */
function mayDelete(credential) {
  return isAdmin(me) || credential.ownerId === me.id;
}

/** The comma- or space-separated hosts field as the API's list (empty: the provider's own host). */
function hostList(text) {
  return String(text || '').split(/[\s,]+/).filter(Boolean);
}

/** Wires the git credentials section for `user`: members store personal ones, admins may also share. */
export function setupCredentials(user) {
  me = user;
  if (!isAdmin(user)) $('gc-scope-field').hidden = true;
  const form = $('git-credential-form');
  $('gc-type').addEventListener('change', syncCredentialType);
  syncCredentialType();
  onJsonSubmit(form, async (body) => {
    const hosts = hostList(body.hosts);
    delete body.hosts;
    if (hosts.length) body.hosts = hosts;
    await api.post('/api/git-credentials', body);
    form.reset();
    syncCredentialType();
    toast(`Credential “${body.name}” saved.`, 'success');
    loadCredentials();
  }, 'The credential could not be saved.');
  loadCredentials();
}

