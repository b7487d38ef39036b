/**
 * The evidence store's settings, read from the worker's environment (set by infra/stack.ts from CDK
 * context) and checked at start-up: a bad value is a deployment error, found before any file is taken.
 */
import * as z from 'zod/mini';

/** Where evidence and dossier objects live (`cases/<caseId>/…`, see the dossier domain). */
export const CASES_PREFIX = 'cases/';
/** Where multipart uploads land before the copy to their final key; never locked, expired by lifecycle. */
export const STAGING_PREFIX = 'staging/';

export const OBJECT_LOCK_MODES = ['GOVERNANCE', 'COMPLIANCE'] as const;
export type ObjectLockMode = (typeof OBJECT_LOCK_MODES)[number];

export interface ObjectLockSettings {
  mode: ObjectLockMode;
  /** Each evidence object is locked for this many days from when it is stored. */
  days: number;
}

/**
 * The default for case files: COMPLIANCE mode (nobody, the account's root user included, can shorten
 * the lock or delete a locked version before it ends — 118号's 防删改) for 30 years, the longest fixed
 * class of 国家档案局令第8号 (永久 / 30 年 / 10 年); 10,958 days counts the leap days of any 30 years.
 * See infra/README.md for when to choose otherwise.
 */
export const DEFAULT_OBJECT_LOCK: ObjectLockSettings = { mode: 'COMPLIANCE', days: 10_958 };

/** S3 takes retain-until dates this far ahead; longer is a typo, not a policy. */
export const MAX_RETENTION_DAYS = 36_500;

const envSchema = z.object({
  EVIDENCE_BUCKET: z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)),
  EVIDENCE_LOCK_MODE: z.optional(z.enum(OBJECT_LOCK_MODES)),
  EVIDENCE_RETENTION_DAYS: z.optional(z.string().check(z.regex(/^[1-9]\d{0,4}$/))),
});

export interface EvidenceStoreConfig {
  bucket: string;
  retention: ObjectLockSettings;
}

/** Throws (with what is wrong, never a value) when the environment is not a valid configuration. */
export function evidenceStoreConfig(env: Record<string, string | undefined>): EvidenceStoreConfig {
  const parsed = envSchema.safeParse({
    EVIDENCE_BUCKET: env.EVIDENCE_BUCKET,
    EVIDENCE_LOCK_MODE: env.EVIDENCE_LOCK_MODE || undefined,
    EVIDENCE_RETENTION_DAYS: env.EVIDENCE_RETENTION_DAYS || undefined,
  });
  if (!parsed.success) {
    throw new Error(`evidence store configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const days = parsed.data.EVIDENCE_RETENTION_DAYS === undefined ? DEFAULT_OBJECT_LOCK.days : Number(parsed.data.EVIDENCE_RETENTION_DAYS);
  if (days > MAX_RETENTION_DAYS) throw new Error(`evidence store configuration: EVIDENCE_RETENTION_DAYS over ${MAX_RETENTION_DAYS}`);
  return {
    bucket: parsed.data.EVIDENCE_BUCKET,
    retention: { mode: parsed.data.EVIDENCE_LOCK_MODE ?? DEFAULT_OBJECT_LOCK.mode, days },
  };
}
