// Project page: who owns the project and who collaborates on it. The owner and admins add and remove
// collaborators; everyone signed in sees them.

import { api, segment } from './api.js';
import { onJsonSubmit } from './forms.js';
import { el, isAdmin, reportError, toast } from './ui.js';

const $ = (id) => document.getElementById(id);

/** Whether `user` may change `project`: admins, and members who own or collaborate on it. */
export function mayChange(user, project) {
  if (!user || !project || user.role === 'viewer') return false;
  if (isAdmin(user)) return true;
  return (project.owner && project.owner.userId === user.id)
    || (project.collaborators || []).some((c) => c.userId === user.id);
}

/** Whether `user` may decide who collaborates: admins and the owning member. */
function mayManage(user, project) {
  if (!user || !project || user.role === 'viewer') return false;
  return isAdmin(user) || Boolean(project.owner && project.owner.userId === user.id);
}

let wired = false;

/** Renders the people card for `project` as `user` sees it; `onChange` receives the updated project. */
export function renderPeople(user, project, onChange) {
  const owner = $('project-owner');
  const text = project.owner ? project.owner.email || project.owner.userId : 'No owner (admins only)';
  if (owner.textContent !== text) owner.textContent = text;
  const managing = mayManage(user, project);
  const key = JSON.stringify([managing, project.collaborators || []]);
  const list = $('project-collaborators');
  if (list.dataset.key !== key) {
    list.dataset.key = key;
    const items = (project.collaborators || []).map((c) => el('li', { 'data-testid': 'collaborator', 'data-user-id': c.userId },
      el('span', { text: c.email || c.userId }),
      managing ? el('button', {
        type: 'button', class: 'btn btn-small btn-danger', 'data-testid': 'collaborator-remove', text: 'Remove',
        'aria-label': `Remove ${c.email || c.userId}`,
        onclick: () => removeCollaborator(project.id, c, onChange),
      }) : ''));
    list.replaceChildren(...(items.length ? items : [el('li', { class: 'muted', text: 'None' })]));
  }
  const form = $('collaborator-form');
  form.hidden = !managing;
  if (managing && !wired) {
    wired = true;
    onJsonSubmit(form, async (body) => {
      const updated = await api.post(`/api/projects/${segment(project.id)}/collaborators`, body);
      form.reset();
      toast(`${body.email} can now change this project.`, 'success');
      onChange(updated);
    }, 'The collaborator could not be added.');
  }
}

async function removeCollaborator(projectId, collaborator, onChange) {
  try {
    const updated = await api.del(`/api/projects/${segment(projectId)}/collaborators/${segment(collaborator.userId)}`);
    toast(`${collaborator.email || collaborator.userId} no longer collaborates.`, 'success');
    if (updated) onChange(updated);
  } catch (err) {
    reportError(err, 'Could not remove the collaborator');
  }
}
