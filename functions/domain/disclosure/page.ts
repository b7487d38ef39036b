/**
 * The public page model of a decision (国办发〔2018〕118号 事后公开: the enforcing body, the target, the
 * category, the conclusion; with the legal basis and the date), built only from redacted text, and
 * the withdrawn notice that replaces it (行政处罚法第四十八条第二款: withdraw and state the reason).
 */
import * as z from 'zod/mini';
import { CASE_ID_PATTERN } from '../case/case-number.ts';
import { CASE_TYPES, type CaseType, PARTY_TYPES } from '../case/types.ts';
import { type LocalDate, isLocalDate } from '../deadlines/local-date.ts';
import type { RedactionRules } from './config.ts';
import { LEAK_LABELS, type NaturalPerson, type RedactionSubjects, findLeaks, maskPersonName, redactText } from './redact.ts';
import { type Result, WITHDRAWAL_KINDS, WITHDRAWAL_KIND_PHRASES, type WithdrawalKind } from './withdrawal.ts';

const date = z.string().check(z.refine(isLocalDate, '日期须为有效的 YYYY-MM-DD'));
const naturalPersonSchema = z.object({
  name: z.string(),
  idNumber: z.optional(z.string()),
  phones: z.optional(z.array(z.string())),
  addresses: z.optional(z.array(z.string())),
});

export const CONFIDENTIAL_FIELDS = ['facts', 'conclusion', 'legalBasis'] as const;
export type ConfidentialField = (typeof CONFIDENTIAL_FIELDS)[number];

/** What the app layer hands over for one decision (from the case, the decision and its parties). */
export const disclosureInputSchema = z.object({
  caseId: z.string().check(z.regex(CASE_ID_PATTERN)),
  decisionId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/)),
  caseNumber: z.string().check(z.minLength(1)),
  /** 决定书文号, when the decision has one. */
  decisionNumber: z.optional(z.string()),
  decisionDate: date,
  category: z.enum(CASE_TYPES),
  party: z.object({
    type: z.enum(PARTY_TYPES),
    name: z.string().check(z.minLength(1)),
    /** 身份证号 of a person (never published) or 统一社会信用代码 of an organisation (published). */
    idNumber: z.string(),
    phones: z.optional(z.array(z.string())),
    addresses: z.optional(z.array(z.string())),
  }),
  /** Other natural persons named in the texts (legal representative, witnesses …). */
  otherPersons: z.optional(z.array(naturalPersonSchema)),
  /** 主要事实, optional on the page. */
  facts: z.optional(z.string()),
  /** 执法结论 (e.g. 罚款人民币五千元). */
  conclusion: z.string(),
  legalBasis: z.string(),
  /** The whole decision is not to be published (state secret etc.). */
  confidential: z.optional(z.boolean()),
  confidentialFields: z.optional(z.array(z.enum(CONFIDENTIAL_FIELDS))),
  confidentialPassages: z.optional(z.array(z.string())),
});
export type DisclosureInput = z.infer<typeof disclosureInputSchema>;

export interface SiteConfig {
  /** 执法机关: the bureau's full name. */
  bureau: string;
  /** The site's title, e.g. `行政执法决定公开`. */
  title: string;
  /** Absolute base URL of the site (`https://…/`), for the feed; relative links when absent. */
  baseUrl?: string;
}

export type PublicTarget = { type: 'person'; name: string } | { type: 'organization'; name: string; creditCode?: string };

export interface PublicDecision {
  status: 'published';
  /** `2026-000007-1`: the page's file name; no personal data. */
  id: string;
  caseNumber: string;
  decisionNumber?: string;
  title: string;
  body: string;
  target: PublicTarget;
  category: CaseType;
  facts?: string;
  conclusion: string;
  legalBasis: string;
  decisionDate: LocalDate;
  publishedOn: LocalDate;
  /** The last day the page stays up. */
  expiresOn: LocalDate;
}

export interface WithdrawnNotice {
  status: 'withdrawn';
  id: string;
  caseNumber: string;
  decisionNumber?: string;
  title: string;
  body: string;
  category: CaseType;
  decisionDate: LocalDate;
  publishedOn: LocalDate;
  withdrawnOn: LocalDate;
  kind: WithdrawalKind;
  /** The public note: what happened to the decision. */
  note: string;
  /** The reason, redacted. */
  reason: string;
  expiresOn: LocalDate;
}

export type PublicEntry = PublicDecision | WithdrawnNotice;

export function pageId(input: Pick<DisclosureInput, 'caseId' | 'decisionId'>): string {
  return `${input.caseId}-${input.decisionId}`;
}

/** Who must not be identifiable, and what must stay, for one decision. */
export function subjectsOf(input: DisclosureInput): RedactionSubjects {
  const persons: NaturalPerson[] = [...(input.otherPersons ?? [])];
  const keep: string[] = [];
  if (input.party.type === 'person') {
    persons.unshift({
      name: input.party.name,
      idNumber: input.party.idNumber,
      phones: input.party.phones ?? [],
      addresses: input.party.addresses ?? [],
    });
  } else {
    keep.push(input.party.name);
    if (input.party.idNumber.trim() !== '') keep.push(input.party.idNumber.trim().toUpperCase());
  }
  return {
    persons,
    keep,
    confidentialPassages: input.confidentialPassages ?? [],
    partyIsPerson: input.party.type === 'person',
  };
}

