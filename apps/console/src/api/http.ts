import { HttpError } from 'react-admin';

/**
 * The console's only way to the admin API: same-origin fetch with the session
 * cookie (httpOnly: this code never sees it) and, on every change, the
 * session's CSRF token header. Errors carry the API's own words.
 */
let csrfToken: string | undefined;

export const setCsrfToken = (token: string | undefined) => {
  csrfToken = token;
};
export const hasCsrfToken = () => csrfToken !== undefined;

const SAFE = new Set(['GET', 'HEAD']);

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** The API's message: `message` (admin routes) or `error` (station routes); else the status text. */
export function apiMessage(status: number, body: unknown, statusText: string): string {
  if (body && typeof body === 'object') {
    const b = body as { message?: unknown; error?: unknown };
    if (Array.isArray(b.message)) return b.message.join('; ');
    if (typeof b.message === 'string') return b.message;
    if (typeof b.error === 'string') return b.error;
  }
  return statusText || `HTTP ${status}`;
}

export async function api<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!res.ok) throw new HttpError(apiMessage(res.status, parsed, res.statusText), res.status, parsed);
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export const enc = encodeURIComponent;
