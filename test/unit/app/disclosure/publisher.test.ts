/**
 * The scheduled publisher (publisher task in the tick, disclosure.digest in the worker) and
 * 撤销决定 (disclosure.withdraw), on the in-memory stores and the in-memory public site.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryPublicSite } from '../../../../functions/adapters/site/local.ts';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { syncDeadlinesJob } from '../../../../functions/app/deadlines/sync.ts';
import { owedInspectionResults, publishDecisions } from '../../../../functions/app/disclosure/publisher.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import type { Case } from '../../../../functions/domain/case/types.ts';
import { disclosureSettings } from '../../../../functions/handlers/disclosure.ts';
import { decideInMemory, decision } from '../../../helpers/decision.ts';
import { filingRequest } from '../../../helpers/factories.ts';
import { PERSON_ID } from '../../disclosure/helpers.ts';
import { asOfficer, cardText, NOW, PEOPLE, tap, textOf, sayTo, useWorker, type WorkerHarness } from '../harness.ts';
import { HEAD, penaltyCase, runSubmitted } from '../deadlines/helpers.ts';
import { library, publishItems, startDraw } from '../draw/helpers.ts';

const worker = useWorker();
let h: WorkerHarness;
let site: MemoryPublicSite;
beforeEach(async () => {
  h = worker();
  site = new MemoryPublicSite();
  await h.roster.replaceAll([...Object.values(PEOPLE), HEAD], NOW.toISOString());
});

const readable = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v)).replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));

/** A penalty decision of 2026-03-10 (due for publication 2026-03-19), in the publisher's index. */
async function decided(c?: Case, date = '2026-03-10'): Promise<Case> {
  const kase = c ?? (await penaltyCase(h));
  decideInMemory(h.cases, kase.caseId, decision({ date }));
  h.s.now = () => new Date(`${date}T03:00:00Z`);
  await syncDeadlinesJob.run({ scope: 'case', caseId: kase.caseId }, h.s);
  return (await h.cases.get(kase.caseId)) as Case;
}

/** The publisher's tick at `iso`; the jobs it hands on run in the worker. */
async function publish(iso: string): Promise<string[]> {
  const at = new Date(iso);
  h.s.now = () => at;
  const from = h.submitted.length;
  const done = await publishDecisions({ cases: h.cases, site, settings: h.s.reminders.settings, disclosure: disclosureSettings(), jobs: h.s.jobs, log: h.s.log }).run(at);
  await runSubmitted(h, from);
  return done;
}

const pagePath = (c: Case) => `decisions/${c.caseId}-1.html`;

