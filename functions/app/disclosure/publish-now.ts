/**
 * 立即公开 (the publication reminder's button): a decided case's officers, the office or the head ask
 * for the decision to be published without waiting for service; recorded (`disclosure.publish_requested`,
 * once), and the publisher's next run — within 5 minutes on a working day from 09:00 to 18:00 —
 * publishes it (redacted, as always). The site is written only by the publisher.
 */
import * as z from 'zod/mini';
import { canViewCase } from '../../domain/case/access.ts';
import { shanghaiDate } from '../../domain/deadlines/local-date.ts';
import { CASE_ID, cardAction } from '../intents.ts';
import { errorToast, MESSAGES } from '../services.ts';
import { DECISION_ID } from '../deadlines/facts.ts';

export const PUBLISH_NOW_MESSAGES = {
  notAllowed: '只有本案承办人员、办公室或负责人可以要求立即公开。',
  notDecided: (n: string) => `案件 ${n} 尚未作出决定，没有可公开的决定。`,
  published: (n: string, on: string) => `案件 ${n} 的决定已于 ${on} 公开。`,
  withdrawn: (n: string) => `案件 ${n} 的决定已登记撤回，不再公开。`,
  requested: '已提交：工作日 9:00—18:00 内 5 分钟内公开',
};

export const publishNowAction = cardAction({
  value: z.object({ case_id: CASE_ID }),
  async handle({ case_id }, { operator, s }) {
    const c = await s.cases.get(case_id);
    if (!c) return errorToast(MESSAGES.caseNotFound(case_id));
    // The office may ask although it does not see cases: publication is its duty, and its reminder named the case.
    const mayAsk = c.officers.some((o) => o.openId === operator.openId) || operator.roles.some((r) => r === 'office' || r === 'head');
    if (!mayAsk) return errorToast(canViewCase(operator, c) ? PUBLISH_NOW_MESSAGES.notAllowed : MESSAGES.caseNotFound(case_id));
    if (!c.decision) return errorToast(PUBLISH_NOW_MESSAGES.notDecided(c.caseNumber));
    if (c.disclosure?.withdrawal) return errorToast(PUBLISH_NOW_MESSAGES.withdrawn(c.caseNumber));
    if (c.disclosure?.publishedOn) return { toast: { type: 'info', content: PUBLISH_NOW_MESSAGES.published(c.caseNumber, c.disclosure.publishedOn) } };
    const now = s.now();
    const recorded = await s.cases.recordDisclosure(
      c.caseId,
      { set: { publishRequested: { on: shanghaiDate(now), by: { openId: operator.openId, name: operator.name } } } },
      { at: now.toISOString(), actor: operator.openId, action: 'disclosure.publish_requested', detail: { decision_id: DECISION_ID } },
      `disclosure.publish_requested:${DECISION_ID}`,
    );
    if (!recorded.ok) {
      if (recorded.reason === 'not_found') return errorToast(MESSAGES.caseNotFound(case_id));
      return errorToast(recorded.reason === 'archived' ? MESSAGES.archived(c.caseNumber) : MESSAGES.archiving(c.caseNumber));
    }
    // The case may not be in the publisher's index yet (its sync still on its way).
    await s.cases.activateDisclosure(c.caseId);
    return { toast: { type: 'success', content: PUBLISH_NOW_MESSAGES.requested } };
  },
});
