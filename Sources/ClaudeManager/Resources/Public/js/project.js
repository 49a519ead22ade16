// Project page: details, live status (every 2 s), the agent log (every 3 s), and the
// Start / Stop / Refresh / Delete actions (hidden for viewers).

import { api, segment } from './api.js';
import { startPolling } from './poll.js';
import { mayChange, renderPeople } from './project-people.js';
import { el, formatDate, initPage, reportError, setFlash, setText, statusBadge, toast, updateBadge } from './ui.js';

const STATUS_MS = 2000;
const LOGS_MS = 3000;
const LOG_LINES = 200;
const EVENTS_MS = 10000;

const projectId = new URLSearchParams(window.location.search).get('id') || '';
const $ = (id) => document.getElementById(id);
const view = $('project-view');
const missing = $('project-missing');
const loadingNote = $('project-loading');
const logsPre = $('project-logs');
const buttons = { start: $('start-button'), stop: $('stop-button'), refresh: $('refresh-button'), delete: $('delete-button') };

let project = null;
let busy = false;
let writable = false;
let me = null;
let lastLogText = null;
let statusPoller = null;
let logsPoller = null;
let eventsPoller = null;
const badge = statusBadge('unknown');
$('project-status').append(badge);

function projectPath(suffix = '') {
  return `/api/projects/${segment(projectId)}${suffix}`;
}

// ---- rendering ---------------------------------------------------------------------------------

function renderDate(id, iso) {
  const node = $(id);
  if (node.dataset.value === (iso || '')) return;
  node.dataset.value = iso || '';
  node.replaceChildren(iso ? el('time', { datetime: iso, text: formatDate(iso) }) : '—');
}

function renderAgentUrl(url) {
  const node = $('project-agent-url');
  if (node.dataset.value === (url || '')) return;
  node.dataset.value = url || '';
  if (!url) {
    node.replaceChildren(el('span', { class: 'muted', text: 'Not running' }));
  } else if (/^https?:\/\//i.test(url)) {
    node.replaceChildren(el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'mono', text: url }));
  } else {
    node.replaceChildren(el('span', { class: 'mono', text: url }));
  }
}

function renderReason(p) {
  const box = $('project-status-reason');
  const reason = p.statusReason || '';
  if (!reason) {
    box.hidden = true;
    setText(box, '');
    return;
  }
  const isError = p.status === 'error';
  box.className = isError ? 'notice notice-error notice-strong' : 'notice notice-muted';
  box.setAttribute('role', isError ? 'alert' : 'status');
  box.replaceChildren(isError ? el('strong', { text: 'Error: ' }) : '', reason);
  box.hidden = false;
}

function render(p) {
  project = p;
  document.title = `${p.name || p.shortName || 'Project'} · Claude Manager`;
  setText($('project-name'), p.name || p.shortName || p.id);
  setText($('project-short-name'), p.shortName);
  updateBadge(badge, p.status);
  renderReason(p);
  setText($('project-repository'), p.gitRepository);
  setText($('project-desired-state'), p.desiredState || '—');
  setText($('project-runtime'), p.runtime || '—');
  renderAgentUrl(p.agentUrl);
  renderDate('project-created', p.createdAt);
  renderDate('project-updated', p.updatedAt);
  renderDate('project-status-changed', p.statusChangedAt);
  const resources = p.resources || {};
  const storage = p.storage || {};
  setText($('project-cpu'), resources.cpu || 'default');
  setText($('project-memory'), resources.memory || 'default');
  setText($('project-storage-size'), storage.size || 'default');
  setText($('project-storage-class'), storage.storageClass || 'default');
  setText($('project-has-api-key'), p.hasAnthropicApiKey ? 'Set' : 'Not set (server default)');
  if (!p.gitCredentialId) setText($('project-git-credential'), 'None');
  else if (!$('project-git-credential').dataset.loaded) setText($('project-git-credential'), p.gitCredentialId);
  $('delete-project-name').textContent = p.name || p.shortName || p.id;
  writable = mayChange(me, p);
  renderPeople(me, p, render);
  loadingNote.hidden = true;
  view.hidden = false;
  updateButtons();
}

function updateButtons() {
  $('project-actions').hidden = !writable;
  if (!project) return;
  const deleting = project.status === 'deleting';
  const wantsRunning = project.desiredState === 'running';
  buttons.start.disabled = busy || deleting || wantsRunning;
  buttons.stop.disabled = busy || deleting || !wantsRunning;
  buttons.refresh.disabled = busy || deleting;
  buttons.delete.disabled = busy || deleting;
}

async function loadCredentialName(credentialId) {
  if (!credentialId) return;
  try {
    const credential = await api.get(`/api/git-credentials/${segment(credentialId)}`);
    const node = $('project-git-credential');
    node.dataset.loaded = 'true';
    setText(node, credential && credential.name ? `${credential.name} (${credential.provider || 'other'})` : credentialId);
  } catch {
    // Keep showing the id.
  }
}

function showGone(message) {
  if (statusPoller) statusPoller.stop();
  if (logsPoller) logsPoller.stop();
  if (eventsPoller) eventsPoller.stop();
  loadingNote.hidden = true;
  view.hidden = true;
  missing.replaceChildren(message, ' ', el('a', { href: 'index.html', text: 'Back to the project list' }));
  missing.hidden = false;
}

