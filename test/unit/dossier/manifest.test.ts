import { describe, expect, it } from 'vitest';
import avData from '../../../data/av-duties.json' with { type: 'json' };
import checklistData from '../../../data/dossier-checklist.json' with { type: 'json' };
import {
  type ArchiveManifest,
  type ManifestInput,
  archivedDetail,
  buildAvDuties,
  buildDossierChecklist,
  buildManifest,
  dossierKeys,
  escapeHtml,
  expectedObjects,
  manifestBytes,
  manifestHtmlBytes,
  renderManifestHtml,
  reviewDossier,
  verifyCase,
} from '../../../functions/domain/dossier/index.ts';
import { type SealedEntry, canonicalJson, checkDetail, sealEntry, sha256Hex, verifyChain } from '../../../functions/domain/record/index.ts';
import { copy } from '../record/helpers.ts';
import { caseScenario, completeFacts } from './helpers.ts';

const checklist = buildDossierChecklist(checklistData);
const duties = buildAvDuties(avData);

function input(o: Partial<ManifestInput> = {}) {
  const s = caseScenario();
  const facts = completeFacts();
  const base: ManifestInput = {
    case: {
      caseId: s.caseId,
      caseNumber: '甘经信立〔2026〕1号',
      caseType: '行政处罚',
      procedure: 'ordinary',
      partyName: '某公司',
      partyType: 'organization',
      summary: '无证经营',
      filedAt: '2026-03-02T02:00:00.000Z',
      officers: [
        { name: '张三', certificateNumber: '62000001' },
        { name: '李四', certificateNumber: '62000002' },
      ],
    },
    entries: s.entries,
    head: s.head(),
    evidence: s.items,
    review: reviewDossier(facts, checklist, duties),
    archivedAt: '2026-05-10T01:00:00.000Z',
    archivedBy: { openId: 'ou_zhangsan', name: '张三' },
    ...o,
  };
  return { s, base };
}

function built(o: Partial<ManifestInput> = {}): { manifest: ArchiveManifest; s: ReturnType<typeof caseScenario> } {
  const { s, base } = input(o);
  const r = buildManifest(base);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return { manifest: r.value, s };
}

