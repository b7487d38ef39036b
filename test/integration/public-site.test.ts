/**
 * The public site's stores behave alike: S3 (against s3rver, read back over plain HTTP as a browser
 * or the CDN would fetch it), a folder, and memory. A publisher run built by the disclosure domain
 * (plan → live entries → site changes) is written, read back, withdrawn and taken down.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FolderPublicSite, MemoryPublicSite } from '../../functions/adapters/site/local.ts';
import { S3PublicSite } from '../../functions/adapters/site/s3.ts';
import {
  type DisclosureRecord,
  type PublicEntry,
  applyPlan,
  parseFeed,
  planPublisherRun,
  siteChanges,
} from '../../functions/domain/disclosure/index.ts';
import { type PublicSite, PublicSiteError } from '../../functions/ports/public-site.ts';
import { cal, disclosureRules, orgDecision, PERSON_ID, personDecision, redaction, rules, site as siteConfig } from '../unit/disclosure/helpers.ts';

const s3Client = () =>
  new S3Client({
    endpoint: inject('s3Endpoint'),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    // s3rver stores aws-chunked framing otherwise (docs: measured).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

const bucket = `public-site-${randomUUID().slice(0, 8)}`;
const dir = mkdtempSync(join(tmpdir(), 'enf-public-'));
const stores: Record<string, PublicSite> = {};
beforeAll(async () => {
  const client = s3Client();
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  stores.s3 = new S3PublicSite(client, bucket);
  stores.folder = new FolderPublicSite(dir);
  stores.memory = new MemoryPublicSite();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ctx = (now: string) => ({ now, calendar: cal, rules, disclosureRules, redactionRules: redaction, site: siteConfig });

/** One run of the publisher, as the integrator will write it (functions/domain/disclosure/README.md). */
async function run(store: PublicSite, records: DisclosureRecord[], now: string) {
  const plan = planPublisherRun(records, ctx(now));
  const feed = await store.read('feed.json');
  const live: PublicEntry[] = applyPlan(feed === null ? [] : parseFeed(feed), plan);
  const files = siteChanges(siteConfig, live, plan);
  return { plan, result: await store.apply(files) };
}

const person = personDecision();
const org = orgDecision();

