/**
 * Job `document.draft`: drafts one enforcement document from what the case holds, renders the PDF
 * (worker only), stores it beside the evidence (hashed, locked), enters it in the case's record with
 * its document item (one transaction), and sends it to the case's officers as a file.
 *
 * Idempotent: a document's id is fixed per case, kind and source (a review round), each version has
 * its key, its once-key in the record and its send uuid per officer; its number is reserved once, so
 * a retried job reuses the number it took and draws the same bytes (the PDF's date is the act's
 * instant from the record). A version already recorded is only delivered again.
 */
import * as z from 'zod/mini';
import { textMessage } from '../../../cards/index.ts';
import type { Case } from '../../domain/case/types.ts';
import {
  DRAFTED_KINDS,
  type DocumentModel,
  type DocumentVersion,
  type DraftedKind,
  documentFileName,
  documentIdFor,
  documentKey,
  documentRecordAction,
  documentRecordDetail,
  formatDocumentNumber,
  isNumbered,
  numberingYear,
} from '../../domain/documents/index.ts';
import type { StoredDocument } from '../../ports/documents.ts';
import { isPermanentDeliveryFailure } from '../../ports/errors.ts';
import { isEvidenceError } from '../../ports/evidence.ts';
import { CASE_ID, job, type JobDef } from '../intents.ts';
import { sendUuid, type WorkerServices } from '../services.ts';
import { documentSource } from './sources.ts';

const INSTANT = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/));

/** What to draft: a kind (and its round, for the per-round kinds), or the next version of one. */
export interface DraftRequest {
  caseId: string;
  kind: DraftedKind;
  round?: number | undefined;
  /** A correction (更正): the version it makes, why, who asked and when (the new version's date). */
  correction?: { version: number; reason: string; by: string; at: string } | undefined;
}

const draftPayload = z.object({
    caseId: CASE_ID,
    // `document`, not `kind`: a job's `kind` is its registry name.
    document: z.enum(DRAFTED_KINDS),
    round: z.optional(z.int().check(z.minimum(1), z.maximum(9999))),
    correction: z.optional(
      z.object({
        version: z.int().check(z.minimum(2), z.maximum(999)),
        reason: z.string().check(z.minLength(1), z.maxLength(500)),
        by: z.string().check(z.minLength(1), z.maxLength(200)),
        at: INSTANT,
      }),
    ),
  });

// Typed explicitly: the job registry's types and this module's (through WorkerServices) refer to each other.
export const documentDraftJob: JobDef<typeof draftPayload> = job({
  payload: draftPayload,
  run: async ({ document, ...rest }, s) => {
    await draftDocument({ ...rest, kind: document }, s);
  },
});

export type DraftOutcome =
  | { kind: 'drafted'; document: StoredDocument }
  /** This version was stored already (a retried job): delivered again (the send uuids keep it single). */
  | { kind: 'exists'; document: StoredDocument }
  /** The case does not hold what the document says yet, or it is archived, or the correction is stale. */
  | { kind: 'skipped'; why: string };

export async function draftDocument(req: DraftRequest, s: WorkerServices): Promise<DraftOutcome> {
  const skip = (why: string): DraftOutcome => {
    s.log.warn('document not drafted', { caseId: req.caseId, kind: req.kind, round: req.round, why });
    return { kind: 'skipped', why };
  };
  const c = await s.cases.get(req.caseId);
  if (!c) return skip('no such case');
  let documentId: string;
  try {
    documentId = documentIdFor(req.kind, req.round);
  } catch (err) {
    return skip((err as Error).message);
  }
  const stored = await s.cases.documentVersions(c.caseId);
  const versions = stored.filter((d) => d.documentId === documentId).sort((a, b) => a.version - b.version);
  const target = req.correction?.version ?? 1;
  const done = versions.find((v) => v.version === target);
  if (done) {
    // Recorded by an earlier run: send only if that run did not finish sending.
    if (!done.delivered) await deliver(c, done, await storedBytes(done, s), [], s);
    return { kind: 'exists', document: done };
  }
  if (c.status === 'archived') return skip('the case is archived');
  const latestVersion = versions.at(-1)?.version ?? 0;
  if (target !== latestVersion + 1) return skip(`version ${target} does not follow ${latestVersion}`);

  const found = await documentSource(req.kind, req.round, c, stored, s);
  if (!found.ok) return skip(found.why);
  const { source } = found;
  const { config } = s.documents;
  const version: DocumentVersion = req.correction
    ? { version: target, supersedes: target - 1, reason: req.correction.reason }
    : { version: 1, supersedes: null, reason: null };
  // A correction keeps the number of the document it corrects.
  const number = !isNumbered(config, req.kind)
    ? null
    : (versions[0]?.number ??
      (await s.cases.reserveDocumentNumber(c.caseId, documentId, { kind: req.kind, year: numberingYear(source.date) }, (seq) =>
        formatDocumentNumber(config, req.kind, numberingYear(source.date), seq),
      )));
  const madeAt = req.correction?.at ?? source.madeAt;
  const model = source.draft({ config, case: c, number, version, madeAt });
  const pdf = await (await s.documents.renderer()).render(model);
  const key = documentKey(c.caseId, model.documentId, version.version);
  let object;
  try {
    object = await s.evidence.putDocument({ caseId: c.caseId, key, bytes: pdf.bytes, contentType: 'application/pdf' });
  } catch (err) {
    // Other bytes at this version's key: a concurrent correction stored its own first; it records it.
    if (isEvidenceError(err) && err.kind === 'conflict') {
      const other = (await s.cases.documentVersions(c.caseId)).find((d) => d.documentId === documentId && d.version === target);
      if (other) return { kind: 'exists', document: other };
    }
    throw err;
  }
  const recorded = await s.cases.recordDocument(c.caseId, madeAt, {
    at: s.now().toISOString(),
    actor: req.correction?.by ?? 'system',
    action: documentRecordAction(model),
    detail: documentRecordDetail(model, {
      sha256: object.sha256,
      size: object.size,
      s3Key: key,
      ...(object.versionId ? { s3VersionId: object.versionId } : {}),
    }),
  });
  if (!recorded.ok) return skip(`not recorded: ${recorded.reason}`);
  if (!recorded.document.delivered) await deliver(c, recorded.document, pdf.bytes, notes(model, pdf.missingCharacters), s);
  return { kind: recorded.created ? 'drafted' : 'exists', document: recorded.document };
}

