/**
 * Public disclosure end to end on the offline stack: a case whose party is a natural person, filed
 * over HTTP as Feishu sends it and decided (THE DECISION CONTRACT, written by the test until issue 10
 * lands); `POST /_dev/tick` at its due date runs the publisher, which publishes the page redacted and
 * posts the digest to the office; headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core) reads the index, the decision page and the feed at /public/ — the person's name,
 * ID number and the like absent; the head's 撤销决定 and 确认撤回 turn the page into a notice at the
 * next run; after its period the page is taken down.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimMessage } from '../../local/feishu-sim.ts';
import { decideInTable, decision } from '../helpers/decision.ts';
import { cardAction, messageEvent, postFeishu, USERS, validFilingForm } from '../helpers/feishu.ts';
import { useTestStack } from '../helpers/stack.ts';
import { PERSON_ID } from '../unit/disclosure/helpers.ts';
import { buttonValue, conversation, readable } from './evidence-helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const PARTY = '王小明';

let clock = new Date('2026-03-02T02:00:00.000Z');
const getStack = useTestStack({ now: () => clock });
const chat = conversation(getStack);
let profile: string;
let browser: BrowserContext;
let page: Page;
let caseNumber = '';
let caseId = '';

async function tick(iso: string) {
  clock = new Date(iso);
  const res = await fetch(`${getStack().botUrl}/_dev/tick`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: iso }) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { failed: unknown[]; ran: { task: string; done: string[] }[] };
  await getStack().jobs.idle();
  expect(body.failed).toEqual([]);
  return body.ran.find((r) => r.task === 'publisher')?.done ?? [];
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package (apt-get install chromium; .ci/run does it)`);
  const events = `${getStack().botUrl}/feishu/events`;
  expect((await postFeishu(events, messageEvent({ openId: USERS.zhang, text: '立案' }))).status).toBe(200);
  await getStack().jobs.idle();
  const form = getStack().sim.messages().at(-1) as SimMessage;
  const formId = /"form_id":"([^"]+)"/.exec(JSON.stringify(form.content))?.[1];
  const submit = await postFeishu(
    `${getStack().botUrl}/feishu/cards`,
    cardAction({ openId: USERS.zhang, value: { action: 'case.file', form_id: formId }, formValue: validFilingForm({ party_type: 'person', party_name: PARTY, party_id: PERSON_ID }), messageId: form.message_id }),
  );
  expect(submit.json.toast.type).toBe('success');
  await getStack().jobs.idle();
  caseNumber = /(甘经信立〔\d{4}〕\d+号)/.exec(submit.json.toast.content)?.[1] as string;
  caseId = `2026-${String(/〕(\d+)号/.exec(caseNumber)?.[1]).padStart(6, '0')}`;
  // 批准 on Tuesday 10 March; the case's deadlines are synced as after any change.
  clock = new Date('2026-03-10T03:00:00.000Z');
  await decideInTable(getStack().db, getStack().tableName, caseId, decision({ date: '2026-03-10' }));
  await getStack().jobs.submit({ kind: 'deadlines.sync', scope: 'case', caseId });
  await getStack().jobs.idle();

  profile = mkdtempSync(join(tmpdir(), 'enf-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const pageUrl = () => `${getStack().botUrl}/public/decisions/${caseId}-1.html`;
const PERSONAL = () => [PARTY, PERSON_ID];

describe('E2E: 事后公开', () => {
  it('holds the unserved penalty decision, then publishes it on its due date (7 working days) and tells the office', { timeout: 120_000 }, async () => {
    expect(await tick('2026-03-12T01:00:00.000Z')).toEqual([]);
    expect((await fetch(pageUrl())).status).toBe(404);
    const since = chat.mark();
    expect(await tick('2026-03-19T01:00:00.000Z')).toEqual([`published ${caseNumber}（期限 2026-03-19）`]);
    // The office gets the digest (and, at 09:00 on the due day, the publication reminder it is also an audience of).
    const digest = since().filter((m) => m.receive_id === USERS.sun && readable(m).includes('事后公开日报'));
    expect(digest).toHaveLength(1);
    expect(readable(digest[0])).toContain(caseNumber);
    const entries = (await getStack().services.cases.records(caseId)).filter((r) => r.action === 'disclosure.published');
    expect(entries).toHaveLength(1);
  });

  it('shows a reader the index, the decision page and the feed, with the person’s name masked and the ID absent', { timeout: 120_000 }, async () => {
    await page.goto(`${getStack().botUrl}/public/`);
    const rows = await page.$$eval('tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual([['2026年3月10日', caseNumber, '行政处罚', '王某某', '罚款人民币5000元']]);
    await page.click(`text=${caseNumber}`);
    await page.waitForURL(new RegExp(`/public/decisions/${caseId}-1\\.html$`));
    const fields = await page.$$eval('dl dt', (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent ?? '', dt.nextElementSibling?.textContent ?? ''])));
    expect(fields).toMatchObject({ 执法对象: '王某某', 执法类别: '行政处罚', 执法结论: '罚款人民币5000元', 法律依据: '《中华人民共和国节约能源法》第八十二条', 决定日期: '2026年3月10日' });
    for (const v of PERSONAL()) expect(await page.content()).not.toContain(v);
    await page.goto(`${getStack().botUrl}/public/`);
    await page.click('text=数据（JSON）');
    await page.waitForURL(/\/public\/feed\.json$/);
    const feed = await page.innerText('body');
    expect(feed).toContain('王某某');
    for (const v of PERSONAL()) expect(feed).not.toContain(v);
  });

  it('the head’s 撤销决定 turns the page into a notice of the reason at the next run', { timeout: 120_000 }, async () => {
    clock = new Date('2026-03-23T02:00:00.000Z');
    const [form] = await chat.say(USERS.head, `撤销决定 ${caseNumber}`);
    expect(readable(form)).toContain('确认撤回');
    const refused = await chat.say(USERS.zhang, `撤销决定 ${caseNumber}`);
    expect(readable(refused[0])).toContain('只有负责人可以登记');
    const res = await postFeishu(
      `${getStack().botUrl}/feishu/cards`,
      cardAction({ openId: USERS.head, value: buttonValue((form as SimMessage).content, '确认撤回'), formValue: { kind: '撤销', reason: '经行政复议，该处罚决定被撤销' }, messageId: (form as SimMessage).message_id }),
    );
    expect(res.json.toast).toEqual({ type: 'success', content: '已登记，公开页面将在 3 个工作日内撤回' });
    await getStack().jobs.idle();
    expect(await tick('2026-03-24T01:00:00.000Z')).toEqual([`withdrawn ${caseNumber}（期限 2026-03-26）`]);
    await page.goto(pageUrl());
    await page.reload();
    expect(await page.textContent('.withdrawn')).toContain('撤销');
    const text = await page.innerText('body');
    expect(text).toContain('经行政复议，该处罚决定被撤销');
    expect(text).not.toContain('罚款人民币5000元');
  });

  it('takes the notice down after the publication period', { timeout: 60_000 }, async () => {
    expect(await tick('2029-03-20T01:00:00.000Z')).toEqual([`taken down ${caseNumber}（公开期至 2029-03-19）`]);
    expect((await fetch(pageUrl())).status).toBe(404);
    expect(await getStack().services.cases.activeDisclosures()).toEqual([]);
  });
});