describe('buildManifest', () => {
  it('holds the case, every entry hash, every evidence hash, the head, the self-check, who and when', () => {
    const { manifest: m, s } = built();
    expect(m.format).toBe('enforcement-dossier-manifest');
    expect(m.version).toBe(1);
    expect(m.case.caseNumber).toBe('甘经信立〔2026〕1号');
    expect(m.archivedAt).toBe('2026-05-10T01:00:00.000Z');
    expect(m.archivedBy).toEqual({ openId: 'ou_zhangsan', name: '张三' });
    expect(m.record).toEqual({
      count: 6,
      headSeq: 6,
      headHash: s.head().hash,
      entries: s.entries.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, prevHash: e.prevHash, hash: e.hash })),
    });
    expect(m.evidence.map((e) => [e.fileName, e.sha256, e.activity])).toEqual([
      [s.photo.fileName, s.photo.sha256, '其他'],
      ['执法记录仪.mp4', s.video.sha256, '查封扣押'],
      [s.note.fileName, s.note.sha256, '现场检查'],
    ]);
    expect(m.dossier).toMatchObject({ score: 100, grade: '优秀', deductions: [], unconfirmed: [] });
    expect(m.dossier.documents[0]).toEqual({ position: 1, name: '案件来源登记表及来源材料', status: 'present', count: 1 });
  });

  it('lists evidence in the order received, whatever the input order', () => {
    const { s } = input();
    const { manifest } = built({ evidence: [...s.items].reverse() });
    expect(manifest.evidence.map((e) => e.receivedAt)).toEqual([...manifest.evidence.map((e) => e.receivedAt)].sort());
  });

  it('keeps the party’s ID number and anything else out of the manifest', () => {
    const { base } = input();
    const leaky = { ...base.case, idNumber: '91510000MA6123456P', partyId: '91510000MA6123456P' };
    const r = buildManifest({ ...base, case: leaky, archivedBy: { ...base.archivedBy, secret: 'x' } as ManifestInput['archivedBy'] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const json = new TextDecoder().decode(manifestBytes(r.value));
    expect(json).not.toContain('91510000MA6123456P');
    expect(json).not.toContain('secret');
    expect(renderManifestHtml(r.value)).not.toContain('91510000MA6123456P');
  });

  it('refuses a case with a veto failure, naming it', () => {
    const facts = completeFacts();
    facts.officers = facts.officers.slice(0, 1);
    const r = buildManifest(input({ review: reviewDossier(facts, checklist, duties) }).base);
    expect(r).toEqual({ ok: false, errors: ['不能归档：', '否决项“执法人员少于两人”不合格：承办人员只有 1 人，执法人员不得少于两人', '请纠正后再发送「归档 案件编号」。'] });
  });

  it('refuses a log that does not verify (an entry edited in the database)', () => {
    const { s, base } = input();
    const entries = copy(s.entries);
    (entries[1] as SealedEntry).actor = 'ou_wangwu';
    const r = buildManifest({ ...base, entries });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]).toBe('不能归档：全过程记录校验不通过。');
      expect(r.errors[1]).toMatch(/^第 2 条记录（提交证据/);
    }
  });

  it('refuses a truncated log (the head says there was more)', () => {
    const { s, base } = input();
    const r = buildManifest({ ...base, entries: s.entries.slice(0, 5) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[1]).toMatch(/^记录的末尾缺失/);
  });

  it('refuses evidence items that do not match the log', () => {
    const { s, base } = input();
    const r = buildManifest({ ...base, evidence: s.items.map((i) => ({ ...i, size: i.size + 1 })) });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]).toBe('不能归档：证据清单与记录不符。');
      expect(r.errors).toHaveLength(4);
    }
  });

  it('refuses a case already archived', () => {
    const { manifest, s } = built();
    const sealed = sealEntry(s.entries.at(-1) ?? null, {
      caseId: s.caseId,
      at: '2026-05-10T01:00:00.000Z',
      actor: 'ou_zhangsan',
      action: 'case.archived',
      detail: archivedDetail(manifest, 'closed'),
    });
    if (!sealed.ok) throw new Error(sealed.errors.join());
    const entries = [...s.entries, sealed.value];
    const r = buildManifest(input({ entries, head: { seq: sealed.value.seq, hash: sealed.value.hash } }).base);
    expect(r).toEqual({ ok: false, errors: ['本案已归档，无需再次归档'] });
  });
});

describe('the stored manifest, its page, and the case.archived entry', () => {
  it('the JSON is the canonical form of the manifest', () => {
    const { manifest } = built();
    const text = new TextDecoder().decode(manifestBytes(manifest));
    const c = canonicalJson(manifest);
    expect(c.ok && c.value).toBe(text);
    expect(JSON.parse(text)).toEqual(manifest);
  });

  it('the archived entry records both files’ keys and hashes, the head covered and the status change; it seals', () => {
    const { manifest, s } = built();
    const detail = archivedDetail(manifest, 'closed');
    expect(detail).toEqual({
      manifestKey: dossierKeys(s.caseId).manifest,
      manifestSha256: sha256Hex(manifestBytes(manifest)),
      htmlKey: dossierKeys(s.caseId).html,
      htmlSha256: sha256Hex(manifestHtmlBytes(manifest)),
      coversSeq: 6,
      coversHash: s.head().hash,
      score: 100,
      changes: [{ field: 'status', before: 'closed', after: 'archived' }],
    });
    expect(checkDetail('case.archived', detail).ok).toBe(true);
    const sealed = sealEntry(s.entries.at(-1) ?? null, { caseId: s.caseId, at: manifest.archivedAt, actor: 'ou_zhangsan', action: 'case.archived', detail });
    expect(sealed.ok).toBe(true);
    if (!sealed.ok) return;
    const entries = [...s.entries, sealed.value];
    expect(verifyChain({ caseId: s.caseId, entries, head: { seq: 7, hash: sealed.value.hash } }).ok).toBe(true);

    // 校验 after archiving re-hashes the manifest and its page too.
    const files = new Map([
      [detail.manifestKey, manifestBytes(manifest)],
      [detail.htmlKey, manifestHtmlBytes(manifest)],
    ]);
    expect(expectedObjects(entries).map((o) => o.key)).toEqual([...s.bytes.keys(), detail.manifestKey, detail.htmlKey]);
    const observed = [...s.observed(), ...[...files].map(([key, b]) => ({ key, sha256: sha256Hex(b) }))];
    const v = verifyCase({ caseId: s.caseId, entries, head: { seq: 7, hash: sealed.value.hash }, items: s.items, observed });
    expect(v.intact).toBe(true);
    expect(v.checkedObjects).toBe(5);

    // A page edited after sealing is caught.
    const edited = observed.map((o) => (o.key === detail.htmlKey ? { ...o, sha256: sha256Hex('<html>edited</html>') } : o));
    const bad = verifyCase({ caseId: s.caseId, entries, head: { seq: 7, hash: sealed.value.hash }, items: s.items, observed: edited });
    expect(bad.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^归档清单（打印页）（第 7 条记录）的文件内容与记录不符/)]);
  });

  it('the same manifest always renders the same bytes', () => {
    const a = built().manifest;
    const b = built().manifest;
    expect(sha256Hex(manifestHtmlBytes(a))).toBe(sha256Hex(manifestHtmlBytes(b)));
    expect(sha256Hex(manifestBytes(a))).toBe(sha256Hex(manifestBytes(b)));
  });
});

