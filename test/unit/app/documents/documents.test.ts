/**
 * 文书 <案件编号> and its buttons — 查看 (a recorded 30-minute link to exactly the stored version) and 更正
 * (a form, then a new version from the worker) — and the documents in 案卷 and 校验, on the in-memory
 * stores with the real SDK client against the fake Open API.
 */
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import { cardText, messageJob, PEOPLE, tap, textOf, useWorker, type WorkerHarness } from '../harness.ts';
import { decideCase, decidedState, filedCase } from './helpers.ts';

const say = (h: WorkerHarness, from: string, text: string) => runJob(messageJob(h, { from, text }), h.s);
const lastCard = (h: WorkerHarness) => cardText(h.sent().filter((m) => m.msg_type === 'interactive').at(-1));
const draftFiling = (h: WorkerHarness, caseId: string) => runJob({ kind: 'document.draft', caseId, document: 'filing_approval' }, h.s);

/** The buttons of a card with their values, by text. */
function buttons(card: unknown): { text: string; value: Record<string, unknown> }[] {
  const out: { text: string; value: Record<string, unknown> }[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.tag === 'button' && Array.isArray(o.behaviors)) {
        const value = (o.behaviors[0] as { value?: Record<string, unknown> })?.value;
        if (value) out.push({ text: (o.text as { content: string }).content, value });
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe('Command: 文书', () => {
  const h = useWorker();

  it('lists each document with number, version, date and hash, 查看 on each version and 更正 on the latest for an officer', async () => {
    const { c, evidenceIds } = await filedCase(h());
    decideCase(h(), c, decidedState(c, evidenceIds));
    await draftFiling(h(), c.caseId);
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'penalty_decision' }, h().s);
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'penalty_decision', correction: { version: 2, reason: '罚款金额<笔误>', by: PEOPLE.zhang.openId, at: '2026-10-14T02:00:00.000Z' } }, h().s);
    const [filing, decisionV1, decisionV2] = [...(await h().cases.documentVersions(c.caseId))].sort((a, b) => a.seq - b.seq);

    await say(h(), PEOPLE.zhang.openId, '文书 1号');
    const card = lastCard(h());
    expect(card).toContain('立案审批表');
    expect(card).toContain('甘经信罚〔2026〕1号');
    expect(card).toContain('第2版（现行）');
    expect(card).toContain('第1版（已被更正）');
    expect(card).toContain('罚款金额&#60;笔误&#62;');
    expect(card).toContain(decisionV2?.sha256.slice(0, 16));
    expect(card).toContain('2026&#45;10&#45;13');
    const list = buttons(h().sent().at(-1)?.content);
    expect(list.filter((b) => b.text === '查看').map((b) => [b.value.document_id, b.value.version])).toEqual([
      ['filing_approval', 1],
      ['penalty_decision', 2],
      ['penalty_decision', 1],
    ]);
    expect(list.filter((b) => b.text === '更正').map((b) => [b.value.document_id, b.value.version])).toEqual([
      ['filing_approval', 2],
      ['penalty_decision', 3],
    ]);
    expect([filing?.version, decisionV1?.version, decisionV2?.version]).toEqual([1, 1, 2]);

    // A reviewer sees the documents and may view them, but corrects nothing.
    await say(h(), PEOPLE.zhao.openId, '文书 1号');
    expect(buttons(h().sent().at(-1)?.content).filter((b) => b.text === '更正')).toEqual([]);
  });

  it('says so when a case has no document yet, and answers a stranger as for a case that does not exist', async () => {
    await filedCase(h());
    await say(h(), PEOPLE.li.openId, '文书 1号');
    expect(lastCard(h())).toContain('本案还没有制作文书');
    await say(h(), PEOPLE.sun.openId, '文书 1号');
    await say(h(), PEOPLE.sun.openId, '文书 99号');
    const [a, b] = h().sent().slice(-2).map(textOf);
    expect(a).toBe(b?.replace('99号', '1号'));
    await say(h(), PEOPLE.zhang.openId, '文书 甲乙丙');
    expect(textOf(h().sent().at(-1))).toContain('没有读懂这个案件编号');
  });
});

