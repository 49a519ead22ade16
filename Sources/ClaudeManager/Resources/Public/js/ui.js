// Shared UI helpers: a safe element builder, the page header, status badges, toasts, dates,
// confirmation dialogs and flash messages. Text is always inserted with textContent.

import { api, clearStoredUser, storedUser, storeUser } from './api.js';

export const STATUSES = ['creating', 'starting', 'running', 'stopping', 'stopped', 'error', 'deleting'];
const TRANSITIONAL = new Set(['creating', 'starting', 'stopping', 'deleting']);
const FLASH_KEY = 'cm_flash';

/**
 * Creates an element. Props: `class`, `text`, `dataset`, `on<event>` handlers, boolean attributes
 * (true → present, false/null/undefined → absent), anything else as an attribute. Children are
 * nodes or strings (strings become text nodes).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, '');
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Sets text only when it changed (keeps the DOM quiet while polling). */
export function setText(node, text) {
  const value = text === undefined || text === null ? '' : String(text);
  if (node.textContent !== value) node.textContent = value;
}

// ---- status badges -------------------------------------------------------------------------

/** A badge for a project status: `data-testid="status-badge"`, `data-status`, text = status. */
export function statusBadge(status) {
  const badge = el('span', { 'data-testid': 'status-badge' });
  updateBadge(badge, status);
  return badge;
}

export function updateBadge(badge, status) {
  const known = STATUSES.includes(status) ? status : 'unknown';
  const text = typeof status === 'string' && status ? status : 'unknown';
  const className = `badge badge-${known}${TRANSITIONAL.has(known) ? ' badge-busy' : ''}`;
  if (badge.className !== className) badge.className = className;
  if (badge.dataset.status !== text) badge.dataset.status = text;
  setText(badge, text);
}

// ---- dates ---------------------------------------------------------------------------------

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatDate(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : dateFormat.format(date);
}

/** A <time> element for an ISO date, or a dash. */
export function timeElement(iso) {
  return iso ? el('time', { datetime: iso, text: formatDate(iso) }) : el('span', { class: 'muted', text: '—' });
}

// ---- toasts and flash ----------------------------------------------------------------------

function toastRegion() {
  let region = document.getElementById('toasts');
  if (!region) {
    region = el('div', { id: 'toasts', class: 'toasts', 'aria-live': 'polite', 'aria-atomic': 'false' });
    document.body.append(region);
  }
  return region;
}

/** Shows a short message; kind is `info`, `success` or `error`. */
export function toast(message, kind = 'info', timeoutMs = 5000) {
  const item = el('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': 'toast' },
    el('span', { class: 'toast-text', text: message }),
    el('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', text: '×', onclick: () => item.remove() }));
  toastRegion().append(item);
  if (timeoutMs > 0) window.setTimeout(() => item.remove(), timeoutMs);
  return item;
}

/** Reports a failed call as an error toast, unless the page is already going to the login page. */
export function reportError(err, prefix = '') {
  if (err && err.redirecting) return;
  if (err && err.name === 'AbortError') return;
  const message = err && err.message ? err.message : String(err);
  toast(prefix ? `${prefix}: ${message}` : message, 'error', 8000);
}

/** Keeps a message for the next page (e.g. after a redirect). */
export function setFlash(message, kind = 'success') {
  try {
    window.sessionStorage.setItem(FLASH_KEY, JSON.stringify({ message, kind }));
  } catch {
    // No session storage: the message is simply lost.
  }
}

function showFlash() {
  try {
    const raw = window.sessionStorage.getItem(FLASH_KEY);
    if (!raw) return;
    window.sessionStorage.removeItem(FLASH_KEY);
    const { message, kind } = JSON.parse(raw);
    if (typeof message === 'string') toast(message, kind);
  } catch {
    // Ignore a malformed flash.
  }
}

// ---- confirmation dialog -------------------------------------------------------------------

/**
 * Asks for confirmation in a modal <dialog id="confirm-dialog">. Resolves true when confirmed.
 * @param {{title: string, message: string, confirmLabel?: string, danger?: boolean}} options
 */
export function confirmAction({ title, message, confirmLabel = 'Confirm', danger = false }) {
  return new Promise((resolve) => {
    const ok = el('button', { type: 'submit', id: 'confirm-ok', class: danger ? 'btn btn-danger' : 'btn btn-primary', value: 'ok', text: confirmLabel });
    const cancel = el('button', { type: 'submit', id: 'confirm-cancel', class: 'btn', value: 'cancel', formnovalidate: true, text: 'Cancel' });
    const dialog = el('dialog', { id: 'confirm-dialog', class: 'dialog', 'aria-labelledby': 'confirm-title' },
      el('form', { method: 'dialog' },
        el('h2', { id: 'confirm-title', text: title }),
        el('p', { text: message }),
        el('div', { class: 'dialog-actions' }, cancel, ok)));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'ok');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

// ---- header and session --------------------------------------------------------------------

const NAV = [
  { href: 'index.html', label: 'Projects', pages: ['', 'index.html', 'project.html'] },
  { href: 'settings.html', label: 'Settings', pages: ['settings.html'] },
];

function currentPage() {
  return window.location.pathname.split('/').pop();
}

/** Renders the shared header into <header id="app-header">; `user` may be null (login page). */
export function renderHeader(user) {
  const header = document.getElementById('app-header');
  if (!header) return;
  const page = currentPage();
  const parts = [
    el('a', { class: 'skip-link', href: '#main', text: 'Skip to content' }),
    el('a', { class: 'brand', href: 'index.html', 'data-testid': 'brand' },
      el('span', { class: 'brand-mark', 'aria-hidden': 'true', text: '◆' }), 'Claude Manager'),
  ];
  if (user) {
    parts.push(el('nav', { class: 'main-nav', 'aria-label': 'Main' },
      NAV.map((item) => el('a', {
        href: item.href,
        id: `nav-${item.label.toLowerCase()}`,
        'aria-current': item.pages.includes(page) ? 'page' : null,
        text: item.label,
      }))));
    parts.push(el('div', { class: 'session' },
      el('span', { class: 'session-email', id: 'user-email', 'data-testid': 'user-email', text: user.email }),
      el('span', { class: `role-pill role-${user.role}`, id: 'user-role', 'data-testid': 'user-role', text: user.role }),
      el('button', { type: 'button', class: 'btn btn-small btn-ghost', id: 'logout-button', text: 'Log out', onclick: logout })));
  }
  header.replaceChildren(...parts);
}

export async function logout() {
  try {
    await api.post('/api/auth/logout', undefined, { redirectOn401: false });
  } catch {
    // Already signed out or the server is gone: the login page is the right place either way.
  }
  clearStoredUser();
  window.location.assign('login.html');
}

/**
 * Starts an authenticated page: shows the header from the remembered user at once, then checks
 * the session with GET /api/auth/me (a 401 goes to the login page). Resolves to the user.
 */
export async function initPage() {
  const remembered = storedUser();
  if (remembered) renderHeader(remembered);
  showFlash();
  const user = await api.get('/api/auth/me');
  storeUser(user);
  renderHeader(user);
  document.body.dataset.role = user.role;
  return user;
}

export function canWrite(user) {
  return Boolean(user) && user.role !== 'viewer';
}

export function isAdmin(user) {
  return Boolean(user) && user.role === 'admin';
}
