/**
 * The record log's action vocabulary: every action on a case is an entry saying who, when, what, and
 * (for changes) the before/after of what changed (行政处罚法 Art. 47; 118号 全过程记录).
 * Each action has a Chinese label and the exact shape of its `detail`, checked when an entry is sealed.
 */
import * as z from 'zod/mini';
import { ACTIVITIES, MAX_NOTE_CHARS, MEDIA_KINDS } from '../dossier/vocabulary.ts';
import { documentDetailSchema } from '../documents/record.ts';
import { type JsonValue, type Result, SHA256_HEX } from './canonical.ts';

const sha256 = z.string().check(z.regex(SHA256_HEX, 'not a lowercase hex SHA-256'));
const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const count = z.int().check(z.minimum(0));
const instant = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/, 'not an ISO instant in UTC'));
const openId = z.string().check(z.regex(/^ou_[\w-]{1,100}$/));

/** One field's before and after; an absent side means the field did not exist (see diff.ts). */
export const fieldChangeSchema = z.strictObject({
  field: text(200),
  before: z.optional(z.unknown()),
  after: z.optional(z.unknown()),
});
const changes = z.array(fieldChangeSchema).check(z.minLength(1));

const storedObject = {
  evidenceId: text(100),
  sha256,
  size: z.int().check(z.minimum(1)),
  activity: z.enum(ACTIVITIES),
  messageId: text(200),
  s3Key: text(1024),
  s3VersionId: z.optional(text(1024)),
};

const localDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
/** Yuan as a decimal string (`5000.00`): canonical JSON takes integers only. */
const yuan = z.string().check(z.regex(/^\d{1,13}\.\d{2}$/));

function reviewRequestDetail() {
  return {
    round: z.int().check(z.minimum(1)),
    previousRound: z.nullable(z.int()),
    proposal: z.strictObject({
      decisionType: text(50),
      amount: z.nullable(yuan),
      facts: text(5000),
      evidenceIds: z.array(text(100)),
      legalProvisions: text(5000),
      discretion: text(10),
      hearingHeld: z.boolean(),
      defence: text(5000),
    }),
    proposalHash: sha256,
    required: z.boolean(),
    major: z.boolean(),
    reasons: z.array(text(100)),
    changes: z.array(text(100)),
    dueDate: localDate,
  };
}

function reviewOutcomeDetail() {
  return {
    round: z.int().check(z.minimum(1)),
    proposalHash: sha256,
    opinion: z.nullable(text(5000)),
    problems: z.array(z.strictObject({ key: text(50), note: text(1000) })),
    checklist: z.record(z.string(), z.enum(['pass', 'problem'])),
    qualifications: z.array(z.strictObject({ openId, status: text(50) })),
    onTime: z.boolean(),
  };
}