// ---- polling -----------------------------------------------------------------------------------

async function loadProject() {
  try {
    render(await api.get(projectPath()));
  } catch (err) {
    if (err.redirecting) return;
    if (err.status === 404) showGone(project ? 'This project has been deleted.' : 'No such project.');
    else if (!project) showGone(`Could not load the project: ${err.message}`);
  }
}

async function loadLogs() {
  const errorNote = $('logs-error');
  try {
    const answer = await api.get(projectPath('/logs'), { query: { lines: LOG_LINES } });
    const lines = answer && Array.isArray(answer.lines) ? answer.lines : [];
    errorNote.hidden = true;
    renderLogs(lines);
  } catch (err) {
    if (err.redirecting) return;
    if (err.status === 404 && !project) return;
    errorNote.textContent = `Could not load the log: ${err.message}`;
    errorNote.hidden = false;
  }
}

async function loadEvents() {
  try {
    const answer = await api.get(projectPath('/events'));
    renderEvents(answer && Array.isArray(answer.events) ? answer.events : []);
  } catch (err) {
    if (err.redirecting) return;
    // Events are a help, not the page: keep what was shown.
  }
}

function renderEvents(events) {
  $('events-card').hidden = events.length === 0;
  const rows = events.slice(-50).reverse().map((event) => {
    const warning = event.type === 'Warning';
    const count = event.count > 1 ? ` (×${event.count})` : '';
    return el('tr', { class: warning ? 'event-warning' : undefined }, [
      el('td', { dataset: { label: 'Last seen' }, text: event.lastSeen ? formatDate(event.lastSeen) : '—' }),
      el('td', { dataset: { label: 'Type' }, text: event.type }),
      el('td', { dataset: { label: 'Reason' }, text: event.reason + count }),
      el('td', { dataset: { label: 'Object' }, text: event.object }),
      el('td', { dataset: { label: 'Message' }, text: event.message }),
    ]);
  });
  $('events-body').replaceChildren(...rows);
}

function renderLogs(lines) {
  const text = lines.map((line) => String(line)).join('\n');
  $('logs-empty').hidden = lines.length > 0;
  if (text === lastLogText) return;
  lastLogText = text;
  logsPre.textContent = text;
  if ($('logs-autoscroll').checked) logsPre.scrollTop = logsPre.scrollHeight;
}

// ---- actions -----------------------------------------------------------------------------------

const PAST = { start: 'Starting', stop: 'Stopping', refresh: 'Refreshing' };

async function act(action) {
  busy = true;
  updateButtons();
  try {
    const answer = await api.post(projectPath(`/${action}`));
    if (answer && answer.id) render(answer);
    toast(`${PAST[action]} ${project ? project.name || project.shortName : 'the project'}…`, 'info', 3000);
  } catch (err) {
    reportError(err, `Could not ${action} the project`);
  } finally {
    busy = false;
    updateButtons();
    if (statusPoller) statusPoller.now();
  }
}

function askDelete() {
  const dialog = $('delete-dialog');
  $('delete-keep-workspace').checked = true;
  dialog.returnValue = '';
  dialog.showModal();
  $('delete-cancel').focus();
}

async function deleteProject(keepVolumes) {
  busy = true;
  updateButtons();
  try {
    await api.del(projectPath(), { query: { keepVolumes: keepVolumes ? 'true' : 'false' } });
    const name = project ? project.name || project.shortName : 'The project';
    setFlash(`Deleting “${name}”${keepVolumes ? ' (workspace kept)' : ''}…`, 'info');
    if (statusPoller) statusPoller.stop();
    if (logsPoller) logsPoller.stop();
    window.location.assign('index.html');
  } catch (err) {
    busy = false;
    updateButtons();
    reportError(err, 'Could not delete the project');
  }
}

buttons.start.addEventListener('click', () => act('start'));
buttons.stop.addEventListener('click', () => act('stop'));
buttons.refresh.addEventListener('click', () => act('refresh'));
buttons.delete.addEventListener('click', askDelete);
$('delete-dialog').addEventListener('close', () => {
  if ($('delete-dialog').returnValue === 'delete') deleteProject($('delete-keep-workspace').checked);
});
$('logs-autoscroll').addEventListener('change', (event) => {
  if (event.target.checked) logsPre.scrollTop = logsPre.scrollHeight;
});

// ---- start -------------------------------------------------------------------------------------

async function main() {
  let user;
  try {
    user = await initPage();
  } catch (err) {
    if (!err.redirecting) showGone(`Could not load your account: ${err.message}`);
    return;
  }
  me = user;
  if (!projectId) {
    showGone('No project was chosen.');
    return;
  }
  await loadProject();
  if (!project) return;
  loadCredentialName(project.gitCredentialId);
  statusPoller = startPolling(loadProject, STATUS_MS, { immediate: false });
  logsPoller = startPolling(loadLogs, LOGS_MS);
  eventsPoller = startPolling(loadEvents, EVENTS_MS);
}

main();
