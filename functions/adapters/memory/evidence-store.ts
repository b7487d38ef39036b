/**
 * Evidence objects in memory: for the per-intent tests. Honours the EvidenceStore contract
 * (test/contract/evidence-store.contract.ts runs against it and the S3 store on s3rver alike): bytes
 * hashed as they stream, the same bytes in a case stored once, the size rules refused before anything
 * is kept, a failing source keeping nothing, fixed-key documents once. Links point nowhere real
 * (`https://evidence.invalid/…`); what they name and how long they live is what tests read.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { casePrefix, checkEvidenceSize, evidenceKey, evidencePrefix, MAX_EVIDENCE_BYTES, parseEvidenceKey, viewLinkSeconds } from '../../domain/dossier/evidence.ts';
import {
  EvidenceError,
  type EvidenceStore,
  type HashedObject,
  type ListedObject,
  type OpenedObject,
  type PutEvidenceInput,
  type StoredEvidence,
  type ViewLinkOptions,
} from '../../ports/evidence.ts';

interface Stored {
  bytes: Buffer;
  contentType: string;
  versionId: string;
}

const sha256Of = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export class MemoryEvidenceStore implements EvidenceStore {
  private readonly objects = new Map<string, Stored>();
  private versions = 0;

  private refusal(size: number, limit: number): EvidenceError {
    const rule = checkEvidenceSize(size, limit);
    const userMessage = rule.ok ? undefined : rule.errors[0];
    return size <= 0 ? new EvidenceError('empty', false, 'empty file', userMessage) : new EvidenceError('too_large', false, `${size} bytes, over ${limit}`, userMessage);
  }

  private write(key: string, bytes: Buffer, contentType: string): Stored {
    const stored = { bytes, contentType, versionId: `v${++this.versions}` };
    this.objects.set(key, stored);
    return stored;
  }

  async put(input: PutEvidenceInput): Promise<StoredEvidence> {
    evidencePrefix(input.caseId);
    const limit = Math.min(input.maxBytes ?? MAX_EVIDENCE_BYTES, MAX_EVIDENCE_BYTES);
    if (input.declaredSize !== undefined && !checkEvidenceSize(input.declaredSize, limit).ok) {
      (input.body as { destroy?: () => void }).destroy?.();
      throw this.refusal(input.declaredSize, limit);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of input.body) {
        size += chunk.length;
        if (size > limit) throw this.refusal(size, limit);
        chunks.push(Buffer.from(chunk));
      }
    } catch (err) {
      if (err instanceof EvidenceError) throw err;
      throw new EvidenceError('interrupted', true, `reading the source failed after ${size} bytes`, undefined, { cause: err });
    }
    if (size === 0) throw this.refusal(0, limit);
    const bytes = Buffer.concat(chunks);
    const sha256 = sha256Of(bytes);
    const key = evidenceKey(input.caseId, sha256);
    const existing = this.objects.get(key);
    if (existing) {
      // Other bytes under a content key: replaced outside the system. Refuse, as the S3 store does.
      if (sha256Of(existing.bytes) !== sha256) throw new EvidenceError('conflict', false, `${key} holds other bytes`);
      return { key, sha256, size, versionId: existing.versionId, created: false };
    }
    const stored = this.write(key, bytes, input.contentType ?? 'application/octet-stream');
    return { key, sha256, size, versionId: stored.versionId, created: true };
  }

  async putDocument(input: { caseId: string; key: string; bytes: Uint8Array; contentType: string }): Promise<StoredEvidence> {
    const under = `${casePrefix(input.caseId)}dossier/`;
    if (!input.key.startsWith(under)) throw new RangeError(`a document key must be under ${under}: ${input.key}`);
    const sha256 = sha256Of(input.bytes);
    const existing = this.objects.get(input.key);
    if (existing) {
      if (sha256Of(existing.bytes) !== sha256) throw new EvidenceError('conflict', false, `${input.key} already holds other bytes`);
      return { key: input.key, sha256, size: input.bytes.length, versionId: existing.versionId, created: false };
    }
    const stored = this.write(input.key, Buffer.from(input.bytes), input.contentType);
    return { key: input.key, sha256, size: input.bytes.length, versionId: stored.versionId, created: true };
  }

  async open(key: string, versionId?: string): Promise<OpenedObject | null> {
    const o = this.objects.get(key);
    if (!o || (versionId !== undefined && versionId !== o.versionId)) return null;
    return { body: Readable.from([Buffer.from(o.bytes)]), size: o.bytes.length, contentType: o.contentType, versionId: o.versionId };
  }

  async hash(key: string, versionId?: string): Promise<HashedObject | null> {
    const o = this.objects.get(key);
    if (!o || (versionId !== undefined && versionId !== o.versionId)) return null;
    return { key, sha256: sha256Of(o.bytes), size: o.bytes.length, versionId: o.versionId };
  }

  async list(caseId: string, what: 'all' | 'evidence' = 'all'): Promise<ListedObject[]> {
    const prefix = what === 'evidence' ? evidencePrefix(caseId) : casePrefix(caseId);
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix) && (what === 'all' || parseEvidenceKey(key) !== null))
      .map(([key, o]) => ({ key, size: o.bytes.length }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async viewUrl(key: string, opts: ViewLinkOptions): Promise<string> {
    if (!key.startsWith('cases/')) throw new RangeError(`not a case object: ${key}`);
    const q = new URLSearchParams({ expires: String(viewLinkSeconds(opts.seconds)), ...(opts.versionId ? { versionId: opts.versionId } : {}) });
    return `https://evidence.invalid/${key}?${q}`;
  }

  /** For tests: what someone with direct access to the bucket would do (a new version under the key). */
  tamper(key: string, bytes: Uint8Array): void {
    const o = this.objects.get(key);
    this.write(key, Buffer.from(bytes), o?.contentType ?? 'application/octet-stream');
  }
}
