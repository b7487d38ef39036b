/**
 * Jobs: the work the worker does, one line each (Lambda async Invoke; in-process offline). The worker
 * reads every job with `jobSchema` and the senders type theirs as `Job`, both built from this table:
 * a job kind nobody runs cannot be submitted.
 *
 * To add one: a file next to its feature exporting `job({ payload, run })`, and its line here.
 */
import type * as z from 'zod/mini';
import { caseFiledJob } from './case/case-filed.ts';
import { receiveMessageJob } from './chat/receive-message.ts';
import { documentDraftJob } from './documents/draft-document.ts';
import { viewDocumentJob } from './documents/view-document.ts';
import { runDrawJob } from './draw/run-draw.ts';
import { listChangedJob } from './lists/list-changed.ts';
import { sendReminderJob } from './deadlines/reminders.ts';
import { syncDeadlinesJob } from './deadlines/sync.ts';
import { disclosureDigestJob } from './disclosure/publisher.ts';
import { attachChosenJob } from './evidence/attach-file.ts';
import { viewEvidenceJob } from './evidence/view-evidence.ts';
import { reviewNotifyJob } from './review/notify.ts';
import { figureCasesJob } from './statistics/figure-cases.ts';
import { exportStatisticsJob } from './statistics/export-statistics.ts';
import { annualReportJob, publishAnnualReportJob } from './statistics/annual-report.ts';
import { type JobDef, type JobOf, type JobRegistry, taggedUnion } from './intents.ts';
import type { WorkerServices } from './services.ts';

export const JOBS = {
  message: receiveMessageJob,
  'case.filed': caseFiledJob,
  'lists.changed': listChangedJob,
  'draw.run': runDrawJob,
  'evidence.attach': attachChosenJob,
  'evidence.view': viewEvidenceJob,
  'document.draft': documentDraftJob,
  'document.view': viewDocumentJob,
  'review.notify': reviewNotifyJob,
  'deadlines.sync': syncDeadlinesJob,
  'reminder.send': sendReminderJob,
  'disclosure.digest': disclosureDigestJob,
  'stats.cases': figureCasesJob,
  'stats.export': exportStatisticsJob,
  'stats.annual': annualReportJob,
  'stats.annual_publish': publishAnnualReportJob,
} satisfies JobRegistry;

export type JobKind = keyof typeof JOBS;

/** The worker's boundary check: a job is one of the registered kinds with its payload. */
export const jobSchema = taggedUnion<JobOf<typeof JOBS>>(
  'kind',
  Object.entries(JOBS).map(([kind, def]: [string, JobDef]) => [kind, def.payload]),
);

export type Job = z.infer<typeof jobSchema>;

/** Runs one job; every effect is idempotent, so retries are safe. */
export async function runJob(job: Job, s: WorkerServices): Promise<void> {
  const def: JobDef = JOBS[job.kind];
  return def.run(job, s);
}