describe('Card action and job: document.view', () => {
  const h = useWorker();

  it('hands the link on for someone who may see the case; records the view before it sends the link to the stored version; a repeat sends nothing more', async () => {
    const { c } = await filedCase(h());
    await draftFiling(h(), c.caseId);
    const [doc] = await h().cases.documentVersions(c.caseId);
    const res = await handleCardAction(tap({ by: PEOPLE.zhao.openId, value: { action: 'document.view', case_id: c.caseId, document_id: 'filing_approval', version: 1 } }), h().s);
    expect(res.toast).toMatchObject({ type: 'info', content: expect.stringContaining('30 分钟') });
    const job = h().submitted.at(-1);
    expect(job).toEqual({ kind: 'document.view', caseId: c.caseId, documentId: 'filing_approval', version: 1, openId: PEOPLE.zhao.openId, requestId: 'ev-tap' });
    const before = h().sent().length;
    await runJob(job as NonNullable<typeof job>, h().s);
    await runJob(job as NonNullable<typeof job>, h().s);
    const views = (await h().cases.records(c.caseId)).filter((r) => r.action === 'document.viewed');
    expect(views).toEqual([
      expect.objectContaining({ actor: PEOPLE.zhao.openId, detail: { documentId: 'filing_approval', version: 1, sha256: doc?.sha256, linkExpiresAt: '2026-03-02T02:30:00.000Z' } }),
    ]);
    const sent = h().sent().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ receive_id: PEOPLE.zhao.openId, msg_type: 'interactive' });
    expect(cardText(sent[0])).toContain(`"default_url":"https://evidence.invalid/${doc?.s3Key}?expires=1800`);
  });

  it('refuses a stranger as for a case that does not exist, a version that does not exist, and checks again in the worker', async () => {
    const { c } = await filedCase(h());
    await draftFiling(h(), c.caseId);
    const stranger = await handleCardAction(tap({ by: PEOPLE.sun.openId, value: { action: 'document.view', case_id: c.caseId, document_id: 'filing_approval', version: 1 } }), h().s);
    const missing = await handleCardAction(tap({ by: PEOPLE.sun.openId, value: { action: 'document.view', case_id: '2026-000099', document_id: 'filing_approval', version: 1 } }), h().s);
    expect(stranger.toast?.content).toBe(missing.toast?.content.replace('2026-000099', c.caseId));
    const noVersion = await handleCardAction(tap({ by: PEOPLE.li.openId, value: { action: 'document.view', case_id: c.caseId, document_id: 'filing_approval', version: 2 } }), h().s);
    expect(noVersion.toast).toMatchObject({ type: 'error', content: expect.stringContaining('没有找到这份文书') });
    const forged = await handleCardAction(tap({ by: PEOPLE.li.openId, value: { action: 'document.view', case_id: c.caseId, document_id: '../x', version: 1 } }), h().s);
    expect(forged.toast).toMatchObject({ type: 'error' });
    expect(h().submitted).toEqual([]);
    const before = h().sent().length;
    await runJob({ kind: 'document.view', caseId: c.caseId, documentId: 'filing_approval', version: 1, openId: PEOPLE.sun.openId, requestId: 'r' }, h().s);
    expect(h().sent()).toHaveLength(before);
    expect((await h().cases.records(c.caseId)).some((r) => r.action === 'document.viewed')).toBe(false);
  });
});

