// The one way the dashboard talks to TrustLens: /api with an optional Bearer key from
// sessionStorage. Errors carry the problem+json body, so forms can show the field errors.

const KEY = 'trustlens.apiKey';

export function getKey() { return sessionStorage.getItem(KEY) || ''; }
export function setKey(k) { if (k) sessionStorage.setItem(KEY, k); else sessionStorage.removeItem(KEY); }

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
  get errors() { return Array.isArray(this.problem.errors) ? this.problem.errors : []; }
}

export async function api(path, { method = 'GET', body, query } = {}) {
  const headers = { Accept: 'application/json' };
  const key = getKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let url = `/api${path}`;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
    const s = qs.toString();
    if (s) url += `?${s}`;
  }
  let res;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError(0, { title: 'Network error', detail: `Could not reach the server (${err.message})` });
  }
  if (res.status === 204) return undefined;
  const text = await res.text();
  let data;
  try { data = text ? JSON.parse(text) : undefined; } catch { data = undefined; }
  if (!res.ok) {
    if (res.status === 401) document.dispatchEvent(new CustomEvent('trustlens:unauthorized', { detail: data }));
    throw new ApiError(res.status, data);
  }
  return data;
}

/** Brands and launches change rarely; pages share one copy per navigation. */
let cache = null;
export function invalidate() { cache = null; }
export async function catalog() {
  if (!cache) {
    cache = Promise.all([api('/brands'), api('/launches')]).then(([b, l]) => ({
      brands: b.items, launches: l.items,
      brand: (id) => b.items.find((x) => x.id === id),
      launch: (id) => l.items.find((x) => x.id === id),
    }));
    cache.catch(() => { cache = null; });
  }
  return cache;
}
