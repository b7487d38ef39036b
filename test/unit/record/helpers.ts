/** Builders for record-log tests: a realistic sealed log, and a seeded PRNG for property loops. */
import { type NewEntry, type SealedEntry, sealChain } from '../../../functions/domain/record/index.ts';

export const CASE_ID = '2026-000001';
export const SHA_A = 'a'.repeat(64);

export function filed(caseId = CASE_ID, at = '2026-03-02T02:00:00.000Z'): NewEntry {
  return {
    caseId,
    at,
    actor: 'ou_zhangsan',
    action: 'case.filed',
    detail: {
      caseNumber: '甘经信立〔2026〕1号',
      officers: [
        { openId: 'ou_zhangsan', certificateNumber: '62000001' },
        { openId: 'ou_lisi', certificateNumber: '62000002' },
      ],
      formId: 'form_1',
    },
  };
}

/** The n-th follow-up entry: alternating notes, attachments and views, each at its own minute. */
export function followUp(n: number, caseId = CASE_ID): NewEntry {
  const at = new Date(Date.UTC(2026, 2, 2, 3, n)).toISOString();
  const sha256 = (n % 16).toString(16).repeat(64);
  switch (n % 3) {
    case 0:
      return { caseId, at, actor: 'ou_lisi', action: 'evidence.viewed', detail: { evidenceId: `ev_${n}`, sha256, linkExpiresAt: at } };
    case 1:
      return {
        caseId,
        at,
        actor: 'ou_zhangsan',
        action: 'evidence.attached',
        detail: {
          evidenceId: `ev_${n}`,
          sha256,
          size: 1000 + n,
          fileName: `现场照片${n}.jpg`,
          mediaKind: 'image',
          mimeType: 'image/jpeg',
          activity: '现场检查',
          messageId: `om_${n}`,
          s3Key: `cases/${caseId}/evidence/${sha256}`,
        },
      };
    default:
      return {
        caseId,
        at,
        actor: 'ou_lisi',
        action: 'note.recorded',
        detail: { evidenceId: `ev_${n}`, sha256, size: 9, activity: '询问', messageId: `om_${n}`, s3Key: `cases/${caseId}/evidence/${sha256}`, text: `第${n}条笔记` },
      };
  }
}

/** A sealed log of `length` entries (case.filed first). */
export function sealedLog(length: number, caseId = CASE_ID): SealedEntry[] {
  const contents = [filed(caseId), ...Array.from({ length: length - 1 }, (_, i) => followUp(i + 1, caseId))];
  const r = sealChain(contents);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
}

/** Deep copy, as if read back from storage. */
export const copy = <T>(v: T): T => structuredClone(v);

/** mulberry32: a tiny seeded PRNG so property tests are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randInt(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}
