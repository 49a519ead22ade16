// Admin section of the settings page: users (create, change role, disable/enable, end sessions, delete).

import { api, redirectToLogin, segment } from './api.js';
import { onJsonSubmit } from './forms.js';
import { confirmAction, el, reportError, timeElement, toast } from './ui.js';

const ROLES = ['admin', 'member', 'viewer'];
const $ = (id) => document.getElementById(id);

// ---- users -------------------------------------------------------------------------------------

async function loadUsers(me) {
  try {
    const users = await api.get('/api/users');
    renderUsers(Array.isArray(users) ? users : [], me);
  } catch (err) {
    reportError(err, 'Could not load users');
  }
}

function renderUsers(users, me) {
  const rows = users.filter((u) => u && u.id).map((user) => {
    const self = user.id === me.id;
    const roleSelect = el('select', {
      'aria-label': `Role of ${user.email}`, 'data-testid': 'user-role-select', disabled: self,
      title: self ? 'You cannot change your own role' : null,
      onchange: (event) => updateUser(user, { role: event.target.value }, me, `${user.email} is now ${event.target.value}.`),
    }, ROLES.map((role) => el('option', { value: role, text: role, selected: role === user.role })));
    const toggle = el('button', {
      type: 'button', class: 'btn btn-small', 'data-testid': 'user-toggle', disabled: self,
      text: user.disabled ? 'Enable' : 'Disable',
      onclick: () => updateUser(user, { disabled: !user.disabled }, me, `${user.email} ${user.disabled ? 'enabled' : 'disabled'}.`),
    });
    const endSessions = el('button', {
      type: 'button', class: 'btn btn-small', 'data-testid': 'user-revoke-sessions', text: 'Sign out everywhere',
      title: `End every session of ${user.email}`,
      onclick: () => revokeSessions(user, me),
    });
    const remove = el('button', {
      type: 'button', class: 'btn btn-small btn-danger', 'data-testid': 'user-delete', disabled: self, text: 'Delete',
      onclick: () => deleteUser(user, me),
    });
    return el('tr', { 'data-testid': 'user-row', 'data-user-id': user.id, 'data-email': user.email },
      el('td', { 'data-label': 'Email' }, el('span', { class: 'break' }, user.email, self ? el('span', { class: 'muted small', text: ' (you)' }) : '')),
      el('td', { 'data-label': 'Role' }, roleSelect),
      el('td', { 'data-label': 'State' }, el('span', { class: user.disabled ? 'pill pill-off' : 'pill pill-on', text: user.disabled ? 'Disabled' : 'Active' })),
      el('td', { 'data-label': 'Created' }, timeElement(user.createdAt)),
      el('td', { class: 'cell-actions' }, toggle, endSessions, remove));
  });
  $('users-body').replaceChildren(...rows);
}

async function updateUser(user, change, me, message) {
  try {
    await api.patch(`/api/users/${segment(user.id)}`, change);
    toast(message, 'success');
  } catch (err) {
    reportError(err, `Could not update ${user.email}`);
  }
  loadUsers(me);
}

async function revokeSessions(user, me) {
  const self = user.id === me.id;
  const confirmed = await confirmAction({
    title: 'Sign out everywhere?',
    message: self
      ? 'Every session of yours ends, this one included; you will have to sign in again.'
      : `Every session of ${user.email} ends at once; they have to sign in again. Their API tokens keep working.`,
    confirmLabel: 'End sessions',
    danger: true,
  });
  if (!confirmed) return;
  try {
    await api.post(`/api/users/${segment(user.id)}/sessions/revoke`);
    toast(`Every session of ${user.email} has ended.`, 'success');
  } catch (err) {
    reportError(err, `Could not end the sessions of ${user.email}`);
  }
  if (self) {
    redirectToLogin();
    return;
  }
  loadUsers(me);
}

async function deleteUser(user, me) {
  const confirmed = await confirmAction({
    title: 'Delete user?',
    message: `${user.email} and their API tokens will be deleted. This cannot be undone.`,
    confirmLabel: 'Delete user',
    danger: true,
  });
  if (!confirmed) return;
  try {
    await api.del(`/api/users/${segment(user.id)}`);
    toast(`${user.email} deleted.`, 'success');
  } catch (err) {
    reportError(err, `Could not delete ${user.email}`);
  }
  loadUsers(me);
}

function setupUsers(me) {
  const form = $('user-form');
  onJsonSubmit(form, async (body) => {
    const user = await api.post('/api/users', body);
    form.reset();
    toast(`User ${user && user.email ? user.email : body.email} created.`, 'success');
    loadUsers(me);
  }, 'The user could not be created.');
  loadUsers(me);
}

/** Wires the admin-only sections for the signed-in admin `me`. */
export function setupAdmin(me) {
  setupUsers(me);
}
