// The staff HTTP API (docs/api.md, issue 11 §5) through a Fetcher port, so the stores run in
// plain Node against a stand-in. The bearer token is added here and nowhere else; it is never
// put in a URL or a cookie.

export interface ApiAnswer {
  status: number; // 0: the network failed
  body: Record<string, unknown> | null;
  retryAfterS?: number;
  etag?: string; // the record's version (issue 14: sent back in If-Match)
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Fetcher {
  (method: Method, path: string, body?: unknown, token?: string | null, headers?: Record<string, string>): Promise<ApiAnswer>;
}

// The error code of an answer: `{"error":{"code":...}}` (docs/api.md), or a status-based guess.
export function errorCode(a: ApiAnswer): string {
  const e = a.body?.error;
  if (e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string') return (e as { code: string }).code;
  if (typeof e === 'string') return e;
  if (a.status === 0) return 'network';
  if (a.status === 401) return 'unauthorized';
  if (a.status === 429) return 'too_many_attempts';
  return 'error';
}

// The browser's fetch: same origin, no cookies, nothing cached.
export const browserFetcher: Fetcher = async (method, path, body, token, extra) => {
  const headers: Record<string, string> = { Accept: 'application/json', ...(extra ?? {}) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    const res = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store', redirect: 'error', referrerPolicy: 'no-referrer',
    });
    let parsed: Record<string, unknown> | null = null;
    try {
      const v: unknown = await res.json();
      parsed = v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
    } catch {
      parsed = null;
    }
    const ra = Number(res.headers.get('Retry-After'));
    return {
      status: res.status, body: parsed, retryAfterS: Number.isFinite(ra) && ra > 0 ? ra : undefined, etag: res.headers.get('ETag') ?? undefined,
    };
  } catch {
    return { status: 0, body: null };
  }
};
