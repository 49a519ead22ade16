// Form helpers: JSON bodies from named inputs, field errors from 422 answers, a form-level
// error box, and a busy state for submit buttons.
//
// Conventions in the HTML:
//   <input name="resources.cpu">            dotted names build nested JSON objects
//   <p data-error-for="resources.cpu">       where that field's error message goes
//   <div data-testid="form-error">           the form-level error box (role="alert")
//   required inputs are always sent; optional ones are left out when empty;
//   data-trim="false" keeps the value as typed (passwords, keys); data-local controls are never
//   sent; data-type="integer" sends a number.

import { el } from './ui.js';

/** Builds a JSON object from the form's named controls. */
export function formToJson(form) {
  const result = {};
  for (const control of form.elements) {
    const name = control.name;
    if (!name || control.disabled || control.type === 'submit' || control.type === 'button') continue;
    if (control.closest('[hidden]') || 'local' in control.dataset) continue;
    let value;
    if (control.type === 'checkbox') {
      value = control.checked;
    } else {
      value = control.dataset.trim === 'false' ? control.value : control.value.trim();
      if (value === '' && !control.required) continue;
      if (control.dataset.type === 'integer' && value !== '') {
        value = /^-?\d+$/.test(value) ? Number.parseInt(value, 10) : value;
      }
    }
    setPath(result, name.split('.'), value);
  }
  return result;
}

function setPath(target, keys, value) {
  let node = target;
  keys.slice(0, -1).forEach((key) => {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key];
  });
  node[keys[keys.length - 1]] = value;
}

/** Clears every field error and the form-level error. */
export function clearErrors(form) {
  for (const slot of form.querySelectorAll('[data-error-for]')) {
    slot.textContent = '';
    slot.hidden = true;
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  const box = formErrorBox(form);
  if (box) {
    box.replaceChildren();
    box.hidden = true;
  }
}

function formErrorBox(form) {
  return form.querySelector('[data-testid="form-error"]');
}

/** Shows a message (and optional extra lines) at the top of the form. */
export function showFormError(form, message, extraLines = []) {
  const box = formErrorBox(form);
  if (!box) return;
  box.replaceChildren(el('p', { text: message }));
  if (extraLines.length) box.append(el('ul', {}, extraLines.map((line) => el('li', { text: line }))));
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
}

/** Candidate names for a server field path: `resources.cpu`, `/resources/cpu`, `body.resources.cpu`. */
function fieldCandidates(field) {
  const dotted = field.replace(/^[/#]+/, '').replace(/\//g, '.').replace(/\[(\d+)\]/g, '.$1');
  const candidates = [field, dotted];
  const parts = dotted.split('.');
  for (let i = 1; i < parts.length; i += 1) candidates.push(parts.slice(i).join('.'));
  return [...new Set(candidates)];
}

function findSlot(form, field) {
  for (const name of fieldCandidates(field)) {
    const slot = [...form.querySelectorAll('[data-error-for]')].find((node) => node.dataset.errorFor === name);
    if (slot) return { slot, name };
  }
  return null;
}

/**
 * Puts each `{field, message}` next to its field. Returns the details that matched no field.
 */
export function showFieldErrors(form, details) {
  const unmatched = [];
  let first = null;
  for (const { field, message } of details) {
    const found = findSlot(form, field);
    if (!found) {
      unmatched.push(`${field}: ${message}`);
      continue;
    }
    const { slot, name } = found;
    slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
    slot.hidden = false;
    const control = [...form.elements].find((c) => c.name === name);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      if (!first) first = control;
    }
  }
  if (first) first.focus();
  return unmatched;
}

/**
 * Shows an API error on a form: 422 → field errors (the rest at the top); anything else → the
 * `error` text at the top. Returns nothing; a 401 has already sent the page to login.
 */
export function showApiError(form, err, fallback = 'The request failed.') {
  if (err && err.redirecting) return;
  if (err && err.status === 422 && err.details.length) {
    const unmatched = showFieldErrors(form, err.details);
    if (unmatched.length) showFormError(form, err.message || 'Some fields are invalid.', unmatched);
    return;
  }
  showFormError(form, (err && err.message) || fallback);
}

/** Runs `work` with the form's submit button disabled and labelled as busy. */
export async function withBusy(form, work) {
  const buttons = [...form.querySelectorAll('button[type="submit"], button:not([type])')];
  buttons.forEach((b) => { b.disabled = true; });
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
    form.removeAttribute('aria-busy');
  }
}

/** Links every control that has an error slot to it with aria-describedby. */
export function wireErrorSlots(form) {
  for (const slot of form.querySelectorAll('[data-error-for]')) {
    const control = [...form.elements].find((c) => c.name === slot.dataset.errorFor);
    if (!control) continue;
    if (!slot.id) slot.id = `${form.id || 'form'}-${slot.dataset.errorFor.replace(/\W/g, '-')}-error`;
    const described = new Set((control.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean));
    described.add(slot.id);
    control.setAttribute('aria-describedby', [...described].join(' '));
    slot.hidden = true;
  }
}

/**
 * Wires `form` to send its fields as JSON: on submit, `send(body)` runs with the form busy and errors cleared;
 * a failed call shows the server's errors next to their fields, else `fallback`.
 */
export function onJsonSubmit(form, send, fallback) {
  wireErrorSlots(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = formToJson(form);
    await withBusy(form, async () => {
      try {
        await send(body);
      } catch (err) {
        showApiError(form, err, fallback);
      }
    });
  });
}