/** What the officers are told with the file: blanks to fill in by hand, characters the font lacks. */
function notes(model: DocumentModel, missingCharacters: string[]): string[] {
  const out: string[] = [];
  if (model.blanks.length > 0) out.push(`以下内容案件中尚无记录，文书中留空，请打印后手工填写：${model.blanks.join('、')}。`);
  if (missingCharacters.length > 0) out.push(`字库中没有以下字符，文书中显示为方框，请手工补写：${missingCharacters.join(' ')}。`);
  return out;
}

async function storedBytes(d: StoredDocument, s: WorkerServices): Promise<Uint8Array> {
  const opened = await s.evidence.open(d.s3Key, d.s3VersionId);
  if (!opened) throw new Error(`document ${d.documentId} v${d.version}: its object ${d.s3Key} is missing`);
  const chunks: Buffer[] = [];
  for await (const chunk of opened.body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * Sends the file to every officer of the case (each with its own uuid), then the notes. One that
 * Feishu refuses for good is recorded (`notice.failed`, once) and the others go on; a temporary
 * failure fails the job at the end, so the retry sends only what is left (the uuids drop the
 * repeats). Once every officer is settled the version is marked delivered: a repeated job sends nothing.
 */
async function deliver(c: Case, d: StoredDocument, bytes: Uint8Array, extra: string[], s: WorkerServices): Promise<void> {
  const fileName = documentFileName({ title: d.title, number: d.number, caseNumber: c.caseNumber, version: { version: d.version, supersedes: d.supersedes, reason: d.reason } });
  const caption = `${c.caseNumber}：${d.version > 1 ? `已更正${d.title}（第${d.version}版，原因：${d.reason ?? ''}）` : `已制作${d.title}`}${d.number ? `（${d.number}）` : ''}，SHA-256 ${d.sha256.slice(0, 16)}…，已存档并记入全过程记录。`;
  let retryLater: unknown;
  for (const o of c.officers) {
    const uuid = (part: string) => sendUuid('document', part, c.caseId, d.documentId, String(d.version), o.openId);
    try {
      await s.messenger.sendFile(o.openId, { fileName, bytes, fileType: 'pdf' }, uuid('file'));
      await s.messenger.sendText(o.openId, textMessage([caption, ...extra].join('\n')), uuid('caption'));
    } catch (err) {
      if (isPermanentDeliveryFailure(err)) {
        s.log.warn('document not delivered to an officer: Feishu refused', { caseId: c.caseId, documentId: d.documentId, openId: o.openId, err });
        const notice = `document:${d.documentId}:v${d.version}`;
        await s.cases.appendRecord(
          c.caseId,
          { at: s.now().toISOString(), actor: 'system', action: 'notice.failed', detail: { notice, recipient: o.openId, name: o.name, ...(err.code === undefined ? {} : { code: err.code }) } },
          { once: `${notice}:${o.openId}` },
        );
        continue;
      }
      retryLater ??= err;
    }
  }
  if (retryLater !== undefined) throw new Error(`document ${d.documentId} v${d.version}: delivery incomplete`, { cause: retryLater });
  await s.cases.markDocumentDelivered(c.caseId, d.documentId, d.version);
}