describe('Scheduled task: publisher', () => {
  it('publishes a served decision’s page, the index and the feed, records it once, and posts the digest to the office', async () => {
    const c = await decided();
    // Served the next day (the category waits for service).
    h.s.now = () => new Date('2026-03-11T03:00:00Z');
    const served = await h.cases.recordService(c.caseId, { servedOn: '2026-03-11', method: '直接送达', proofEvidenceIds: ['ev_x'], recordedBy: { openId: PEOPLE.zhang.openId, name: '张三' }, recordedAt: '2026-03-11T03:00:00.000Z' }, { at: '2026-03-11T03:00:00.000Z', actor: PEOPLE.zhang.openId, action: 'decision.served', detail: { decision_id: '1', served_on: '2026-03-11', method: '直接送达', proof: ['ev_x'] } });
    expect(served.ok).toBe(true);

    const done = await publish('2026-03-12T01:00:00Z'); // Thursday 09:00
    expect(done).toEqual([`published ${c.caseNumber}（期限 2026-03-19）`]);
    const page = readable(await site.read(pagePath(c)));
    expect(page).toContain(c.caseNumber);
    expect(page).toContain('罚款人民币5000元');
    expect(page).toContain(c.legalBasis);
    expect(page).toContain('2026年3月10日');
    expect(readable(await site.read('index.html'))).toContain(`${c.caseId}-1.html`);
    expect(JSON.parse((await site.read('feed.json')) as string).items).toHaveLength(1);
    const after = await h.cases.get(c.caseId);
    expect(after?.disclosure).toEqual({ publishedOn: '2026-03-12' });
    expect((await h.cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'disclosure.published', actor: 'system', detail: { published_on: '2026-03-12', due_date: '2026-03-19', late: false } });
    // The publication duty is met: its reminders go.
    const pub = await h.deadlines.get(`case:${c.caseId}`, `case.${c.caseId}.publication.d1`);
    expect(pub?.deadline.status).toBe('met');
    expect(pub?.schedules).toEqual([]);
    const digest = h.sent().filter((m) => m.receive_id === PEOPLE.sun.openId);
    expect(digest).toHaveLength(1);
    expect(readable(digest[0]?.content)).toContain('事后公开日报');
    expect(readable(digest[0]?.content)).toContain(c.caseNumber);

    // The next tick finds nothing to do and writes nothing.
    const before = site.paths().length;
    expect(await publish('2026-03-12T01:05:00Z')).toEqual([]);
    expect(site.paths()).toHaveLength(before);
    expect((await h.cases.records(c.caseId)).filter((r) => r.action === 'disclosure.published')).toHaveLength(1);
  });

  it('holds an unserved penalty decision, reports it at risk, and publishes it on its due date regardless', async () => {
    const c = await decided();
    expect(await publish('2026-03-12T01:00:00Z')).toEqual([]);
    expect(await site.read(pagePath(c))).toBeNull();
    const risky = await publish('2026-03-17T01:00:00Z');
    expect(risky.join('\n')).toContain(`at risk ${c.caseNumber}：公开期限`);
    expect(h.sent().filter((m) => m.receive_id === PEOPLE.sun.openId).map((m) => readable(m.content)).join('')).toContain('可能逾期');
    expect(await publish('2026-03-19T01:00:00Z')).toEqual([`published ${c.caseNumber}（期限 2026-03-19）`]);
    expect(await site.read(pagePath(c))).not.toBeNull();
  });

  it('never writes a natural person’s name, ID number or phone: the name is masked before the page is made', async () => {
    const { case: p } = await h.cases.fileCase(filingRequest({ formId: 'F-pub-person', year: 2026, caseType: '行政处罚', person: { name: '王小明', idNumber: PERSON_ID }, officers: [asOfficer(PEOPLE.zhang), asOfficer(PEOPLE.li)] }));
    const c = await decided(p);
    await publish('2026-03-19T01:00:00Z');
    const files = readable([await site.read(pagePath(c)), await site.read('index.html'), await site.read('feed.json')].join('\n'));
    expect(files).toContain('王某某');
    expect(files).not.toContain('王小明');
    expect(files).not.toContain(PERSON_ID);
  });

  it('does nothing at night or on a rest day', async () => {
    await decided();
    expect(await publish('2026-03-19T12:00:00Z')).toEqual([]); // Thursday 20:00
    expect(await publish('2026-03-21T02:00:00Z')).toEqual([]); // Saturday 10:00
    expect(site.paths()).toEqual([]);
  });

  it('takes the page down after its publication period (36 months) and drops the case from the index', async () => {
    const c = await decided();
    await publish('2026-03-19T01:00:00Z');
    expect(await publish('2029-03-19T01:00:00Z')).toEqual([]);
    expect(await publish('2029-03-20T01:00:00Z')).toEqual([`taken down ${c.caseNumber}（公开期至 2029-03-19）`]);
    expect(await site.read(pagePath(c))).toBeNull();
    expect(JSON.parse((await site.read('feed.json')) as string).items).toHaveLength(0);
    expect(await h.cases.activeDisclosures()).toEqual([]);
    expect((await h.cases.get(c.caseId))?.disclosure?.takenDownOn).toBe('2029-03-20');
  });
});

