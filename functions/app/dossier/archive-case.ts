/**
 * `归档 <案件编号>`: archives a case only when no veto item of the self-check fails — the record
 * intact (re-verified now, objects re-hashed) among them. Then the case is read-only, and a manifest
 * (canonical JSON, and an HTML page a person can print) is stored beside the evidence; both hashes go
 * into the `case.archived` entry, so the seal is itself part of the chain.
 *
 * The case is locked first (changes wait), so the manifest covers exactly the log it was built from,
 * and a retried or resumed archive builds the same bytes: its time and archivist are the lock's.
 */
import { noticeCard } from '../../../cards/index.ts';
import type { Case } from '../../domain/case/types.ts';
import { archiveRefusal } from '../../domain/dossier/checklist.ts';
import { canSeeEvidence, dossierKeys, type EvidenceItem } from '../../domain/dossier/evidence.ts';
import { describeVerification } from '../../domain/dossier/integrity.ts';
import { type ArchiveManifest, archivedDetail, buildManifest, manifestBytes, manifestHtmlBytes } from '../../domain/dossier/manifest.ts';
import type { RecordEntry } from '../../domain/case/record.ts';
import type { Person } from '../../domain/roster/types.ts';
import { diff } from '../../domain/record/diff.ts';
import { isEvidenceError } from '../../ports/evidence.ts';
import type { ArchiveLock } from '../../ports/index.ts';
import { caseFromArg } from '../case/find-case.ts';
import { command } from '../intents.ts';
import { MESSAGES, type WorkerServices } from '../services.ts';
import { reviewCase } from './show-dossier.ts';
import { verifyCaseState } from './verification.ts';

export const ARCHIVE_MESSAGES = {
  notAllowed: '只有本案的承办人员、负责人或行政审批科可以归档。',
  already: (n: string) => `案件 ${n} 已经归档。`,
  changed: (n: string) => `案件 ${n} 的记录刚有变动，没有归档。请再发送一次「归档 ${n}」。`,
  failed: '归档没有完成，请稍后再发送一次；如果仍然失败，请联系行政审批科。',
};

/** The case's officers, and the roles head and admin (行政审批科 keeps the archive). */
export function mayArchive(person: Person, c: Pick<Case, 'officers'>): boolean {
  return c.officers.some((o) => o.openId === person.openId) || person.roles.includes('head') || person.roles.includes('admin');
}

function manifestFor(c: Case, entries: RecordEntry[], items: EvidenceItem[], review: ReturnType<typeof reviewCase>, lock: ArchiveLock) {
  return buildManifest({
    case: {
      caseId: c.caseId,
      caseNumber: c.caseNumber,
      caseType: c.caseType,
      procedure: c.procedure,
      partyName: c.party.name,
      partyType: c.party.type,
      summary: c.summary,
      filedAt: c.filedAt,
      officers: c.officers.map((o) => ({ name: o.name, certificateNumber: o.certificateNumber })),
    },
    // The log up to the head the lock holds (looking at the case may have added entries since).
    entries: entries.filter((e) => e.seq <= lock.head.seq),
    head: lock.head,
    evidence: items,
    review,
    archivedAt: lock.at,
    archivedBy: { openId: lock.by, name: lock.byName },
  });
}

