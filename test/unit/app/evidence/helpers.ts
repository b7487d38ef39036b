/** Cases with evidence on the in-memory stores, for the evidence and dossier intents' tests. */
import { createHash } from 'node:crypto';
import type { Case } from '../../../../functions/domain/case/types.ts';
import { attachedDetail, buildEvidenceItem, type EvidenceItem } from '../../../../functions/domain/dossier/evidence.ts';
import type { Person } from '../../../../functions/domain/roster/types.ts';
import { filingRequest } from '../../../helpers/factories.ts';
import { asOfficer, PEOPLE, type WorkerHarness } from '../harness.ts';

let forms = 0;

/** A case filed by the first of `officers` (张三 and 李四 by default), number n of 2026. */
export async function caseWith(h: WorkerHarness, officers: Person[] = [PEOPLE.zhang, PEOPLE.li]): Promise<Case> {
  forms += 1;
  const { case: c } = await h.cases.fileCase(filingRequest({ formId: `F-ev-${forms}`, year: 2026, partyName: '甘孜某某矿业有限公司', officers: officers.map(asOfficer) }));
  return c;
}

/** Evidence stored and recorded as the attach job does it (bytes in the evidence store, item and entry in the case store). */
export async function attach(
  h: WorkerHarness,
  c: Case,
  o: { bytes: string; by?: Person; kind?: 'image' | 'video' | 'audio' | 'document'; fileName?: string; at?: string; messageId?: string; activity?: EvidenceItem['activity'] },
): Promise<EvidenceItem> {
  const by = o.by ?? PEOPLE.zhang;
  const at = o.at ?? '2026-03-02T02:00:00.000Z';
  const stored = await h.evidence.put({ caseId: c.caseId, body: [Buffer.from(o.bytes)] });
  const kind = o.kind ?? 'image';
  const messageType = kind === 'image' ? 'image' : kind === 'video' ? 'media' : kind === 'audio' ? 'audio' : 'file';
  const item = buildEvidenceItem({
    caseId: c.caseId,
    resource: { messageId: o.messageId ?? `om_ev_${createHash('sha256').update(o.bytes).digest('hex').slice(0, 10)}`, messageType, mediaKind: kind, ...(o.fileName ? { fileName: o.fileName } : {}) },
    sha256: stored.sha256,
    size: stored.size,
    receivedAt: at,
    sender: by.openId,
    senderName: by.name,
    ...(o.activity ? { activity: o.activity } : {}),
    ...(stored.versionId ? { s3VersionId: stored.versionId } : {}),
  });
  if (!item.ok) throw new Error(item.errors.join('; '));
  const outcome = await h.cases.attachEvidence(item.value, { at, actor: by.openId, action: 'evidence.attached', detail: attachedDetail(item.value) });
  if (outcome.kind !== 'attached') throw new Error(`not attached: ${outcome.kind}`);
  return outcome.item;
}