describe('The digest’s 双随机 results (事后公开日报)', () => {
  /** A draw of two targets; the first one's result recorded and published by the draw's job, the second's recorded and not yet published. */
  async function resultsOnePublishedOneOwed() {
    h.s.now = () => NOW;
    await publishItems(h);
    await library(h);
    const { drawId } = await startDraw(h, PEOPLE.wu.openId, { sample: '2' });
    await runJob({ kind: 'draw.run', drawId: drawId! }, h.s);
    const [a, b] = await h.draws.tasks(drawId!);
    const record = (t: typeof a) => handleCardAction(tap({ by: t!.inspectors[0]!.openId, value: { action: 'inspection.record', draw_id: drawId, credit_code: t!.creditCode, outcome: 'no_problem' } }), h.s);
    await record(a);
    await runJob({ kind: 'draw.run', drawId: drawId! }, h.s);
    // The second result waits for the draw's next run (the site, say, was down): its publication is owed.
    await record(b);
    await runJob({ kind: 'deadlines.sync', scope: 'draw', drawId: drawId! }, h.s);
    return { drawId: drawId!, a: a!, b: b! };
  }

  it('the office gets the results published today and those still owed, with the engine’s due date', async () => {
    const { drawId, a, b } = await resultsOnePublishedOneOwed();
    h.sim.reset();
    await runJob({ kind: 'disclosure.digest', date: '2026-03-02', at: '2026-03-02T02:00:00.000Z', published: [], withdrawn: [], expired: [], atRisk: [] }, h.s);
    const digest = h.sent().filter((m) => m.receive_id === PEOPLE.sun.openId).map((m) => readable(m.content));
    expect(digest).toHaveLength(1);
    // 20 working days after Monday 2 March.
    expect(digest[0]).toContain('抽查结果：今日公示 1 项，待公示 1 项（最迟 2026-03-30）');
    expect(digest[0]).toContain(`${a.name}（${a.creditCode}）：未发现问题，抽取编号 ${drawId}`);
    expect(digest[0]).toContain(`${b.name}（${b.creditCode}）：最迟 2026-03-30（星期一）公示，抽取编号 ${drawId}`);
  });

  it('an owed result makes the first run of the day send the digest though nothing else happened; later runs do not', async () => {
    await resultsOnePublishedOneOwed();
    expect(await owedInspectionResults(h.deadlines, new Date('2026-03-03T01:00:00Z'))).toBe(1);
    const tick = (iso: string) => {
      const at = new Date(iso);
      h.s.now = () => at;
      return publishDecisions({ cases: h.cases, site, settings: h.s.reminders.settings, disclosure: disclosureSettings(), jobs: h.s.jobs, log: h.s.log, owedInspectionResults: (now) => owedInspectionResults(h.deadlines, now) }).run(at);
    };
    const from = h.submitted.length;
    await tick('2026-03-03T01:00:00Z'); // Tuesday 09:00
    expect(h.submitted.slice(from).map((j) => j.kind)).toEqual(['disclosure.digest']);
    await tick('2026-03-03T02:00:00Z');
    expect(h.submitted.slice(from)).toHaveLength(1);
  });
});