describe('Card action: document.correct', () => {
  const h = useWorker();
  const value = (caseId: string, version = 2) => ({ action: 'document.correct', case_id: caseId, document_id: 'filing_approval', version });

  it('shows the form, refuses a submit without a reason with the form again, and hands a reasoned one to the worker', async () => {
    const { c } = await filedCase(h());
    await draftFiling(h(), c.caseId);
    const form = await handleCardAction(tap({ by: PEOPLE.li.openId, value: value(c.caseId) }), h().s);
    expect(JSON.stringify(form.card)).toContain('更正原因');
    expect(buttons(form.card).map((b) => b.text)).toEqual(['提交更正']);
    const empty = await handleCardAction(tap({ by: PEOPLE.li.openId, value: value(c.caseId), formValue: { reason: '   ' } }), h().s);
    expect(empty.toast).toMatchObject({ type: 'error', content: '更正文书须写明更正原因' });
    expect(h().submitted).toEqual([]);
    const ok = await handleCardAction(tap({ by: PEOPLE.li.openId, value: value(c.caseId), formValue: { reason: ' 案件来源写错 ' } }), h().s);
    expect(ok.toast).toMatchObject({ type: 'success', content: '正在制作第2版' });
    expect(h().submitted).toEqual([
      { kind: 'document.draft', caseId: c.caseId, document: 'filing_approval', correction: { version: 2, reason: '案件来源写错', by: PEOPLE.li.openId, at: '2026-03-02T02:00:00.000Z' } },
    ]);
    // A double tap (even with other words typed) hands on the correction taken first: the same bytes.
    await handleCardAction(tap({ by: PEOPLE.zhang.openId, value: value(c.caseId), formValue: { reason: '别的原因' } }), h().s);
    expect(h().submitted[1]).toEqual(h().submitted[0]);
    // The worker makes version 2 from it; the first stays.
    const job = h().submitted[0];
    if (job) await runJob(job, h().s);
    expect((await h().cases.documentVersions(c.caseId)).map((d) => [d.version, d.reason])).toEqual([
      [1, null],
      [2, '案件来源写错'],
    ]);
  });

  it('checks on the server: a reviewer, a stranger, a stale card and an archived case change nothing', async () => {
    const { c } = await filedCase(h());
    await draftFiling(h(), c.caseId);
    const reviewer = await handleCardAction(tap({ by: PEOPLE.zhao.openId, value: value(c.caseId), formValue: { reason: '改' } }), h().s);
    expect(reviewer.toast?.content).toBe('只有本案的承办人员可以更正文书。');
    const stranger = await handleCardAction(tap({ by: PEOPLE.sun.openId, value: value(c.caseId), formValue: { reason: '改' } }), h().s);
    expect(stranger.toast?.content).toContain('未找到案件');
    const stale = await handleCardAction(tap({ by: PEOPLE.zhang.openId, value: value(c.caseId, 3), formValue: { reason: '改' } }), h().s);
    expect(stale.toast?.content).toContain('已有更新的版本');
    expect(h().submitted).toEqual([]);
  });
});

describe('The documents in 案卷 and 校验', () => {
  const h = useWorker();

  it('案卷 counts a drafted document, and shows the 决定书 missing once the case is decided, present once drafted', async () => {
    const { c, evidenceIds } = await filedCase(h());
    await say(h(), PEOPLE.zhang.openId, '案卷 1号');
    const line = (name: string) => new RegExp(`(\\S) ${name}：([^\\s\\\\（]{2})`).exec(lastCard(h()))?.slice(1).join(' ');
    expect(line('立案审批表')).toBe('✗ 缺失');
    expect(line('行政处罚决定书')).toBeUndefined();
    await draftFiling(h(), c.caseId);
    await say(h(), PEOPLE.zhang.openId, '案卷 1号');
    expect(line('立案审批表')).toBe('✓ 已有');
    decideCase(h(), c, decidedState(c, evidenceIds));
    await say(h(), PEOPLE.zhang.openId, '案卷 1号');
    expect(line('行政处罚决定书')).toBe('✗ 缺失');
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'penalty_decision' }, h().s);
    await say(h(), PEOPLE.zhang.openId, '案卷 1号');
    expect(line('行政处罚决定书')).toBe('✓ 已有');
  });

  it('校验 re-hashes every stored version of a document and names one replaced in storage', async () => {
    const { c } = await filedCase(h());
    await draftFiling(h(), c.caseId);
    await runJob({ kind: 'document.draft', caseId: c.caseId, document: 'filing_approval', correction: { version: 2, reason: '来源有误', by: PEOPLE.zhang.openId, at: '2026-03-02T03:00:00.000Z' } }, h().s);
    await say(h(), PEOPLE.zhao.openId, '校验 1号');
    expect(lastCard(h())).toContain('校验通过');
    // Two evidence files and two document versions.
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'case.verified', detail: { intact: true, checkedObjects: 4 } });
    const [v1] = await h().cases.documentVersions(c.caseId);
    h().evidence.tamper(v1?.s3Key ?? '', Buffer.from('%PDF- a forgery'));
    await say(h(), PEOPLE.zhao.openId, '校验 1号');
    const card = lastCard(h());
    expect(card).toContain('校验未通过');
    expect(card).toContain('文书「立案审批表」（第1版）');
    expect((await h().cases.records(c.caseId)).at(-1)).toMatchObject({ action: 'case.verified', detail: { intact: false, problems: [{ kind: 'object_replaced', key: v1?.s3Key }] } });
  });
});