describe('renderManifestHtml: a printable page', () => {
  it('is a complete A4 HTML document with every hash, in Beijing time, without scripts or external resources', () => {
    const { manifest, s } = built();
    const html = renderManifestHtml(manifest);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('<h1>甘经信立〔2026〕1号 案卷归档清单</h1>');
    for (const e of s.entries) expect(html).toContain(e.hash);
    for (const i of s.items) expect(html).toContain(i.sha256);
    expect(html).toContain('<dt>归档时间</dt><dd>2026-05-10 09:00:00</dd>');
    expect(html).toContain('<dt>评查得分</dt><dd>100 分（优秀）</dd>');
    expect(html).toContain('<td>查封扣押</td>');
    expect(html).toContain('<td>提交证据</td>');
    expect(html).not.toMatch(/<script|<link|<img|https?:\/\//i);
  });

  it('escapes everything a person typed', () => {
    const hostile = `<script>alert("x")</script>&'`;
    const { manifest } = built();
    const m: ArchiveManifest = {
      ...manifest,
      case: { ...manifest.case, partyName: hostile, summary: `</dd><img src=x onerror=alert(1)>` },
      archivedBy: { openId: 'ou_x', name: `"><b>` },
      evidence: manifest.evidence.map((e) => ({ ...e, fileName: `<svg onload=alert(1)>.jpg` })),
    };
    const html = renderManifestHtml(m);
    expect(html).not.toMatch(/<script|<img|<svg|<b>/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    expect(html).toContain('&lt;svg onload=alert(1)&gt;.jpg');
    expect(html).toContain('&quot;&gt;&lt;b&gt;');
  });

  it('lists deductions, unconfirmed items and AV warnings when there are any', () => {
    const facts = completeFacts();
    delete facts.assessments;
    facts.documents = facts.documents.filter((d) => d.kind !== 'closing_report');
    facts.evidence.push({ activity: '强制拆除', mediaKind: 'image', receivedAt: '2026-03-06T03:00:00.000Z', sender: 'ou_lisi' });
    const { manifest } = built({ review: reviewDossier(facts, checklist, duties) });
    const html = renderManifestHtml(manifest);
    expect(html).toContain('<h2>评查说明</h2>');
    expect(html).toContain('<li>扣 3 分：缺少结案报告</li>');
    expect(html).toContain('<li>未经确认：事实不清</li>');
    expect(html).toContain('<li>强制拆除：没有视频。');
    expect(html).toContain('<td>缺失</td>');
  });

  it('escapeHtml covers the five characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    expect(escapeHtml(12)).toBe('12');
  });
});
