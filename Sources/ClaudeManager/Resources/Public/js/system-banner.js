// The banner from GET /api/system: which agent binaries are missing, how to use the bundled
// simulator instead, and a "demo mode" note when agents are simulated.

import { api } from './api.js';
import { el } from './ui.js';

/** True when the configured agent command is the bundled simulator. */
export function isSimulator(agentCommand) {
  if (typeof agentCommand !== 'string') return false;
  return agentCommand.trim().split(/\s+/).some((word) => {
    const base = word.split('/').pop();
    return base === 'simulator' || base === 'agent-simulator';
  });
}

/** "a", "a and b", "a, b and c". */
function joinNames(names) {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function missingMessage(info) {
  const missing = Array.isArray(info.missingBinaries) ? info.missingBinaries.filter((n) => typeof n === 'string' && n) : [];
  if (missing.length === 0) {
    return 'The agent command is not available: projects cannot start a real Claude Code agent.';
  }
  const verb = missing.length === 1 ? 'is' : 'are';
  return `${joinNames(missing)} ${verb} not on PATH: projects cannot start a real Claude Code agent.`;
}

/** Fills `container` from GET /api/system; leaves it hidden when there is nothing to say. */
export async function showSystemBanner(container) {
  let info;
  try {
    info = await api.get('/api/system');
  } catch {
    return;
  }
  if (!info || typeof info !== 'object') return;
  const parts = [];
  container.className = info.agentAvailable === false ? 'banner banner-warning' : 'banner banner-info';
  if (isSimulator(info.agentCommand)) {
    parts.push(el('p', { 'data-testid': 'demo-note', class: 'demo-note' },
      el('strong', { text: 'Demo mode: agents are simulated' }),
      ' — projects run the bundled agent simulator instead of Claude Code.'));
  }
  if (info.agentAvailable === false) {
    parts.push(el('p', { 'data-testid': 'missing-binaries' }, el('strong', { text: missingMessage(info) })));
    if (info.simulatorAvailable && !isSimulator(info.agentCommand)) {
      parts.push(el('p', { 'data-testid': 'simulator-hint' },
        'To try the manager without them, restart the server with ',
        el('code', { text: 'AGENT_COMMAND=simulator' }),
        ' to use the bundled agent simulator.'));
    } else {
      parts.push(el('p', { text: 'Install them on the server’s PATH, or set AGENT_COMMAND to a command that is available.' }));
    }
  }
  if (parts.length === 0) {
    container.hidden = true;
    return;
  }
  container.replaceChildren(...parts);
  container.hidden = false;
}
