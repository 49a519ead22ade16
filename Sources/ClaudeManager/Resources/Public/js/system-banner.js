// The banner from GET /api/system: which agent binaries are missing, how to use the bundled
// simulator instead, a "demo mode" note when agents are simulated, and a warning when local agents
// run without their sandbox (LOCAL_SANDBOX=off) or the sandbox cannot run.

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

/** The warning about the local sandbox, or null when agents are confined (or not local). */
function sandboxWarning(sandbox) {
  if (!sandbox || typeof sandbox !== 'object') return null;
  if (sandbox.enabled === false) {
    return el('p', { 'data-testid': 'sandbox-off' },
      el('strong', { text: 'Local agents run without a sandbox' }),
      ' (', el('code', { text: 'LOCAL_SANDBOX=off' }),
      '): anything in a workspace can read the manager’s keys, database and the other workspaces.');
  }
  if (sandbox.available === false) {
    const problem = typeof sandbox.problem === 'string' && sandbox.problem ? `: ${sandbox.problem}` : '';
    return el('p', { 'data-testid': 'sandbox-unavailable' },
      el('strong', { text: `The agent sandbox cannot run${problem}.` }),
      ' Projects will not start until bubblewrap works here, or the server runs with ',
      el('code', { text: 'LOCAL_SANDBOX=off' }), '.');
  }
  return null;
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
  const sandbox = sandboxWarning(info.localSandbox);
  const isWarning = info.agentAvailable === false || sandbox !== null;
  container.className = isWarning ? 'banner banner-warning' : 'banner banner-info';
  if (sandbox) parts.push(sandbox);
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