export const archiveCaseCommand = command({
  words: ['归档'],
  prefix: true,
  help: { command: '归档 <案件编号>', description: '没有否决项不合格时归档：案件转为只读，归档清单（JSON 和可打印页面）与证据一同保存' },
  async run(ctx) {
    const { person, s } = ctx;
    const c = await caseFromArg(ctx, '归档', canSeeEvidence);
    if (!c) return;
    if (!mayArchive(person, c)) return ctx.reply.text(ARCHIVE_MESSAGES.notAllowed);
    if (c.status === 'archived' || !c.logHead) return ctx.reply.text(ARCHIVE_MESSAGES.already(c.caseNumber));

    const { entries, items, verification } = await verifyCaseState(c, s);
    const review = reviewCase(c, items, verification.intact, s);
    const refusal = archiveRefusal(review);
    if (refusal) {
      const text = [...refusal, ...(verification.intact ? [] : ['', describeVerification(verification, c.caseNumber)])].join('\n');
      return ctx.privateCard(noticeCard({ title: '不能归档', subtitle: c.caseNumber, text, template: 'red' }));
    }
    // Built once before the lock: a manifest that cannot be built never locks the case.
    const draft: ArchiveLock = { at: s.now().toISOString(), by: person.openId, byName: person.name, head: c.logHead };
    const check = manifestFor(c, entries, items, review, draft);
    if (!check.ok) return ctx.privateCard(noticeCard({ title: '不能归档', subtitle: c.caseNumber, text: check.errors.join('\n'), template: 'red' }));

    const begun = await s.cases.beginArchive(c.caseId, draft);
    if (!begun.ok) {
      if (begun.reason === 'archived') return ctx.reply.text(ARCHIVE_MESSAGES.already(c.caseNumber));
      if (begun.reason === 'changed') return ctx.reply.text(ARCHIVE_MESSAGES.changed(c.caseNumber));
      return ctx.reply.text(MESSAGES.caseNotFound(ctx.arg));
    }
    const built = begun.resumed ? manifestFor(c, entries, items, review, begun.lock) : check;
    if (!built.ok) {
      s.log.error('archive resumed but its manifest cannot be built', { caseId: c.caseId, errors: built.errors });
      return ctx.reply.text(ARCHIVE_MESSAGES.failed);
    }
    const detail = await storeManifest(c, built.value, s);
    if (!detail) return ctx.reply.text(ARCHIVE_MESSAGES.failed);

    const sealed = await s.cases.completeArchive(c.caseId, begun.lock.at, {
      at: s.now().toISOString(),
      actor: person.openId,
      action: 'case.archived',
      detail,
    });
    if (!sealed.ok) {
      if (sealed.reason === 'archived') return ctx.reply.text(ARCHIVE_MESSAGES.already(c.caseNumber));
      s.log.error('archive not sealed', { caseId: c.caseId, reason: sealed.reason });
      return ctx.reply.text(ARCHIVE_MESSAGES.failed);
    }
    const m = built.value;
    const text = [
      `${c.caseNumber} 已归档：评查 ${m.dossier.score} 分（${m.dossier.grade}），${m.evidence.length} 件证据，全过程记录 ${m.record.count} 条。`,
      '案件已转为只读：不能再添加证据、记录或修改；查看、案卷和校验仍可使用，并继续记入全过程记录。',
      `归档清单：${detail.manifestKey}（SHA-256 ${detail.manifestSha256}）`,
      `可打印页面：${detail.htmlKey}（SHA-256 ${detail.htmlSha256}）`,
    ].join('\n');
    const sent = await ctx.privateCard(noticeCard({ title: '已归档', subtitle: c.caseNumber, text, template: 'grey' }));
    if (sent) await s.chat.rememberCard(sent, c.caseId);
  },
});

/**
 * Stores the manifest and its page (each once; Object Lock keeps them). If an earlier attempt of this
 * archive stored them with other bytes (a different build of the bot), the stored pair is kept when
 * it covers the same head: the `case.archived` entry then records the stored files' hashes.
 */
async function storeManifest(c: Case, m: ArchiveManifest, s: WorkerServices): Promise<ReturnType<typeof archivedDetail> | null> {
  const keys = dossierKeys(c.caseId);
  const detail = archivedDetail(m, c.status);
  try {
    await s.evidence.putDocument({ caseId: c.caseId, key: keys.manifest, bytes: manifestBytes(m), contentType: 'application/json' });
    await s.evidence.putDocument({ caseId: c.caseId, key: keys.html, bytes: manifestHtmlBytes(m), contentType: 'text/html; charset=utf-8' });
    return detail;
  } catch (err) {
    if (!isEvidenceError(err)) throw err;
    if (err.kind !== 'conflict') {
      s.log.error('archive manifest not stored', { caseId: c.caseId, kind: err.kind, err });
      return null;
    }
  }
  const stored = await s.evidence.open(keys.manifest);
  const [json, html] = await Promise.all([s.evidence.hash(keys.manifest), s.evidence.hash(keys.html)]);
  let covers: { headSeq?: unknown; headHash?: unknown; score?: unknown } = {};
  if (stored) {
    const chunks: Buffer[] = [];
    for await (const chunk of stored.body) chunks.push(chunk as Buffer);
    try {
      const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { record?: { headSeq?: unknown; headHash?: unknown }; dossier?: { score?: unknown } };
      covers = { headSeq: parsed.record?.headSeq, headHash: parsed.record?.headHash, score: parsed.dossier?.score };
    } catch {
      covers = {};
    }
  }
  if (!json || !html || covers.headSeq !== m.record.headSeq || covers.headHash !== m.record.headHash || typeof covers.score !== 'number') {
    s.log.error('a stored archive manifest does not cover this archive', { caseId: c.caseId });
    return null;
  }
  s.log.warn('archive manifest stored by an earlier attempt kept', { caseId: c.caseId });
  return {
    ...detail,
    manifestSha256: json.sha256,
    htmlSha256: html.sha256,
    score: covers.score,
    changes: diff({ status: c.status }, { status: 'archived' }),
  };
}
