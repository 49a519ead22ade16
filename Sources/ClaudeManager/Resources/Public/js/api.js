// Fetch wrapper for the Claude Manager REST API (see openapi.yaml).
// Every call is JSON, sends the HttpOnly session cookie (credentials: same-origin) and throws an
// ApiError for any non-2xx answer. A 401 sends the browser to the login page unless the caller
// opts out (the login page itself, or calls where 401 has another meaning).

const USER_KEY = 'cm_user';

/** An HTTP error answer; `body` is the parsed `{error, details}` object when the server sent one. */
export class ApiError extends Error {
  constructor(status, body, headers) {
    super(messageFor(status, body));
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
    this.headers = headers || new Headers();
    this.redirecting = false;
  }

  /** The `details` array of field errors (`[{field, message}]`), empty when absent. */
  get details() {
    const details = this.body && typeof this.body === 'object' ? this.body.details : undefined;
    return Array.isArray(details)
      ? details.filter((d) => d && typeof d.field === 'string' && typeof d.message === 'string')
      : [];
  }

  /** Seconds from the Retry-After header (delta-seconds or HTTP date), or null. */
  get retryAfterSeconds() {
    const raw = this.headers.get('Retry-After');
    if (!raw) return null;
    const trimmed = raw.trim();
    if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10);
    const date = Date.parse(trimmed);
    if (Number.isNaN(date)) return null;
    return Math.max(0, Math.ceil((date - Date.now()) / 1000));
  }
}

function messageFor(status, body) {
  if (body && typeof body === 'object' && typeof body.error === 'string' && body.error) return body.error;
  if (typeof body === 'string' && body.trim() && body.length < 300) return body.trim();
  if (status === 0) return 'Could not reach the server.';
  if (status === 403) return 'You do not have permission to do this.';
  if (status === 404) return 'Not found.';
  if (status >= 500) return `The server failed to answer (HTTP ${status}).`;
  return `Request failed (HTTP ${status}).`;
}

function buildUrl(path, query) {
  const url = new URL(path, window.location.origin);
  if (query) {
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue;
      url.searchParams.set(key, String(value));
    }
  }
  return url.pathname + url.search;
}

async function parseBody(response) {
  if (response.status === 204 || response.status === 205) return null;
  const text = await response.text();
  if (!text) return null;
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json') || /^[\s]*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Sends the browser to the login page, remembering where it was. */
export function redirectToLogin() {
  clearStoredUser();
  const here = window.location.pathname.split('/').pop();
  if (here === 'login.html') return;
  const next = window.location.pathname + window.location.search;
  window.location.assign(`login.html?next=${encodeURIComponent(next)}`);
}

/**
 * Performs one API call.
 * @param {string} path e.g. `/api/projects`
 * @param {{method?: string, body?: unknown, query?: object, redirectOn401?: boolean, signal?: AbortSignal}} options
 */
export async function request(path, options = {}) {
  const { method = 'GET', body, query, redirectOn401 = true, signal } = options;
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store', signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(buildUrl(path, query), init);
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(0, null, null);
  }
  let data;
  try {
    data = await parseBody(response);
  } catch {
    data = null;
  }
  if (response.ok) return data;
  const error = new ApiError(response.status, data, response.headers);
  if (response.status === 401 && redirectOn401) {
    error.redirecting = true;
    redirectToLogin();
  }
  throw error;
}

export const api = {
  get: (path, options = {}) => request(path, { ...options, method: 'GET' }),
  post: (path, body, options = {}) => request(path, { ...options, method: 'POST', body }),
  put: (path, body, options = {}) => request(path, { ...options, method: 'PUT', body }),
  patch: (path, body, options = {}) => request(path, { ...options, method: 'PATCH', body }),
  del: (path, options = {}) => request(path, { ...options, method: 'DELETE' }),
};

/** Encodes one path segment (an id from the server). */
export function segment(value) {
  return encodeURIComponent(String(value));
}

/** The signed-in user kept for display only (never a token or a secret). */
export function storedUser() {
  try {
    const user = JSON.parse(window.localStorage.getItem(USER_KEY) || 'null');
    return user && typeof user.email === 'string' ? user : null;
  } catch {
    return null;
  }
}

export function storeUser(user) {
  if (!user || typeof user !== 'object') return;
  const { id, email, role } = user;
  try {
    window.localStorage.setItem(USER_KEY, JSON.stringify({ id, email, role }));
  } catch {
    // Storage may be unavailable (private mode); the header then waits for /api/auth/me.
  }
}

export function clearStoredUser() {
  try {
    window.localStorage.removeItem(USER_KEY);
  } catch {
    // Nothing stored.
  }
}