export const ACTION_DETAIL_SCHEMAS = {
  /** The case.filed entry starts the chain (written by filing today). */
  'case.filed': z.strictObject({
    caseNumber: text(100),
    officers: z.array(z.strictObject({ openId, certificateNumber: text(100) })).check(z.minLength(1)),
    formId: text(200),
  }),
  /** A notice Feishu refused to deliver for good (the actor is `system`); the filer is told. */
  'notice.failed': z.strictObject({
    notice: text(50),
    recipient: openId,
    name: text(100),
    code: z.optional(z.int()),
  }),
  /** A photo, video, audio clip or document stored in S3 and hashed. The actor is the sender. */
  'evidence.attached': z.strictObject({
    ...storedObject,
    fileName: text(255),
    mediaKind: z.enum(MEDIA_KINDS),
    mimeType: z.optional(text(255)),
  }),
  /** The same bytes sent again to the case: nothing stored, the earlier item named. */
  'evidence.duplicate_received': z.strictObject({
    sha256,
    matchedEvidenceId: text(100),
    messageId: text(200),
    fileName: text(255),
  }),
  /** The activity chosen on the receipt card changed: before and after. */
  'evidence.activity_changed': z.strictObject({ evidenceId: text(100), changes }),
  /** Someone opened an evidence item (a time-limited link was issued). */
  'evidence.viewed': z.strictObject({ evidenceId: text(100), sha256, linkExpiresAt: instant }),
  /** A written record (`记录 <text>`): the text itself is in the entry and stored as an object. */
  'note.recorded': z.strictObject({ ...storedObject, text: text(MAX_NOTE_CHARS) }),
  /** Someone looked at the dossier and its self-check. */
  'dossier.viewed': z.strictObject({ score: count, grade: text(20), vetoFailures: count, missing: count }),
  /** The case was sealed: the manifest's hashes and the log head it covers; status before/after. */
  'case.archived': z.strictObject({
    manifestKey: text(1024),
    manifestSha256: sha256,
    htmlKey: text(1024),
    htmlSha256: sha256,
    coversSeq: z.int().check(z.minimum(1)),
    coversHash: sha256,
    score: count,
    changes,
  }),
  /** A 校验 ran: what it checked and what it found. */
  'case.verified': z.strictObject({
    intact: z.boolean(),
    checkedEntries: count,
    checkedObjects: count,
    problems: z.array(z.strictObject({ kind: text(50), seq: z.optional(z.int()), key: z.optional(text(1024)) })).check(z.maxLength(100)),
  }),
  // Legal review (法制审核, domain/review/): each step in the transaction of the review state's change.
  /** A proposed decision submitted for review (round 1, or after 不同意 / 不批准). */
  'review.requested': z.strictObject(reviewRequestDetail()),
  /** A proposal amended after 退回补充. */
  'review.resubmitted': z.strictObject(reviewRequestDetail()),
  'review.approved': z.strictObject(reviewOutcomeDetail()),
  'review.rejected': z.strictObject(reviewOutcomeDetail()),
  'review.returned': z.strictObject(reviewOutcomeDetail()),
  /** Someone without the right tapped a review or decision button: nothing changed. */
  'review.unauthorised_attempt': z.strictObject({
    attempted: text(100),
    why: text(50),
    round: z.nullable(z.int()),
    name: text(100),
  }),
  /** The 集体讨论 record of a 重大 case (行政处罚法第五十七条第二款). */
  'discussion.recorded': z.strictObject({
    round: z.int().check(z.minimum(1)),
    date: localDate,
    participants: z.array(text(100)).check(z.minLength(1)),
    conclusion: text(5000),
  }),
  /** 批准: the decision and its date (the case META's `decision` is written in the same transaction). */
  'decision.approved': z.strictObject({
    round: z.nullable(z.int()),
    decisionDate: localDate,
    decisionType: text(50),
    amount: z.nullable(yuan),
    proposalHash: sha256,
    reviewed: z.boolean(),
    major: z.boolean(),
  }),
  /** 不批准, with the reason. */
  'decision.refused': z.strictObject({ round: z.nullable(z.int()), reason: text(5000), proposalHash: sha256 }),
  /** The decision was served (送达): when the party received it, how, and the evidence that proves it. */
  'decision.served': z.strictObject({
    decision_id: text(40),
    served_on: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
    method: text(20),
    proof: z.array(text(200)).check(z.minLength(1), z.maxLength(20)),
  }),
  /** The party paid (part of) the decided fine (缴款): the amount in yuan and the day it was paid. */
  'fine.paid': z.strictObject({ decisionId: text(40), amount: yuan, paidOn: localDate }),
  /** The head recorded that the decision was changed, revoked, confirmed unlawful or void (撤销决定). */
  'decision.withdrawal_ordered': z.strictObject({
    decision_id: text(40),
    kind: z.enum(['变更', '撤销', '确认违法', '确认无效']),
    reason: text(500),
  }),
  /** The publisher put the decision's page on the public site (the actor is `system`). */
  'disclosure.published': z.strictObject({ decision_id: text(40), path: text(200), published_on: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)), due_date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)), late: z.boolean() }),
  /** The page was replaced by the withdrawal notice. */
  'disclosure.withdrawn': z.strictObject({ decision_id: text(40), path: text(200), withdrawn_on: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)), due_date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)), late: z.boolean() }),
  /** Someone asked for the decision to be published now (立即公开), without waiting for service. */
  'disclosure.publish_requested': z.strictObject({ decision_id: text(40) }),
  /** The page (or notice) was taken down after its publication period. */
  'disclosure.taken_down': z.strictObject({ decision_id: text(40), path: text(200), expired_on: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)) }),
  /** An enforcement document drafted (version 1) or corrected (a new version superseding the last), stored in S3. */
  'document.drafted': documentDetailSchema,
  'document.corrected': documentDetailSchema,
  /** Someone opened a stored document version (a time-limited link was issued). */
  'document.viewed': z.strictObject({ documentId: text(100), version: z.int().check(z.minimum(1)), sha256, linkExpiresAt: instant }),
} as const;

