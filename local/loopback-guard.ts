/**
 * The offline stack's own routes (/_dev/* on the bot, /_sim/* on the fake Open API) are for the
 * developer's shell and the tests, never for a web page. A page can send cross-site POSTs without
 * asking (an HTML form, `fetch` with `mode: 'no-cors'`: text/plain, form-encoded or multipart
 * bodies) and, by DNS rebinding, make its own host name point at 127.0.0.1. So these routes answer
 * only loopback Host headers, no Origin of another site, and POST bodies declared JSON (a type a
 * page cannot send cross-site without a CORS preflight, which nothing here answers).
 */
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;
const LOOPBACK_ORIGIN = /^https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;
/** The body types a page may send cross-site without a preflight (CORS-safelisted). */
const SIMPLE_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

export interface Refusal {
  status: 403 | 415;
  error: string;
}

/**
 * Why a request to a local-only route is refused, or null when it may proceed. `body` says what a
 * POST must carry: JSON, or raw bytes of any type a page cannot send without a preflight.
 */
export function localOnlyRefusal(method: string, headers: IncomingHttpHeaders, body: 'json' | 'bytes' = 'json'): Refusal | null {
  if (!LOOPBACK_HOST.test(headers.host ?? '')) return { status: 403, error: 'local routes answer loopback hosts only' };
  const origin = headers.origin;
  if (origin !== undefined && !LOOPBACK_ORIGIN.test(origin)) return { status: 403, error: 'cross-site requests are refused' };
  if (method !== 'POST') return null;
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (body === 'json' ? type !== 'application/json' : type === '' || SIMPLE_TYPES.has(type)) {
    return {
      status: 415,
      error: body === 'json' ? 'send the body as Content-Type: application/json' : 'send the bytes as Content-Type: application/octet-stream',
    };
  }
  return null;
}
