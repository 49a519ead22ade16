// Project list page: search, status filter, pagination, live status badges (polled every 2 s
// while the tab is visible), the system banner and the "New project" dialog.

import { api } from './api.js';
import { startPolling } from './poll.js';
import { setupCreateProject } from './project-form.js';
import { showSystemBanner } from './system-banner.js';
import { STATUSES, canWrite, el, formatDate, initPage, setText, statusBadge, updateBadge } from './ui.js';

const POLL_MS = 2000;
const LIMIT = 20;

const body = document.getElementById('projects-body');
const table = document.getElementById('projects-table');
const empty = document.getElementById('projects-empty');
const loading = document.getElementById('projects-loading');
const listError = document.getElementById('list-error');
const searchInput = document.getElementById('project-search');
const statusSelect = document.getElementById('status-filter');
const prevButton = document.getElementById('prev-page');
const nextButton = document.getElementById('next-page');
const pageInfo = document.getElementById('page-info');

const params = new URLSearchParams(window.location.search);
const state = {
  page: Math.max(1, Number.parseInt(params.get('page') || '1', 10) || 1),
  search: params.get('search') || '',
  status: STATUSES.includes(params.get('status')) ? params.get('status') : '',
  totalPages: 1,
};
let sequence = 0;
let poller = null;

for (const status of STATUSES) statusSelect.append(el('option', { value: status, text: status }));
searchInput.value = state.search;
statusSelect.value = state.status;

function syncUrl() {
  const query = new URLSearchParams();
  if (state.page > 1) query.set('page', String(state.page));
  if (state.search) query.set('search', state.search);
  if (state.status) query.set('status', state.status);
  const qs = query.toString();
  window.history.replaceState(null, '', qs ? `?${qs}` : window.location.pathname);
}

// ---- rows ------------------------------------------------------------------------------------

function projectHref(project) {
  return `project.html?id=${encodeURIComponent(project.id)}`;
}

function createRow(project) {
  const link = el('a', { class: 'project-link', 'data-testid': 'project-link', href: projectHref(project) });
  const shortName = el('span', { class: 'muted small mono', 'data-testid': 'project-short-name' });
  const repo = el('span', { class: 'mono small break', 'data-testid': 'project-repository' });
  const badge = statusBadge(project.status);
  const reason = el('span', { class: 'status-reason small', 'data-testid': 'status-reason' });
  const desired = el('span', { 'data-testid': 'desired-state' });
  const updated = el('time', { class: 'small' });
  const row = el('tr', { 'data-testid': 'project-row' },
    el('td', { 'data-label': 'Project' }, el('div', { class: 'stack' }, link, shortName)),
    el('td', { 'data-label': 'Repository' }, repo),
    el('td', { 'data-label': 'Status' }, el('div', { class: 'stack' }, badge, reason)),
    el('td', { 'data-label': 'Desired' }, desired),
    el('td', { 'data-label': 'Updated' }, updated));
  row.cm = { link, shortName, repo, badge, reason, desired, updated };
  updateRow(row, project);
  return row;
}

function updateRow(row, project) {
  const parts = row.cm;
  row.dataset.projectId = project.id;
  row.dataset.shortName = project.shortName || '';
  row.dataset.status = project.status || '';
  setText(parts.link, project.name || project.shortName || project.id);
  const href = projectHref(project);
  if (parts.link.getAttribute('href') !== href) parts.link.setAttribute('href', href);
  setText(parts.shortName, project.shortName);
  setText(parts.repo, project.gitRepository);
  updateBadge(parts.badge, project.status);
  const reason = project.status === 'error' ? project.statusReason || '' : '';
  setText(parts.reason, reason);
  parts.reason.hidden = !reason;
  setText(parts.desired, project.desiredState || '—');
  const when = [project.statusChangedAt, project.updatedAt]
    .filter((d) => d && !Number.isNaN(Date.parse(d)))
    .sort((a, b) => Date.parse(b) - Date.parse(a))[0];
  if (parts.updated.getAttribute('datetime') !== (when || '')) {
    parts.updated.setAttribute('datetime', when || '');
    setText(parts.updated, formatDate(when));
  }
}

