/** Cases under legal review on the in-memory stores: the roster gains heads and a second reviewer. */
import type { CardActionResult } from '../../../../functions/ports/index.ts';
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import type { Job } from '../../../../functions/app/jobs.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import type { Case } from '../../../../functions/domain/case/types.ts';
import type { FilingForm } from '../../../../functions/domain/case/filing.ts';
import type { Person } from '../../../../functions/domain/roster/types.ts';
import { buildPerson, filingRequest } from '../../../helpers/factories.ts';
import { asOfficer, NOW, PEOPLE, tap, type WorkerHarness } from '../harness.ts';
import { attach } from '../evidence/helpers.ts';
import { proposalForm } from '../../review/helpers.ts';

export const QIAN = buildPerson({ openId: 'ou_qian', name: '钱局长', department: '局领导', roles: ['head'], certificate: null });
export const FENG = buildPerson({ openId: 'ou_feng', name: '冯副局长', department: '局领导', roles: ['head'], certificate: null });
export const WU = buildPerson({ openId: 'ou_wu', name: '吴审', department: '法规科', roles: ['reviewer'], certificate: null });
/** A reviewer who is also an officer: never the reviewer of a case they handle. */
export const ZHENG = buildPerson({ openId: 'ou_zheng', name: '郑审', department: '执法一科', roles: ['officer', 'reviewer'], certificate: { number: '川执5101009', validUntil: '2029-12-31' } });

export async function withReviewRoster(h: WorkerHarness): Promise<void> {
  await h.roster.replaceAll([...Object.values(PEOPLE), QIAN, FENG, WU, ZHENG], NOW.toISOString());
}

let forms = 0;

/** A case of 张三 (filer) and 李四, with two evidence items; `form` sets the procedure, party type, … */
export async function reviewCase(h: WorkerHarness, form: Partial<FilingForm> = {}, officers: Person[] = [PEOPLE.zhang, PEOPLE.li]): Promise<{ c: Case; evidence: string[] }> {
  forms += 1;
  const { case: c } = await h.cases.fileCase(
    filingRequest({ formId: `F-rv-${forms}`, year: 2026, partyName: '某某化工有限公司', officers: officers.map(asOfficer), filedAt: '2026-03-01T02:00:00.000Z', form: { caseType: '行政处罚', ...form } }),
  );
  const a = await attach(h, c, { bytes: `photo ${forms}`, fileName: '现场照片.jpg', messageId: `om_ev_a${forms}` });
  const b = await attach(h, c, { bytes: `record ${forms}`, kind: 'document', fileName: '询问笔录.pdf', messageId: `om_ev_b${forms}` });
  return { c, evidence: [a.evidenceId, b.evidenceId] };
}

export function proposal(evidence: string[], over: Record<string, unknown> = {}): Record<string, unknown> {
  return proposalForm({ evidence, ...over });
}

let taps = 0;
/** A tap with its own event id (each tap is a new callback). */
export function press(h: WorkerHarness, by: string, value: unknown, formValue?: Record<string, unknown>, messageId?: string): Promise<CardActionResult> {
  taps += 1;
  return handleCardAction({ ...tap({ by, value, ...(formValue ? { formValue } : {}), messageId: messageId ?? `om_tapped_${taps}` }), eventId: `ev-tap-${taps}` }, h.s);
}

/** Runs the jobs the taps handed on (the worker), oldest first, and forgets them. */
export async function runSubmitted(h: WorkerHarness): Promise<Job[]> {
  const jobs = h.submitted.splice(0);
  for (const j of jobs) await runJob(j, h.s);
  return jobs;
}

export const submit = (h: WorkerHarness, caseId: string, form: Record<string, unknown>, by = PEOPLE.zhang.openId, fromRound?: number) =>
  press(h, by, { action: 'review.submit', case_id: caseId, ...(fromRound !== undefined ? { from_round: fromRound } : {}) }, form);
export const outcome = (h: WorkerHarness, caseId: string, round: number, o: 'approved' | 'rejected' | 'returned', form: Record<string, unknown>, by = PEOPLE.zhao.openId) =>
  press(h, by, { action: 'review.outcome', case_id: caseId, round, outcome: o }, form);
export const verdict = (h: WorkerHarness, caseId: string, round: number | null, v: 'approved' | 'refused', form: Record<string, unknown> = {}, by = QIAN.openId) =>
  press(h, by, { action: 'review.decide', case_id: caseId, round, verdict: v }, form);
export const discuss = (h: WorkerHarness, caseId: string, round: number, form: Record<string, unknown>, by = QIAN.openId) =>
  press(h, by, { action: 'review.discuss', case_id: caseId, round }, form);

export const DISCUSSION = { discussion_date: '2026-03-02', participants: '钱局长、冯副局长、孙副局长', conclusion: '同意按拟定意见作出决定' };
