/** The worker's entry: one job per invocation; every effect is idempotent so retries are safe. */
import { caseCard } from '../../cards/index.ts';
import type { Job } from '../ports/index.ts';
import { handleMessage, sendUuid, type WorkerServices } from './messages.ts';
import { caseCardView } from './views.ts';

export async function runJob(job: Job, s: WorkerServices): Promise<void> {
  switch (job.kind) {
    case 'message':
      return handleMessage(job, s);
    case 'case.filed': {
      const c = await s.cases.get(job.caseId);
      if (!c) {
        s.log.error('case.filed for a missing case', { caseId: job.caseId });
        return;
      }
      const deadlines = s.deadlinesFor(c);
      if (job.formMessageId) {
        // The inline answer already replaced the form; this makes it stick for every viewer of the card.
        // A card Feishu will not update (too old, recalled) must not cost the officers their notice.
        await s.messenger
          .updateCard(job.formMessageId, caseCard(caseCardView(c, { deadlines, notice: `✅ 立案成功：${c.caseNumber}` })))
          .catch((err: unknown) => {
            if ((err as { retryable?: boolean }).retryable !== false) throw err;
            s.log.warn('form card not updated', { caseId: c.caseId, err });
          });
      }
      for (const o of c.officers) {
        if (o.openId === c.filedBy) continue;
        await s.messenger.sendCard(
          o.openId,
          caseCard(caseCardView(c, { deadlines, notice: `您已被列为案件 ${c.caseNumber} 的承办人员` })),
          sendUuid('assigned', c.caseId, o.openId),
        );
      }
      return;
    }
  }
}
