// Login page: POST /api/auth/login; the server sets the HttpOnly cookie `cm_session`.

import { api, storeUser } from './api.js';
import { clearErrors, formToJson, showFormError, withBusy } from './forms.js';

const form = document.getElementById('login-form');
const emailInput = document.getElementById('login-email');
let retryTimer = null;

/** Where to go after signing in: a same-origin path from ?next=, else the project list. */
function nextLocation() {
  const next = new URLSearchParams(window.location.search).get('next');
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && !next.includes('login.html')) {
    return next;
  }
  return 'index.html';
}

function showRateLimit(seconds) {
  window.clearInterval(retryTimer);
  const submit = document.getElementById('login-submit');
  if (seconds === null) {
    showFormError(form, 'Too many sign-in attempts. Please wait a moment and try again.');
    return;
  }
  let remaining = seconds;
  const render = () => {
    showFormError(form, `Too many sign-in attempts. Try again in ${remaining} second${remaining === 1 ? '' : 's'}.`);
  };
  render();
  submit.disabled = true;
  retryTimer = window.setInterval(() => {
    remaining -= 1;
    if (remaining <= 0) {
      window.clearInterval(retryTimer);
      submit.disabled = false;
      clearErrors(form);
      return;
    }
    render();
  }, 1000);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  const body = formToJson(form);
  if (!body.email || !body.password) {
    showFormError(form, 'Enter your email and password.');
    return;
  }
  let failure = null;
  await withBusy(form, async () => {
    try {
      const answer = await api.post('/api/auth/login', body, { redirectOn401: false });
      if (answer && answer.user) storeUser(answer.user);
      window.location.assign(nextLocation());
    } catch (err) {
      failure = err;
    }
  });
  if (!failure) return;
  if (failure.status === 401) showFormError(form, 'Invalid email or password');
  else if (failure.status === 429) showRateLimit(failure.retryAfterSeconds);
  else showFormError(form, failure.message);
});

// Already signed in (a valid cookie)? Go straight on.
api.get('/api/auth/me', { redirectOn401: false }).then((user) => {
  storeUser(user);
  window.location.replace(nextLocation());
}).catch(() => {
  emailInput.focus();
});