describe('Command: 撤销决定 and Card action: disclosure.withdraw', () => {
  const say = (from: string, text: string) => sayTo(h, from, text);
  const confirm = (by: string, caseId: string, formValue: Record<string, unknown>) =>
    handleCardAction(tap({ by, value: { action: 'disclosure.withdraw', case_id: caseId }, formValue }), h.s);

  it('the head records it; the page becomes a public notice of the reason within 3 working days', async () => {
    const c = await decided();
    await publish('2026-03-19T01:00:00Z');
    h.s.now = () => new Date('2026-04-01T02:00:00Z');
    const formCard = cardText(await say(HEAD.openId, `撤销决定 ${c.caseNumber}`));
    expect(formCard).toContain('"name":"kind"');
    expect(formCard).toContain('"name":"reason"');
    expect(formCard).toContain('确认撤回');
    const res = await confirm(HEAD.openId, c.caseId, { kind: '撤销', reason: '经行政复议，复议机关决定撤销该处罚决定' });
    expect(res.toast).toEqual({ type: 'success', content: '已登记，公开页面将在 3 个工作日内撤回' });
    expect((await h.cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'decision.withdrawal_ordered', actor: HEAD.openId, detail: { kind: '撤销' } });
    expect(h.submitted.at(-1)).toEqual({ kind: 'deadlines.sync', scope: 'case', caseId: c.caseId });
    await runSubmitted(h, h.submitted.length - 1);
    const duty = await h.deadlines.get(`case:${c.caseId}`, `case.${c.caseId}.withdrawal.d1`);
    expect(duty?.deadline.dueDate).toBe('2026-04-07');

    const again = await confirm(HEAD.openId, c.caseId, { kind: '变更', reason: '另一个理由另一个理由' });
    expect(again.toast?.content).toContain('已于 2026-04-01 登记为「撤销」');

    expect(await publish('2026-04-02T01:00:00Z')).toEqual([`withdrawn ${c.caseNumber}（期限 2026-04-07）`]);
    const notice = readable(await site.read(pagePath(c)));
    expect(notice).toContain('已被依法撤销');
    expect(notice).toContain('经行政复议，复议机关决定撤销该处罚决定');
    expect(notice).not.toContain('罚款人民币5000元');
    expect((await h.cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'disclosure.withdrawn', detail: { withdrawn_on: '2026-04-02', late: false } });
  });

  it('is the head’s alone, checked on the server; a wrong form comes back with the problems', async () => {
    const c = await decided();
    expect(textOf(await say(PEOPLE.zhang.openId, `撤销决定 ${c.caseNumber}`))).toBe('只有负责人可以登记决定被变更、撤销或确认违法。');
    expect((await confirm(PEOPLE.zhang.openId, c.caseId, { kind: '撤销', reason: '理由理由理由' })).toast?.content).toBe('只有负责人可以登记决定被变更、撤销或确认违法。');
    const bad = await confirm(HEAD.openId, c.caseId, { kind: '作废', reason: '短' });
    expect(bad.toast?.content).toBe('请按卡片上的提示修改后再提交。');
    expect(readable(bad.card)).toContain('撤回原因类别：请选择');
    expect(readable(bad.card)).toContain('至少 4 个字');
    expect((await h.cases.get(c.caseId))?.disclosure?.withdrawal).toBeUndefined();
    const undecided = await penaltyCase(h);
    expect(textOf(await say(HEAD.openId, `撤销决定 ${undecided.caseNumber}`))).toContain('尚未作出决定');
  });

  it('before publication: the decision is not published at all', async () => {
    const c = await decided();
    h.s.now = () => new Date('2026-03-11T02:00:00Z');
    await confirm(HEAD.openId, c.caseId, { kind: '变更', reason: '决定内容有误，已重新作出决定' });
    expect(await publish('2026-03-19T01:00:00Z')).toEqual([]);
    expect(await site.read(pagePath(c))).toBeNull();
  });
});

describe('Card action: disclosure.publish_now (立即公开 on a publication reminder)', () => {
  const publishNow = (by: string, caseId: string) => handleCardAction(tap({ by, value: { action: 'disclosure.publish_now', case_id: caseId } }), h.s);

  it('lifts the wait for service: recorded once, and the next run publishes the unserved decision', async () => {
    const c = await decided();
    expect(await publish('2026-03-12T01:00:00Z')).toEqual([]);
    h.s.now = () => new Date('2026-03-12T02:00:00Z');
    expect((await publishNow(PEOPLE.sun.openId, c.caseId)).toast).toEqual({ type: 'success', content: '已提交：工作日 9:00—18:00 内 5 分钟内公开' });
    await publishNow(PEOPLE.zhang.openId, c.caseId);
    expect((await h.cases.records(c.caseId)).filter((r) => r.action === 'disclosure.publish_requested')).toHaveLength(1);
    expect(await publish('2026-03-12T02:05:00Z')).toEqual([`published ${c.caseNumber}（期限 2026-03-19）`]);
    expect(await site.read(pagePath(c))).not.toBeNull();
    expect((await publishNow(PEOPLE.zhang.openId, c.caseId)).toast).toEqual({ type: 'info', content: `案件 ${c.caseNumber} 的决定已于 2026-03-12 公开。` });
  });

  it('is for the case’s officers, the office and the head only; a stranger to the case hears it does not exist', async () => {
    const c = await decided();
    expect((await publishNow(PEOPLE.zhao.openId, c.caseId)).toast?.content).toBe('只有本案承办人员、办公室或负责人可以要求立即公开。');
    expect((await publishNow(PEOPLE.chen.openId, c.caseId)).toast?.content).toContain('未找到案件');
    expect((await h.cases.get(c.caseId))?.disclosure?.publishRequested).toBeUndefined();
  });
});
