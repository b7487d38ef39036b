/**
 * The offline stack's own routes (/_dev/tick on the bot, /_sim/* on the fake Open API) answer only
 * loopback Host headers and, for POST, JSON bodies with no Origin of another site: a web page the
 * developer opens cannot drive them (cross-site requests, DNS rebinding). Feishu's routes take any
 * Host (Feishu reaches them through a tunnel).
 */
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.ts';
import { httpRequest } from '../helpers/http.ts';
import { useTestStack } from '../helpers/stack.ts';

const getStack = useTestStack();
const JSON_TYPE = { 'content-type': 'application/json' };
const tickBody = JSON.stringify({ now: '2026-11-26T09:00:00+08:00' });

function port(url: string): string {
  return new URL(url).port;
}

describe('POST /_dev/tick', () => {
  const tick = (headers: Record<string, string>, body = tickBody) =>
    httpRequest(`${getStack().botUrl}/_dev/tick`, { method: 'POST', headers, body });

  it('runs for loopback Host headers with a JSON body', async () => {
    const p = port(getStack().botUrl);
    for (const host of [`127.0.0.1:${p}`, `localhost:${p}`, `[::1]:${p}`, 'localhost', 'LOCALHOST:1']) {
      const res = await tick({ host, ...JSON_TYPE });
      expect(res.status, host).toBe(200);
      expect(JSON.parse(res.text)).toMatchObject({ now: '2026-11-26T01:00:00.000Z', ran: [{ task: 'follow-ups', done: [] }, { task: 'owed-work', done: [] }, { task: 'annual-statistics', done: [] }, { task: 'deadline-refresh' }, { task: 'reminders' }, { task: 'publisher' }] });
    }
    const sameOrigin = await tick({ ...JSON_TYPE, origin: getStack().botUrl });
    expect(sameOrigin.status).toBe(200);
    const charset = await tick({ 'content-type': 'application/json; charset=utf-8' });
    expect(charset.status).toBe(200);
  });

  it('refuses another Host (DNS rebinding) with 403 and says nothing more', async () => {
    for (const host of ['evil.example', `evil.example:${port(getStack().botUrl)}`, '127.0.0.1.evil.example', '192.0.2.1', 'localhost.']) {
      const res = await tick({ host, ...JSON_TYPE });
      expect(res.status, host).toBe(403);
      expect(res.text).not.toContain('ran');
    }
  });

  it('refuses a cross-site Origin with 403, including the opaque "null" origin', async () => {
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'null', 'http://192.0.2.1:3000']) {
      const res = await tick({ ...JSON_TYPE, origin });
      expect(res.status, origin).toBe(403);
    }
  });

  it('refuses a body that is not declared JSON with 415 (what an HTML form or a no-cors fetch sends)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      const res = await tick({ 'content-type': type });
      expect(res.status, type).toBe(415);
    }
    expect((await tick({})).status).toBe(415);
  });

  it('leaves the Feishu routes open to any Host (Feishu comes through a tunnel)', async () => {
    const res = await httpRequest(`${getStack().botUrl}/feishu/events`, {
      method: 'POST',
      headers: { host: 'bot.example.invalid', origin: 'https://open.feishu.cn', ...JSON_TYPE },
      body: JSON.stringify(fixture('url_verification')),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toHaveProperty('challenge');
  });
});

describe('the fake Open API control routes /_sim/*', () => {
  const sim = (path: string, opts: Parameters<typeof httpRequest>[1] = {}) => httpRequest(`${getStack().simUrl}${path}`, opts);
  const fault = JSON.stringify({ match: 'bot/v3/info', status: 500, count: 1 });

  it('answers loopback callers', async () => {
    expect((await sim('/_sim/messages')).status).toBe(200);
    expect((await sim('/_sim/faults', { method: 'POST', headers: JSON_TYPE, body: fault })).status).toBe(201);
    expect((await sim('/_sim/reset', { method: 'POST', headers: JSON_TYPE })).status).toBe(200);
  });

  it('refuses another Host or Origin with 403, for reads as for writes', async () => {
    getStack().sim.injectFault({ match: 'bot/v3/info', status: 503, count: 1 });
    expect((await sim('/_sim/messages', { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await sim('/_sim/requests', { headers: { origin: 'https://evil.example' } })).status).toBe(403);
    const forged = await sim('/_sim/faults', { method: 'POST', headers: { ...JSON_TYPE, origin: 'https://evil.example' }, body: fault });
    expect(forged.status).toBe(403);
    const rebound = await sim('/_sim/reset', { method: 'POST', headers: { ...JSON_TYPE, host: `evil.example:${port(getStack().simUrl)}` } });
    expect(rebound.status).toBe(403);
    // Nothing changed: the fault set up before is still there (no reset), and no other was added.
    expect((await sim('/open-apis/bot/v3/info')).status).toBe(503);
    expect((await sim('/open-apis/bot/v3/info')).status).toBe(400);
  });

  it('refuses POST bodies a web page can send without asking (415); resources take raw bytes, not a form', async () => {
    expect((await sim('/_sim/reset', { method: 'POST', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await sim('/_sim/faults', { method: 'POST', body: fault })).status).toBe(415);
    const qs = new URLSearchParams({ message_id: 'om_r', file_key: 'file_r', type: 'file', file_name: 'a.pdf' });
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
      const res = await sim(`/_sim/resources?${qs}`, { method: 'POST', headers: { 'content-type': type }, body: 'abc' });
      expect(res.status, type).toBe(415);
    }
    expect((await sim(`/_sim/resources?${qs}`, { method: 'POST', body: 'abc' })).status).toBe(415);
    const ok = await sim(`/_sim/resources?${qs}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'abc' });
    expect(ok.status).toBe(201);
  });
});