export type RecordAction = keyof typeof ACTION_DETAIL_SCHEMAS;
export const RECORD_ACTION_NAMES = Object.keys(ACTION_DETAIL_SCHEMAS) as RecordAction[];

export type ActionDetail<A extends RecordAction> = z.infer<(typeof ACTION_DETAIL_SCHEMAS)[A]>;

export const RECORD_ACTION_LABELS: Record<RecordAction, string> = {
  'case.filed': '立案',
  'notice.failed': '通知未送达',
  'evidence.attached': '提交证据',
  'evidence.duplicate_received': '重复提交证据（未保存）',
  'evidence.activity_changed': '更改证据所属活动',
  'evidence.viewed': '查看证据',
  'note.recorded': '文字记录',
  'dossier.viewed': '查看案卷',
  'case.archived': '归档',
  'case.verified': '校验',
  'review.requested': '申请法制审核',
  'review.resubmitted': '重新提交法制审核',
  'review.approved': '法制审核（同意）',
  'review.rejected': '法制审核（不同意）',
  'review.returned': '法制审核（退回补充）',
  'review.unauthorised_attempt': '无权限的审核操作',
  'discussion.recorded': '录入集体讨论记录',
  'decision.approved': '负责人批准',
  'decision.refused': '负责人不批准',
  'decision.served': '送达',
  'fine.paid': '缴纳罚款',
  'decision.withdrawal_ordered': '决定被变更撤销或确认违法无效',
  'disclosure.published': '决定信息公开',
  'disclosure.withdrawn': '决定信息撤回',
  'disclosure.taken_down': '公开期满下线',
  'disclosure.publish_requested': '要求立即公开',
  'document.drafted': '制作文书',
  'document.corrected': '更正文书',
  'document.viewed': '查看文书',
};

/**
 * Actions that only record an access: still written after archiving, because who looked at a sealed
 * case matters as much as who changed an open one. Everything else changes the case.
 */
export const ACCESS_ACTIONS: readonly RecordAction[] = ['evidence.viewed', 'dossier.viewed', 'case.verified', 'document.viewed'];

export function isRecordAction(value: unknown): value is RecordAction {
  return typeof value === 'string' && Object.hasOwn(ACTION_DETAIL_SCHEMAS, value);
}

export function actionLabel(action: string): string {
  return isRecordAction(action) ? RECORD_ACTION_LABELS[action] : action;
}

/** An archived case is read-only: only access entries may follow `case.archived`. */
export function canAppendAction(archived: boolean, action: RecordAction): Result<RecordAction> {
  if (archived && !ACCESS_ACTIONS.includes(action)) {
    return { ok: false, errors: ['本案已归档，只能查看，不能再添加或修改内容'] };
  }
  return { ok: true, value: action };
}

/** Checks a detail against its action's shape; messages are for logs (a programming error, not a user's). */
export function checkDetail(action: RecordAction, detail: unknown): Result<Record<string, JsonValue>> {
  const parsed = ACTION_DETAIL_SCHEMAS[action].safeParse(detail);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) =>
        i.code === 'unrecognized_keys'
          ? `${action} detail${i.path.map((k) => `.${String(k)}`).join('')}: unexpected key(s) ${i.keys.join(', ')}`
          : `${action} detail.${i.path.map(String).join('.')}: ${i.message}`,
      ),
    };
  }
  return { ok: true, value: detail as Record<string, JsonValue> };
}
