/**
 * The activity an item records (现场检查 … 其他), chosen on its receipt card. A change is itself an
 * entry (`evidence.activity_changed`, before and after), written with the item in one transaction;
 * only the case's officers change it, and not once the case is archived.
 */
import * as z from 'zod/mini';
import { receiptCard } from '../../../cards/index.ts';
import { attachPermission, changeActivity } from '../../domain/dossier/evidence.ts';
import type { Activity } from '../../domain/dossier/vocabulary.ts';
import { CASE_ID, cardAction } from '../intents.ts';
import { errorToast, MESSAGES } from '../services.ts';
import { INGEST_MESSAGES, refusalText } from './ingest.ts';
import { receiptView } from './views.ts';

export const changeActivityAction = cardAction({
  value: z.object({ case_id: CASE_ID, evidence_id: z.string().check(z.regex(/^ev_[0-9a-f]{24}$/)) }),
  async handle({ case_id, evidence_id }, { operator, tap, s }) {
    const c = await s.cases.get(case_id);
    const item = c ? await s.cases.getEvidence(case_id, evidence_id) : null;
    const may = c ? attachPermission(operator, { officers: c.officers, archived: c.status === 'archived' }) : null;
    if (!c || !item || !may || (!may.ok && may.reason === 'not_found')) return errorToast(MESSAGES.caseNotFound(case_id));
    if (!may.ok) return errorToast(may.reason === 'archived' ? MESSAGES.archived(c.caseNumber) : INGEST_MESSAGES.notOfficer);
    const to = tap.option ?? '';
    const change = changeActivity(item, to, false);
    if (!change.ok) return errorToast(change.errors[0] as string);
    const outcome = await s.cases.changeEvidenceActivity(case_id, evidence_id, item.activity, to as Activity, {
      at: s.now().toISOString(),
      actor: operator.openId,
      action: 'evidence.activity_changed',
      detail: { evidenceId: evidence_id, changes: change.value.changes },
    });
    if (!outcome.ok) {
      if (outcome.reason === 'changed') {
        // Someone changed it first: show what it is now.
        const now = await s.cases.getEvidence(case_id, evidence_id);
        return {
          toast: { type: 'warning', content: '这份证据的所属活动刚被其他人修改过，请确认后再选择。' },
          ...(now ? { card: receiptCard(receiptView(now, c.caseNumber, { editable: true })) } : {}),
        };
      }
      return errorToast(refusalText(outcome.reason, c.caseNumber));
    }
    return {
      toast: { type: 'success', content: `所属活动已改为「${to}」，已记入全过程记录` },
      card: receiptCard(receiptView(outcome.item, c.caseNumber, { editable: true })),
    };
  },
});
