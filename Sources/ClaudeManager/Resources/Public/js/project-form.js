// The "New project" dialog on the list page: POST /api/projects, with field errors from 422
// answers shown next to their fields and 400/409 errors at the top of the form.

import { api } from './api.js';
import { clearErrors, formToJson, showApiError, showFormError, wireErrorSlots, withBusy } from './forms.js';
import { el, toast } from './ui.js';

const dialog = document.getElementById('create-project-dialog');
const form = document.getElementById('create-project-form');
const openButton = document.getElementById('new-project-button');
const credentialSelect = document.getElementById('cp-gitCredentialId');

async function loadCredentials() {
  const chosen = credentialSelect.value;
  try {
    const credentials = await api.get('/api/git-credentials');
    const options = [el('option', { value: '', text: 'None (public repository)' })];
    for (const credential of Array.isArray(credentials) ? credentials : []) {
      if (!credential || !credential.id) continue;
      const label = `${credential.name} (${credential.provider || 'other'}, ${credential.type || 'token'})`;
      options.push(el('option', { value: credential.id, text: label }));
    }
    credentialSelect.replaceChildren(...options);
    credentialSelect.value = [...credentialSelect.options].some((o) => o.value === chosen) ? chosen : '';
  } catch (err) {
    if (!err.redirecting) credentialSelect.title = `Could not load git credentials: ${err.message}`;
  }
}

function close() {
  if (dialog.open) dialog.close();
}

function resetForm() {
  form.reset();
  clearErrors(form);
}

/**
 * Wires the dialog. `onCreated(project)` runs after a successful create.
 * @param {{onCreated: (project: object) => void}} hooks
 */
export function setupCreateProject({ onCreated }) {
  wireErrorSlots(form);
  openButton.hidden = false;
  openButton.addEventListener('click', () => {
    clearErrors(form);
    dialog.showModal();
    document.getElementById('cp-name').focus();
    loadCredentials();
  });
  document.getElementById('create-project-cancel').addEventListener('click', close);
  document.getElementById('create-project-close').addEventListener('click', close);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = formToJson(form);
    await withBusy(form, async () => {
      try {
        const project = await api.post('/api/projects', body);
        resetForm();
        close();
        const name = (project && (project.name || project.shortName)) || body.name;
        toast(`Project “${name}” created; it is being cloned and started.`, 'success');
        onCreated(project);
      } catch (err) {
        if (err.redirecting) return;
        if (err.status === 403) showFormError(form, 'Your role does not allow creating projects.');
        else showApiError(form, err, 'The project could not be created.');
      }
    });
  });
}