function decisionTitle(input: Pick<DisclosureInput, 'category' | 'decisionNumber' | 'caseNumber'>): string {
  return `${input.category}决定（${input.decisionNumber ?? input.caseNumber}）`;
}

function leakErrors(texts: string[], subjects: RedactionSubjects): string[] {
  const leaks = findLeaks(texts.join('\n'), subjects);
  return leaks.length === 0 ? [] : [`隐私检查未通过：处理后仍含${leaks.map((k) => LEAK_LABELS[k]).join('、')}，未写入；请核对案件登记的当事人信息`];
}

/**
 * The public model of a decision: every text redacted, confidential fields left out, then checked
 * again for leaks. Errors (for the office, never containing personal data) when something required
 * is missing or a leak remains.
 */
export function buildPublicDecision(
  input: DisclosureInput,
  ctx: { site: SiteConfig; rules: RedactionRules; publishedOn: LocalDate; expiresOn: LocalDate },
): Result<PublicDecision> {
  if (input.confidential === true) return { ok: false, errors: ['该决定标记为依法不予公开，不能公开'] };
  const subjects = subjectsOf(input);
  const hidden = new Set(input.confidentialFields ?? []);
  const field = (name: ConfidentialField, value: string | undefined) =>
    hidden.has(name) || value === undefined ? '' : redactText(value.trim(), subjects, ctx.rules).trim();
  const conclusion = field('conclusion', input.conclusion);
  const legalBasis = field('legalBasis', input.legalBasis);
  const facts = field('facts', input.facts);
  const errors: string[] = [];
  if (conclusion === '') errors.push('执法结论为空或标记为不公开：118号要求公开执法结论，请补充可公开的结论');
  if (legalBasis === '') errors.push('法律依据为空或标记为不公开：请补充可公开的法律依据');
  const target: PublicTarget =
    input.party.type === 'person'
      ? { type: 'person', name: maskPersonName(input.party.name, ctx.rules) }
      : {
          type: 'organization',
          name: input.party.name.trim(),
          ...(input.party.idNumber.trim() !== '' ? { creditCode: input.party.idNumber.trim().toUpperCase() } : {}),
        };
  const page: PublicDecision = {
    status: 'published',
    id: pageId(input),
    caseNumber: input.caseNumber,
    title: decisionTitle(input),
    body: ctx.site.bureau,
    target,
    category: input.category,
    conclusion,
    legalBasis,
    decisionDate: input.decisionDate,
    publishedOn: ctx.publishedOn,
    expiresOn: ctx.expiresOn,
  };
  if (input.decisionNumber !== undefined && input.decisionNumber.trim() !== '') page.decisionNumber = input.decisionNumber.trim();
  if (facts !== '') page.facts = facts;
  errors.push(...leakErrors([JSON.stringify(page)], subjects));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: page };
}

/** `本机关于2026年9月28日作出的行政处罚决定（甘经信罚〔2026〕3号）已被依法撤销，原公开的决定信息予以撤回。` */
export function withdrawalNote(category: CaseType, decisionDate: LocalDate, number: string, kind: WithdrawalKind): string {
  const [y, m, d] = decisionDate.split('-').map(Number);
  return `本机关于${y}年${m}月${d}日作出的${category}决定（${number}）${WITHDRAWAL_KIND_PHRASES[kind]}，原公开的决定信息予以撤回。`;
}

/** The notice that replaces a withdrawn page: what happened and why — no target, no content of the decision. */
export function buildWithdrawnNotice(
  input: DisclosureInput,
  withdrawal: { kind: WithdrawalKind; reason: string },
  ctx: { site: SiteConfig; rules: RedactionRules; publishedOn: LocalDate; withdrawnOn: LocalDate; expiresOn: LocalDate },
): Result<WithdrawnNotice> {
  if (!WITHDRAWAL_KINDS.includes(withdrawal.kind)) return { ok: false, errors: ['撤回原因类别无法识别'] };
  const subjects = subjectsOf(input);
  const reason = redactText(withdrawal.reason.trim(), subjects, ctx.rules).trim();
  if (reason === '') return { ok: false, errors: ['撤回理由为空：须公开说明理由（行政处罚法第四十八条第二款）'] };
  const number = input.decisionNumber?.trim() || input.caseNumber;
  const notice: WithdrawnNotice = {
    status: 'withdrawn',
    id: pageId(input),
    caseNumber: input.caseNumber,
    title: `${decisionTitle(input)}已撤回`,
    body: ctx.site.bureau,
    category: input.category,
    decisionDate: input.decisionDate,
    publishedOn: ctx.publishedOn,
    withdrawnOn: ctx.withdrawnOn,
    kind: withdrawal.kind,
    note: withdrawalNote(input.category, input.decisionDate, number, withdrawal.kind),
    reason,
    expiresOn: ctx.expiresOn,
  };
  if (input.decisionNumber !== undefined && input.decisionNumber.trim() !== '') notice.decisionNumber = input.decisionNumber.trim();
  const errors = leakErrors([JSON.stringify(notice)], subjects);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: notice };
}