describe.each(['s3', 'folder', 'memory'])('PublicSite on %s', (kind) => {
  const store = () => stores[kind] as PublicSite;

  it('writes, reads back and replaces a file; a missing one reads as null; deleting twice is fine', async () => {
    await expect(store().read('decisions/none-1.html')).resolves.toBeNull();
    await store().write('decisions/x-1.html', '<p>第一版</p>');
    await expect(store().read('decisions/x-1.html')).resolves.toBe('<p>第一版</p>');
    await store().write('decisions/x-1.html', '<p>第二版</p>');
    await expect(store().read('decisions/x-1.html')).resolves.toBe('<p>第二版</p>');
    await store().remove('decisions/x-1.html');
    await store().remove('decisions/x-1.html');
    await expect(store().read('decisions/x-1.html')).resolves.toBeNull();
  });

  it('refuses paths outside the site', async () => {
    for (const bad of ['../escape.html', '/abs.html', 'decisions/../../x.html', 'other.txt']) {
      await expect(store().write(bad, 'x')).rejects.toBeInstanceOf(PublicSiteError);
      await expect(store().read(bad)).rejects.toBeInstanceOf(PublicSiteError);
    }
  });

  it('publishes a run, withdraws a page in place, takes one down; what is written never shows redacted data', async () => {
    // 2026-10-09: both decisions served and due (7 working days) → published.
    const records: DisclosureRecord[] = [
      { input: person, servedOn: '2026-09-29' },
      { input: org, servedOn: '2026-09-22' },
    ];
    const first = await run(store(), records, '2026-10-09T10:00:00+08:00');
    expect(first.plan.publish.map((p) => p.id)).toEqual(['2026-000007-1', '2026-000008-1']);
    expect(first.result).toEqual({
      written: ['decisions/2026-000007-1.html', 'decisions/2026-000008-1.html', 'index.html', 'feed.json'],
      removed: [],
    });
    const page = (await store().read('decisions/2026-000007-1.html')) as string;
    expect(page).toContain('张某某');
    const index = (await store().read('index.html')) as string;
    const feed = (await store().read('feed.json')) as string;
    // The person's page, the index and the person's feed entry (the organisation's own text may name
    // its premises: an organisation's address is published).
    const personEntry = JSON.stringify((JSON.parse(feed) as { items: { id: string }[] }).items.find((i) => i.id.includes('2026-000007-1')));
    expect(personEntry).toContain('张某某');
    for (const text of [page, index, personEntry]) {
      expect(text).not.toContain(PERSON_ID);
      expect(text).not.toContain('13812345678');
      expect(text).not.toContain('向阳街12号');
      expect(text).not.toContain('张三');
    }
    expect(parseFeed(feed).map((e) => e.id)).toEqual(['2026-000007-1', '2026-000008-1']);

    // The head records a revocation of the person's decision; the next run withdraws the page in place.
    records[0] = { ...records[0]!, publishedOn: '2026-10-09', withdrawal: { kind: '撤销', reason: '复议机关撤销了该决定', recordedOn: '2026-10-12' } };
    records[1] = { ...records[1]!, publishedOn: '2026-10-09' };
    const second = await run(store(), records, '2026-10-12T10:00:00+08:00');
    expect(second.plan.withdraw.map((w) => w.id)).toEqual(['2026-000007-1']);
    expect(second.result.written).toEqual(['decisions/2026-000007-1.html', 'index.html', 'feed.json']);
    const notice = (await store().read('decisions/2026-000007-1.html')) as string;
    expect(notice).toContain('复议机关撤销了该决定');
    expect(notice).not.toContain('罚款人民币五千元');
    expect(parseFeed((await store().read('feed.json')) as string).find((e) => e.id === '2026-000007-1')?.status).toBe('withdrawn');

    // Three years on, both are taken down: the index and feed first, then the files.
    records[0] = { ...records[0]!, withdrawnOn: '2026-10-12' };
    const third = await run(store(), records, '2029-10-12T10:00:00+08:00');
    expect(third.plan.takeDown.map((t) => t.id).sort()).toEqual(['2026-000007-1', '2026-000008-1']);
    expect(third.result.written).toEqual(['index.html', 'feed.json']);
    expect(third.result.removed.sort()).toEqual(['decisions/2026-000007-1.html', 'decisions/2026-000008-1.html']);
    await expect(store().read('decisions/2026-000007-1.html')).resolves.toBeNull();
    expect(parseFeed((await store().read('feed.json')) as string)).toEqual([]);
    expect(await store().read('index.html')).toContain('暂无公开的执法决定');
  });
});

describe('S3 objects as a browser or the CDN fetches them', () => {
  it('carry the content type and cache header the adapter set', async () => {
    const site = stores.s3 as PublicSite;
    await site.write('feed.json', '{"version":"x"}');
    await site.write('decisions/hdr-1.html', '<!doctype html><p>页</p>');
    const endpoint = inject('s3Endpoint');
    const feed = await fetch(`${endpoint}/${bucket}/feed.json`);
    expect(feed.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    expect(feed.headers.get('cache-control')).toBe('public, max-age=60');
    const page = await fetch(`${endpoint}/${bucket}/decisions/hdr-1.html`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await page.text()).toBe('<!doctype html><p>页</p>');
  });

  it('serve a list page and a draw’s verification file with theirs (the verifier fetches the JSON)', async () => {
    const site = stores.s3 as PublicSite;
    await site.apply({ put: new Map([['lists/matters-v2.html', '<p>第 2 版</p>'], ['draws/D20260302-ab.json', '{"format":"sj-draw-file/1"}']]), remove: [] });
    const endpoint = inject('s3Endpoint');
    const file = await fetch(`${endpoint}/${bucket}/draws/D20260302-ab.json`);
    expect(file.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await file.json()).toEqual({ format: 'sj-draw-file/1' });
    const list = await fetch(`${endpoint}/${bucket}/lists/matters-v2.html`);
    expect(list.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(list.headers.get('cache-control')).toBe('public, max-age=300');
  });
});

describe('Class: FolderPublicSite', () => {
  it('keeps only the site’s files in its folder, with no temporary files left behind', async () => {
    const d = mkdtempSync(join(tmpdir(), 'enf-public-'));
    try {
      const site = new FolderPublicSite(d);
      await site.apply({ put: new Map([['decisions/a-1.html', 'A'], ['index.html', 'I'], ['feed.json', '[]']]), remove: [] });
      expect(readdirSync(d).sort()).toEqual(['decisions', 'feed.json', 'index.html']);
      expect(readdirSync(join(d, 'decisions'))).toEqual(['a-1.html']);
      await expect(new FolderPublicSite(d).read('index.html')).resolves.toBe('I');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
