/**
 * Service of a decision (送达): the card's vocabulary and the parsing of what the officer submitted.
 *
 * The party's periods run from the day it received the decision (行政处罚法第六十七条第三款,
 * 行政复议法第二十条, 行政诉讼法第四十六条), so the date is the one on the proof of service, not the
 * day it is recorded. Pure: `today`, the decision date and the case's evidence ids are arguments.
 */
import * as z from 'zod/mini';
import { type LocalDate, isLocalDate, parseFlexibleDate, shanghaiDate } from '../deadlines/local-date.ts';

/** 行政处罚法第六十一条 refers to 民事诉讼法 for how a decision is served; these are its ways. */
export const SERVICE_METHODS = ['直接送达', '留置送达', '邮寄送达', '电子送达', '公告送达', '委托送达'] as const;
export type ServiceMethod = (typeof SERVICE_METHODS)[number];

export interface ServiceMethodOption {
  value: ServiceMethod;
  label: string;
  /** What the officer must keep in mind for this method (shown under the select). */
  hint: string;
}

const METHOD_HINTS: Record<ServiceMethod, string> = {
  直接送达: '送达回证由当事人签名或盖章，送达日期为签收之日',
  留置送达: '当事人拒收时留置并记明情况；宜全程音像记录（国办发〔2018〕118号）',
  邮寄送达: '送达日期为回执上注明的收件日期',
  电子送达: '须当事人同意并签订确认书（行政处罚法第六十一条第二款）；送达日期为到达当事人特定系统之日',
  公告送达: '其他方式无法送达时适用；送达日期填视为送达之日（公告之日起经过三十日）；宜全程音像记录',
  委托送达: '委托其他机关代为送达，送达日期以受送达人在送达回证上的签收日期为准',
};

/** Most evidence a service record may cite: enough for every receipt, short enough for one card. */
export const MAX_PROOF_ITEMS = 20;

/**
 * The service form's vocabulary, in one place: the card reads names, labels and options from here,
 * and the parser reads the same names, so the two cannot drift.
 */
export const SERVICE_FORM = {
  formName: 'service_form',
  submit: { name: 'confirm_service', label: '确认送达' },
  fields: {
    served_on: {
      label: '送达日期',
      component: 'date_picker',
      required: true,
      placeholder: '当事人收到决定书之日',
    },
    method: {
      label: '送达方式',
      component: 'select_static',
      required: true,
      placeholder: '请选择送达方式',
      options: SERVICE_METHODS.map((m): ServiceMethodOption => ({ value: m, label: m, hint: METHOD_HINTS[m] })),
    },
    proof: {
      label: '送达凭证',
      component: 'multi_select_static',
      required: true,
      placeholder: '从本案证据中选择送达回证、邮寄回执、公告等',
    },
  },
} as const;

export type ServiceFieldName = keyof typeof SERVICE_FORM.fields;

export interface ServiceRecord {
  servedOn: LocalDate;
  method: ServiceMethod;
  /** Evidence ids of the case, in the order chosen, without repeats. */
  proofEvidenceIds: string[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export interface ServiceFormContext {
  /** 作出决定之日: service cannot come before it. */
  decisionDate: LocalDate;
  /** Today in Asia/Shanghai: service cannot be in the future. */
  today: LocalDate;
  /** Every evidence id the case holds; the proof must be chosen among them. */
  caseEvidenceIds: readonly string[];
}

const EVIDENCE_ID = /^[\w.:#-]{1,200}$/;

const rawFormSchema = z.object({
  served_on: z.optional(z.unknown()),
  method: z.optional(z.unknown()),
  proof: z.optional(z.unknown()),
});

/**
 * Reads a date as a Feishu date picker may send it: `2026-09-28`, `2026-09-28 +0800`, a millisecond
 * timestamp (number or digits), or as a person types it (`2026年9月28日`). Null when unreadable.
 */
export function readPickerDate(value: unknown): LocalDate | null {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value > 0 ? shanghaiDate(new Date(value)) : null;
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d{12,13}$/.test(text)) return shanghaiDate(new Date(Number(text)));
  const withZone = /^(\d{4}-\d{2}-\d{2})\s+[+-]\d{4}$/.exec(text);
  if (withZone) return isLocalDate(withZone[1]) ? (withZone[1] as LocalDate) : null;
  return parseFlexibleDate(text);
}

function label(field: ServiceFieldName): string {
  return SERVICE_FORM.fields[field].label;
}

/**
 * Parses the service form. Every problem names its field in Chinese and says what to do; nothing is
 * recorded unless all of them pass.
 */
export function parseServiceForm(formValue: unknown, ctx: ServiceFormContext): Result<ServiceRecord> {
  if (formValue == null || typeof formValue !== 'object' || Array.isArray(formValue)) {
    return { ok: false, errors: ['表单：内容无法识别，请重新发送「送达 案件编号」填写'] };
  }
  const raw = rawFormSchema.parse(formValue);
  const errors: string[] = [];

  let servedOn: LocalDate | null = null;
  if (raw.served_on === undefined || raw.served_on === null || raw.served_on === '') {
    errors.push(`${label('served_on')}：请选择当事人收到决定书的日期`);
  } else {
    servedOn = readPickerDate(raw.served_on);
    if (servedOn === null) {
      errors.push(`${label('served_on')}：日期无法识别，请按 2026-09-28 的格式选择`);
    } else if (servedOn < ctx.decisionDate) {
      errors.push(`${label('served_on')}：不能早于决定日期 ${ctx.decisionDate}`);
    } else if (servedOn > ctx.today) {
      errors.push(`${label('served_on')}：不能晚于今天（${ctx.today}），请在送达后再登记`);
    }
  }

  const method = SERVICE_METHODS.find((m) => m === raw.method);
  if (method === undefined) errors.push(`${label('method')}：请选择：${SERVICE_METHODS.join('、')}`);

  const chosen = (Array.isArray(raw.proof) ? raw.proof : raw.proof === undefined || raw.proof === null ? [] : [raw.proof])
    .map((v) => (typeof v === 'string' ? v.trim() : v))
    .filter((v) => v !== '');
  const proof = [...new Set(chosen)];
  if (proof.length === 0) {
    errors.push(`${label('proof')}：请从本案证据中至少选择一项（如送达回证、邮寄回执、公告）`);
  } else if (proof.length > MAX_PROOF_ITEMS) {
    errors.push(`${label('proof')}：最多选择 ${MAX_PROOF_ITEMS} 项`);
  } else {
    const own = new Set(ctx.caseEvidenceIds);
    const foreign = proof.filter((p) => typeof p !== 'string' || !EVIDENCE_ID.test(p) || !own.has(p));
    if (foreign.length > 0) {
      errors.push(`${label('proof')}：有 ${foreign.length} 项不是本案的证据，请从本案证据中重新选择`);
    }
  }

  if (errors.length > 0 || servedOn === null || method === undefined) return { ok: false, errors };
  return { ok: true, value: { servedOn, method, proofEvidenceIds: proof as string[] } };
}

/** The record-log action and detail for a service (the app layer adds the action to the record log). */
export const SERVICE_RECORD_ACTION = 'decision.served' as const;

export function serviceRecordDetail(decisionId: string, record: ServiceRecord): Record<string, unknown> {
  return {
    decision_id: decisionId,
    served_on: record.servedOn,
    method: record.method,
    proof: [...record.proofEvidenceIds],
  };
}
