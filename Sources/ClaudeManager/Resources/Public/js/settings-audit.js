// The audit log on the settings page (admins): GET /api/audit?page=&limit=, newest first.

import { api } from './api.js';
import { el, reportError, setText, timeElement } from './ui.js';

const LIMIT = 25;
const $ = (id) => document.getElementById(id);
const state = { page: 1, totalPages: 1 };

function targetText(record) {
  if (!record.targetType) return '—';
  return record.targetId ? `${record.targetType} ${record.targetId}` : record.targetType;
}

async function loadAudit() {
  try {
    const answer = await api.get('/api/audit', { query: { page: state.page, limit: LIMIT } });
    const items = Array.isArray(answer && answer.items) ? answer.items : [];
    const total = Number.isInteger(answer && answer.total) ? answer.total : items.length;
    state.totalPages = Math.max(1, Math.ceil(total / LIMIT));
    const rows = items.filter((r) => r && r.id).map((record) => el('tr', { 'data-testid': 'audit-row', 'data-audit-id': record.id },
      el('td', { 'data-label': 'When' }, timeElement(record.createdAt)),
      el('td', { 'data-label': 'Who', class: 'break', text: record.actorEmail || record.actorId || 'system' }),
      el('td', { 'data-label': 'Action' }, el('code', { text: record.action })),
      el('td', { 'data-label': 'Target', class: 'break mono small', text: targetText(record) }),
      el('td', { 'data-label': 'Details', class: 'break small', text: record.details || '' })));
    if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: '5', class: 'empty', text: 'No audit records.' })));
    $('audit-body').replaceChildren(...rows);
    setText($('audit-page-info'), `Page ${state.page} of ${state.totalPages} · ${total} record${total === 1 ? '' : 's'}`);
    $('audit-prev').disabled = state.page <= 1;
    $('audit-next').disabled = state.page >= state.totalPages;
  } catch (err) {
    reportError(err, 'Could not load the audit log');
  }
}

export function setupAudit() {
  $('audit-prev').addEventListener('click', () => {
    if (state.page > 1) {
      state.page -= 1;
      loadAudit();
    }
  });
  $('audit-next').addEventListener('click', () => {
    if (state.page < state.totalPages) {
      state.page += 1;
      loadAudit();
    }
  });
  $('audit-reload').addEventListener('click', loadAudit);
  loadAudit();
}
