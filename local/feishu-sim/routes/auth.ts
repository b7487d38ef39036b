/** The tenant access token (auth v3) and the check every other Open API route makes. */
import { randomBytes } from 'node:crypto';
import { HttpError, type Json } from '../http.ts';
import type { SimState } from '../state.ts';
import type { OpenApiRoute } from './route.ts';

/** Feishu hands out a new token only when less than 30 min remain. */
const TOKEN_RENEW_WINDOW_MS = 30 * 60 * 1000;

function tokenRoute(s: SimState, body: Json): Json {
  const appId = body.app_id;
  const appSecret = body.app_secret;
  if (typeof appId !== 'string' || appId === '' || typeof appSecret !== 'string' || appSecret === '') {
    return { code: 10003, msg: 'invalid param' };
  }
  if ((s.appId !== undefined && appId !== s.appId) || (s.appSecret !== undefined && appSecret !== s.appSecret)) {
    return { code: 10014, msg: 'app secret invalid' };
  }
  const t = s.now();
  let current: [string, number] | undefined;
  for (const entry of s.tokens) {
    if (entry[1] <= t) s.tokens.delete(entry[0]);
    else if (entry[1] - t > TOKEN_RENEW_WINDOW_MS) current = entry;
  }
  if (!current) {
    current = [`t-sim-${randomBytes(16).toString('hex')}`, t + s.tokenTtlMs];
    s.tokens.set(current[0], current[1]);
  }
  return { code: 0, msg: 'ok', tenant_access_token: current[0], expire: Math.floor((current[1] - t) / 1000) };
}

/** Throws Feishu's refusal unless the Authorization header carries a live tenant token. */
export function checkAuth(s: SimState, header: string | undefined): void {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) {
    throw new HttpError(s.authFailureStatus, 99991661, 'Missing access token for authorization. Please make a request with token attached.');
  }
  const exp = s.tokens.get(m[1]);
  if (exp === undefined || exp <= s.now()) {
    throw new HttpError(s.authFailureStatus, 99991663, 'Invalid access token for authorization. Please make a request with token attached.');
  }
}

export function authRoutes(s: SimState): OpenApiRoute[] {
  return [
    { method: 'POST', path: /^\/open-apis\/auth\/v3\/tenant_access_token\/internal$/, auth: false, json: true, run: (r) => tokenRoute(s, r.body) },
  ];
}