/** Updates rows in place (keyed by id) so nodes stay stable while polling. */
function renderRows(items) {
  const existing = new Map();
  for (const row of body.querySelectorAll('tr[data-project-id]')) existing.set(row.dataset.projectId, row);
  items.forEach((project, index) => {
    let row = existing.get(project.id);
    if (row) {
      existing.delete(project.id);
      updateRow(row, project);
    } else {
      row = createRow(project);
    }
    if (body.children[index] !== row) body.insertBefore(row, body.children[index] || null);
  });
  for (const row of existing.values()) row.remove();
}

function renderPage(answer) {
  const items = Array.isArray(answer && answer.items) ? answer.items.filter((p) => p && p.id) : [];
  const total = Number.isInteger(answer && answer.total) ? answer.total : items.length;
  const limit = Number.isInteger(answer && answer.limit) && answer.limit > 0 ? answer.limit : LIMIT;
  state.totalPages = Math.max(1, Math.ceil(total / limit));
  renderRows(items);
  loading.hidden = true;
  table.hidden = items.length === 0;
  empty.hidden = items.length !== 0;
  const filtered = state.search || state.status;
  setText(empty, filtered ? 'No projects match these filters.' : 'No projects yet. Create one with “New project”.');
  setText(pageInfo, `Page ${state.page} of ${state.totalPages} · ${total} project${total === 1 ? '' : 's'}`);
  prevButton.disabled = state.page <= 1;
  nextButton.disabled = state.page >= state.totalPages;
}

// ---- loading -----------------------------------------------------------------------------------

function filterKey() {
  return JSON.stringify([state.page, state.search, state.status]);
}

async function load() {
  const mine = ++sequence;
  const key = filterKey();
  try {
    const answer = await api.get('/api/projects', {
      query: { page: state.page, limit: LIMIT, search: state.search, status: state.status },
    });
    if (mine !== sequence || key !== filterKey()) return;
    listError.hidden = true;
    const total = Number.isInteger(answer && answer.total) ? answer.total : 0;
    const limit = (answer && answer.limit) || LIMIT;
    if (state.page > 1 && (!answer.items || answer.items.length === 0) && total > 0) {
      state.page = Math.max(1, Math.ceil(total / limit));
      syncUrl();
      await load();
      return;
    }
    renderPage(answer);
  } catch (err) {
    if (mine !== sequence || err.redirecting) {
      if (err.redirecting && poller) poller.stop();
      return;
    }
    loading.hidden = true;
    listError.textContent = `Could not load projects: ${err.message}`;
    listError.hidden = false;
  }
}

function reload() {
  syncUrl();
  if (poller) poller.now();
  else load();
}

let searchTimer = null;
searchInput.addEventListener('input', () => {
  window.clearTimeout(searchTimer);
  searchTimer = window.setTimeout(() => {
    const value = searchInput.value.trim();
    if (value === state.search) return;
    state.search = value;
    state.page = 1;
    reload();
  }, 300);
});
document.getElementById('project-filters').addEventListener('submit', (event) => {
  event.preventDefault();
  window.clearTimeout(searchTimer);
  state.search = searchInput.value.trim();
  state.page = 1;
  reload();
});
statusSelect.addEventListener('change', () => {
  state.status = statusSelect.value;
  state.page = 1;
  reload();
});
prevButton.addEventListener('click', () => {
  if (state.page <= 1) return;
  state.page -= 1;
  reload();
});
nextButton.addEventListener('click', () => {
  if (state.page >= state.totalPages) return;
  state.page += 1;
  reload();
});

// ---- start -------------------------------------------------------------------------------------

async function main() {
  let user;
  try {
    user = await initPage();
  } catch (err) {
    if (err.redirecting) return;
    loading.hidden = true;
    listError.textContent = `Could not load your account: ${err.message}`;
    listError.hidden = false;
    return;
  }
  showSystemBanner(document.getElementById('system-banner'));
  if (canWrite(user)) {
    setupCreateProject({
      onCreated() {
        state.page = 1;
        state.search = '';
        state.status = '';
        searchInput.value = '';
        statusSelect.value = '';
        reload();
      },
    });
  }
  poller = startPolling(load, POLL_MS);
}

main();
