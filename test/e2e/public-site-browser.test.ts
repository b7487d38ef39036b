/**
 * The public disclosure site in a real browser: headless Chromium (the Debian `chromium` package;
 * .ci/run installs it) driven by playwright-core, reading what the offline stack serves at /public/.
 * The pages are what the disclosure domain builds for a publisher run — a decision whose party is a
 * natural person with an ID number, phone numbers and an address, and one against a company — written
 * through the public-site port. What a reader sees is checked, and that the person's data is absent
 * from the pages and the feed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DisclosureRecord,
  type PublicEntry,
  applyPlan,
  parseFeed,
  planPublisherRun,
  siteChanges,
} from '../../functions/domain/disclosure/index.ts';
import { useTestStack } from '../helpers/stack.ts';
import { cal, disclosureRules, ORG_CODE, orgDecision, PERSON_ID, personDecision, redaction, rules, site } from '../unit/disclosure/helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
/** What must never reach a reader: the person's name, ID number, phone and address as the case holds them. */
const PERSONAL = ['张三', PERSON_ID, '13812345678', '138 1234 5678', '康定市炉城镇向阳街12号', '向阳街12号'];

const getStack = useTestStack();
let profile: string;
let browser: BrowserContext;
let page: Page;
const requested: string[] = [];
const problems: string[] = [];

const records: DisclosureRecord[] = [
  { input: personDecision(), servedOn: '2026-09-29' },
  { input: orgDecision(), servedOn: '2026-09-22' },
];

/** One publisher run at `now`, written through the port. */
async function publish(now: string) {
  const stack = getStack();
  const plan = planPublisherRun(records, { now, calendar: cal, rules, disclosureRules, redactionRules: redaction, site });
  const feed = await stack.site.read('feed.json');
  const live: PublicEntry[] = applyPlan(feed === null ? [] : parseFeed(feed), plan);
  await stack.site.apply(siteChanges(site, live, plan));
  return plan;
}

/** The page's definition list as label → value, the way a reader reads it. */
async function fields(p: Page): Promise<Record<string, string>> {
  return p.$$eval('dl dt', (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent ?? '', dt.nextElementSibling?.textContent ?? ''])));
}

function expectNoPersonalData(text: string, where: string) {
  for (const value of PERSONAL) expect(text, `${where} shows ${value}`).not.toContain(value);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install the Debian package (apt-get install chromium; .ci/run does it)`);
  }
  const plan = await publish('2026-10-09T10:00:00+08:00');
  expect(plan.publish.map((p) => p.id)).toEqual(['2026-000007-1', '2026-000008-1']);

  // A fresh profile each run; nothing from the network but our own server.
  profile = mkdtempSync(join(tmpdir(), 'enf-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('request', (r) => requested.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('the public site in Chromium', () => {
  it('shows the index: both decisions, newest first, the person by a masked name', { timeout: 60_000 }, async () => {
    const res = await page.goto(`${getStack().botUrl}/public/`);
    expect(res?.status()).toBe(200);
    expect(await page.title()).toBe('行政执法决定公开 - 行政执法决定公开');
    expect(await page.textContent('header')).toContain('甘孜州经济和信息化局');
    const rows = await page.$$eval('tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual([
      ['2026年9月28日', '甘经信罚〔2026〕3号', '行政处罚', '张某某', '罚款人民币五千元'],
      ['2026年9月21日', '甘经信立〔2026〕8号', '行政处罚', '甘孜某某商贸有限公司', '责令改正，罚款人民币二万元'],
    ]);
    expectNoPersonalData(await page.content(), 'index HTML');
    expectNoPersonalData(await page.innerText('body'), 'index text');
  });

  it('opens the person’s decision from the index: the 118号 content, redacted', { timeout: 60_000 }, async () => {
    await page.goto(`${getStack().botUrl}/public/`);
    await page.click('text=甘经信罚〔2026〕3号');
    await page.waitForURL(/\/public\/decisions\/2026-000007-1\.html$/);
    const f = await fields(page);
    expect(f).toMatchObject({
      执法机关: '甘孜州经济和信息化局',
      执法对象: '张某某',
      执法类别: '行政处罚',
      决定书文号: '甘经信罚〔2026〕3号',
      执法结论: '罚款人民币五千元',
      法律依据: '《中华人民共和国节约能源法》第六十八条第一款',
      决定日期: '2026年9月28日',
    });
    // The facts keep their sense with the person's data hidden.
    expect(f.主要事实).toContain('未按规定开展节能审查');
    expect(f.主要事实).toContain('张某某');
    expectNoPersonalData(await page.content(), 'decision HTML');
    expectNoPersonalData(await page.innerText('body'), 'decision text');
  });

  it('shows an organisation by name and credit code', { timeout: 60_000 }, async () => {
    await page.goto(`${getStack().botUrl}/public/decisions/2026-000008-1.html`);
    const f = await fields(page);
    expect(f.执法对象).toBe('甘孜某某商贸有限公司');
    expect(f.统一社会信用代码).toBe(ORG_CODE);
    // A natural person named in its text (the legal representative) is masked all the same.
    expect(f.主要事实).toContain('李某某');
    expect(f.主要事实).not.toContain('13900001111');
  });

  it('serves the feed the footer links to: the live entries, without the person’s data', { timeout: 60_000 }, async () => {
    await page.goto(`${getStack().botUrl}/public/`);
    await page.click('text=数据（JSON）');
    await page.waitForURL(/\/public\/feed\.json$/);
    const body = await page.innerText('body');
    const feed = JSON.parse(body) as { version: string; items: { id: string; _enforcement: { target?: { name: string } } }[] };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.items).toHaveLength(2);
    expect(parseFeed(body).map((e) => e.id)).toEqual(['2026-000007-1', '2026-000008-1']);
    const personItem = JSON.stringify(feed.items.find((i) => i.id.includes('2026-000007-1')));
    expect(personItem).toContain('张某某');
    expectNoPersonalData(personItem, 'feed entry');
  });

  it('after a withdrawal, shows the notice with its reason at the same address, and nothing of the decision', { timeout: 60_000 }, async () => {
    records[0] = { ...records[0]!, publishedOn: '2026-10-09', withdrawal: { kind: '撤销', reason: '复议机关撤销了该决定', recordedOn: '2026-10-12' } };
    records[1] = { ...records[1]!, publishedOn: '2026-10-09' };
    const plan = await publish('2026-10-12T10:00:00+08:00');
    expect(plan.withdraw.map((w) => w.id)).toEqual(['2026-000007-1']);
    // The browser has the page cached (max-age 5 minutes, files.ts): a reader who reloads gets the notice.
    await page.goto(`${getStack().botUrl}/public/decisions/2026-000007-1.html`);
    await page.reload();
    expect(await page.textContent('.withdrawn')).toContain('撤销');
    const f = await fields(page);
    expect(f.理由).toBe('复议机关撤销了该决定');
    expect(f.执法结论).toBeUndefined();
    expect(f.执法对象).toBeUndefined();
    expectNoPersonalData(await page.content(), 'withdrawn notice');
    await page.goto(`${getStack().botUrl}/public/`);
    await page.reload();
    expect(await page.textContent('tbody tr.withdrawn')).toContain('已撤回（撤销）');
  });

  it('loaded nothing from anywhere else and reported no errors', () => {
    const origin = new URL(getStack().botUrl).origin;
    expect(requested.length).toBeGreaterThan(5);
    expect(requested.filter((u) => new URL(u).origin !== origin)).toEqual([]);
    // Content-Security-Policy violations and script errors would show here.
    expect(problems).toEqual([]);
  });
});
