/**
 * The dossier (案卷) self-check, 案卷评查: the standard order of a dossier's documents, the veto items
 * (否决项) and the scored items, as data (data/dossier-checklist.json), applied to what a case holds.
 * The facts are filled by the layers that know them: filing and evidence now, legal review,
 * documents and service later (each field says who). Absent facts are "not known", never "failed".
 */
import * as z from 'zod/mini';
import { CASE_TYPES, type Case, PARTY_TYPES, type PartyType, PROCEDURES } from '../case/types.ts';
import { shanghaiDate } from '../deadlines/local-date.ts';
import { type Result } from '../record/canonical.ts';
import { type AvDuty, type AvReport, DossierDataError, avDutyReport, citeSource, sourceSchema } from './av-duties.ts';
import { ACTIVITIES, type Activity, MEDIA_KINDS, type MediaKind, SERVICE_METHODS } from './vocabulary.ts';

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** Where a case is; a document due at a later stage is "pending", not missing. */
export const DOSSIER_STAGES = ['filed', 'investigated', 'decided', 'served', 'closed'] as const;
export type DossierStage = (typeof DOSSIER_STAGES)[number];
export const DOSSIER_STAGE_LABELS: Record<DossierStage, string> = {
  filed: '已立案',
  investigated: '调查终结',
  decided: '已作出决定',
  served: '已送达',
  closed: '已结案',
};

/** The documents of a dossier, in the checklist's standard order (data/dossier-checklist.json). */
export const DOCUMENT_KINDS = [
  'case_source',
  'filing_approval',
  'inspection_record',
  'inquiry_record',
  'evidence_materials',
  'sampling_record',
  'preservation_documents',
  'investigation_report',
  'legal_review_opinion',
  'collective_discussion',
  'prior_notice',
  'statement_record',
  'hearing_documents',
  'decision_approval',
  'penalty_decision',
  'on_spot_decision',
  'no_penalty_decision',
  'transfer_letter',
  'other_decision',
  'service_proof',
  'execution_record',
  'publication_record',
  'closing_report',
  'remarks_sheet',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** 行政处罚法 Art. 57: penalty, no penalty, transfer to judicial organs; `other` for non-penalty cases (检查结论 etc.). */
export const DECISION_KINDS = ['penalty', 'no_penalty', 'transfer', 'other'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** Penalty types (行政处罚法 Art. 9, grouped). The simple procedure allows only warnings and small fines (Art. 51). */
export const PENALTY_TYPES = ['warning', 'fine', 'confiscation', 'suspension', 'revocation', 'other'] as const;

/** The legal review's conclusions (118号 审核内容), filled by the legal review: true confirmed, false found wanting. */
export const ASSESSMENT_KEYS = [
  'enforcingBodyLawful',
  'withinPower',
  'officersQualified',
  'procedureLawful',
  'factsClear',
  'evidenceSufficient',
  'characterisationCorrect',
  'lawApplicationCorrect',
  'transferHandled',
] as const;
export type AssessmentKey = (typeof ASSESSMENT_KEYS)[number];
export const ASSESSMENT_LABELS: Record<AssessmentKey, string> = {
  enforcingBodyLawful: '执法主体合法',
  withinPower: '未超越法定职权',
  officersQualified: '执法人员具备执法资格',
  procedureLawful: '程序合法',
  factsClear: '事实清楚',
  evidenceSufficient: '证据确实充分',
  characterisationCorrect: '定性准确',
  lawApplicationCorrect: '适用法律正确、裁量适当',
  transferHandled: '涉嫌犯罪的已依法移送',
};
/** What a `false` conclusion means, as the veto reason. */
export const ASSESSMENT_FAILED_LABELS: Record<AssessmentKey, string> = {
  enforcingBodyLawful: '执法主体不合法',
  withinPower: '超越法定职权',
  officersQualified: '执法人员不具备执法资格',
  procedureLawful: '程序违法',
  factsClear: '事实不清',
  evidenceSufficient: '证据不足',
  characterisationCorrect: '定性不准确',
  lawApplicationCorrect: '适用法律错误或裁量不当',
  transferHandled: '涉嫌犯罪未依法移送',
};

/** Facts derived for `when.flags`. */
export const FLAGS = ['reviewRequired', 'collectiveDiscussionRequired', 'statementMade', 'hearingRequested', 'publicationRequired'] as const;
export type Flag = (typeof FLAGS)[number];

/** Mechanical checks implemented below; the data names which veto item or rule uses which. */
export const CHECK_IDS = [
  'officers_at_least_two',
  'officers_certified',
  'evidence_for_decision',
  'notice_before_decision',
  'review_before_decision',
  'hearing_before_decision',
  'collective_discussion_before_decision',
  'simple_procedure_limits',
  'transfer_done',
  'record_intact',
  'filing_fields_complete',
  'decision_within_time_limit',
  'av_required_met',
  'records_signed',
  'documents_complete',
  'standard_templates',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

// ---------------------------------------------------------------------------------------------
// The facts (input)

const localDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  z.refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), '不是有效日期'),
);
const instant = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/));

export const dossierFactsSchema = z.object({
  /** From the case (filing). */
  caseType: z.enum(CASE_TYPES),
  procedure: z.enum(PROCEDURES),
  partyType: z.enum(PARTY_TYPES),
  filingDate: localDate,
  stage: z.enum(DOSSIER_STAGES),
  filing: z.object({
    partyName: z.string(),
    partyId: z.string(),
    summary: z.string(),
    source: z.string(),
    legalBasis: z.string(),
  }),
  officers: z.array(
    z.object({
      openId: z.string(),
      name: z.string(),
      /** The certificate's last valid day; absent = not known. */
      certificateValidUntil: z.optional(localDate),
    }),
  ),
  /** From the evidence items (functions/domain/dossier/evidence.ts). Notes count as records, not as evidence materials. */
  evidence: z.array(z.object({ activity: z.enum(ACTIVITIES), mediaKind: z.enum(MEDIA_KINDS), receivedAt: instant, sender: z.string() })),
  /** Activities known from other records (e.g. a 查封扣押 decision) even without evidence. */
  performed: z.optional(z.array(z.enum(ACTIVITIES))),
  /** The dossier's documents (the generated enforcement documents); several of one kind are fine. */
  documents: z.array(
    z.object({
      kind: z.enum(DOCUMENT_KINDS),
      date: z.optional(localDate),
      /** false: a field left empty; absent: not checked. */
      complete: z.optional(z.boolean()),
      /** For 笔录: false when a required signature is missing. */
      signed: z.optional(z.boolean()),
      /** false when not made from the standard template. */
      template: z.optional(z.boolean()),
    }),
  ),
  /** The legal review (functions/domain/review/). Absent: not known. */
  review: z.optional(
    z.object({
      required: z.boolean(),
      rounds: z.array(z.object({ outcome: z.enum(['approved', 'rejected', 'returned']), date: localDate })),
    }),
  ),
  /** Art. 57 para 2: the heads' collective discussion. */
  collectiveDiscussion: z.optional(z.object({ required: z.boolean(), date: z.optional(localDate) })),
  /** Art. 44: the prior notice; `waived` when the party expressly gave up statement and defence (Art. 62). */
  notice: z.optional(z.object({ servedDate: z.optional(localDate), waived: z.optional(z.boolean()) })),
  /** Art. 45: the party stated or defended. */
  statement: z.optional(z.object({ made: z.boolean() })),
  /** Art. 63–65: `waived` when the party did not come (no-show is a waiver). */
  hearing: z.optional(z.object({ requested: z.boolean(), heldDate: z.optional(localDate), waived: z.optional(z.boolean()) })),
  /** Art. 57: the decision. Fines in yuan as a decimal string ("200", "1500.50"). */
  decision: z.optional(
    z.object({
      kind: z.enum(DECISION_KINDS),
      date: localDate,
      penalties: z.optional(z.array(z.enum(PENALTY_TYPES))),
      fineYuan: z.optional(z.string().check(z.regex(/^\d{1,12}(\.\d{1,2})?$/))),
    }),
  ),
  /** The 办案期限 due date from the deadline engine (with any approved extension). */
  caseTimeLimitDue: z.optional(localDate),
  /** The service record (functions/domain/service/). */
  service: z.optional(z.array(z.object({ method: z.enum(SERVICE_METHODS), date: localDate, proof: z.boolean() }))),
  /** Publication (functions/domain/disclosure/). */
  publication: z.optional(z.object({ required: z.boolean(), publishedDate: z.optional(localDate) })),
  /** Art. 57(4): transfer to judicial organs. */
  transfer: z.optional(z.object({ required: z.boolean(), done: z.boolean() })),
  /** The legal review's conclusions. */
  assessments: z.optional(z.partialRecord(z.enum(ASSESSMENT_KEYS), z.boolean())),
  /** The latest 校验 of the record log and evidence: true intact, false not, absent not run. */
  recordIntact: z.optional(z.boolean()),
});
export type DossierFacts = z.infer<typeof dossierFactsSchema>;

/** Validates facts assembled by other layers; errors name the field (they are programming errors: log them). */
export function parseDossierFacts(data: unknown): Result<DossierFacts> {
  const parsed = dossierFactsSchema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => `facts.${i.path.map(String).join('.')}: ${i.message}`) };
}

/**
 * The facts this issue can fill from a case and its evidence items: type, procedure, party, filing
 * fields, officers (certificates as assigned at filing), evidence. Later issues add documents,
 * review, decision, service, … to the result. `stage` defaults from the case status.
 */
export function baseDossierFacts(
  c: Pick<Case, 'caseType' | 'procedure' | 'party' | 'filingDate' | 'status' | 'summary' | 'source' | 'legalBasis' | 'officers'>,
  evidence: readonly { activity: Activity; mediaKind: MediaKind; receivedAt: string; sender: string }[],
  stage: DossierStage = c.status === 'closed' ? 'closed' : 'filed',
): DossierFacts {
  return {
    caseType: c.caseType,
    procedure: c.procedure,
    partyType: c.party.type,
    filingDate: c.filingDate,
    stage,
    filing: { partyName: c.party.name, partyId: c.party.idNumber, summary: c.summary, source: c.source, legalBasis: c.legalBasis },
    officers: c.officers.map((o) => ({ openId: o.openId, name: o.name, certificateValidUntil: o.certificateValidUntil })),
    evidence: evidence.map((e) => ({ activity: e.activity, mediaKind: e.mediaKind, receivedAt: e.receivedAt, sender: e.sender })),
    documents: [],
  };
}

// ---------------------------------------------------------------------------------------------
// The checklist (data)

const GROUPS = ['content', 'form'] as const;
type Group = (typeof GROUPS)[number];

const whenSchema = z.object({
  caseTypes: z.optional(z.array(z.enum(CASE_TYPES))),
  procedures: z.optional(z.array(z.enum(PROCEDURES))),
  decisions: z.optional(z.array(z.enum(DECISION_KINDS))),
  activities: z.optional(z.array(z.enum(ACTIVITIES))),
  flags: z.optional(z.array(z.enum(FLAGS))),
});
export type When = z.infer<typeof whenSchema>;

const confidence = z.enum(['C', 'H', 'M', 'L']);
const points = z.int().check(z.minimum(0), z.maximum(100));

const checklistSchema = z.object({
  $comment: z.optional(z.string()),
  groups: z.object({ content: points, form: points }),
  vetoScore: points,
  unknownVetoBlocksArchive: z.boolean(),
  grades: z.array(z.object({ min: points, grade: z.string().check(z.minLength(1)) })).check(z.minLength(1)),
  gradesSource: z.optional(sourceSchema),
  vetoItems: z.array(
    z.object({
      id: z.string().check(z.regex(/^[a-z][a-z0-9_]*$/)),
      name: z.string().check(z.minLength(1)),
      checks: z.array(z.enum(CHECK_IDS)),
      assessments: z.array(z.enum(ASSESSMENT_KEYS)),
      /** true: passes only when the legal review confirmed it (checks alone cannot show facts are clear). */
      needsAssessment: z.boolean(),
      source: sourceSchema,
      confidence,
    }),
  ),
  documents: z.array(
    z.object({
      kind: z.enum(DOCUMENT_KINDS),
      name: z.string().check(z.minLength(1)),
      group: z.enum(GROUPS),
      deduct: points,
      when: whenSchema,
      dueBy: z.enum(DOSSIER_STAGES),
      satisfiedBy: z.optional(z.enum(['evidence', 'service_proof'])),
      source: sourceSchema,
      confidence,
    }),
  ),
  rules: z.array(
    z.object({
      id: z.string().check(z.regex(/^[a-z][a-z0-9_]*$/)),
      name: z.string().check(z.minLength(1)),
      check: z.enum(CHECK_IDS),
      group: z.enum(GROUPS),
      deduct: points,
      source: sourceSchema,
      confidence,
    }),
  ),
});
export type DossierChecklist = z.infer<typeof checklistSchema>;
export type ChecklistDocument = DossierChecklist['documents'][number];
export type VetoItem = DossierChecklist['vetoItems'][number];
export type ScoredRule = DossierChecklist['rules'][number];

/**
 * Validates data/dossier-checklist.json (or a bureau's own): unique ids and kinds, every document kind
 * exactly once, groups summing to 100, grades from high to low ending at 0. Throws DossierDataError.
 */
export function buildDossierChecklist(data: unknown): DossierChecklist {
  const parsed = checklistSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.')}：${i.message}`).join('；');
    throw new DossierDataError(`案卷评查清单格式错误：${problems}`);
  }
  const c = parsed.data;
  if (c.groups.content + c.groups.form !== 100) throw new DossierDataError('案卷评查清单：content 与 form 的分值之和应为 100');
  const unique = (what: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) throw new DossierDataError(`案卷评查清单：${what}重复：${id}`);
      seen.add(id);
    }
  };
  unique('否决项 id ', c.vetoItems.map((v) => v.id));
  unique('扣分项 id ', c.rules.map((r) => r.id));
  unique('文书种类', c.documents.map((d) => d.kind));
  const missing = DOCUMENT_KINDS.filter((k) => !c.documents.some((d) => d.kind === k));
  if (missing.length > 0) throw new DossierDataError(`案卷评查清单缺少文书种类：${missing.join('、')}`);
  for (const v of c.vetoItems) {
    if (v.checks.length === 0 && v.assessments.length === 0) throw new DossierDataError(`否决项 ${v.id} 既无检查也无审核结论`);
    if (v.needsAssessment && v.assessments.length === 0) throw new DossierDataError(`否决项 ${v.id} 需要审核确认，但没有列出审核结论`);
    if (!v.needsAssessment && v.checks.length === 0) throw new DossierDataError(`否决项 ${v.id} 不需要审核确认，但没有机械检查`);
  }
  for (let i = 1; i < c.grades.length; i++) {
    if ((c.grades[i] as { min: number }).min >= (c.grades[i - 1] as { min: number }).min) {
      throw new DossierDataError('案卷评查清单：等次应按分数线从高到低排列');
    }
  }
  if (c.grades.at(-1)?.min !== 0) throw new DossierDataError('案卷评查清单：最低一档的分数线应为 0');
  return c;
}

// ---------------------------------------------------------------------------------------------
// Mechanical checks

export type CheckStatus = 'pass' | 'fail' | 'unknown' | 'not_applicable';
export interface CheckResult {
  status: CheckStatus;
  /** Chinese: why it failed, or what is not known yet. */
  reasons: string[];
}

const pass: CheckResult = { status: 'pass', reasons: [] };
const na: CheckResult = { status: 'not_applicable', reasons: [] };
const fail = (...reasons: string[]): CheckResult => ({ status: 'fail', reasons });
const unknown = (...reasons: string[]): CheckResult => ({ status: 'unknown', reasons });

const RECORD_KINDS: readonly DocumentKind[] = ['inspection_record', 'inquiry_record', 'hearing_documents', 'statement_record'];
const ENFORCEMENT_ACTIVITIES: readonly Activity[] = ACTIVITIES.filter((a) => a !== '其他');

/** Art. 51: on-the-spot fines only up to 200 yuan for a citizen and 3,000 yuan for an organisation. */
export const SIMPLE_PROCEDURE_FINE_LIMIT_YUAN: Record<PartyType, number> = { person: 200, organization: 3000 };

function fenOf(yuan: string): number {
  const [whole, frac = ''] = yuan.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

interface Context {
  facts: DossierFacts;
  av: AvReport;
  documentLabel: (kind: DocumentKind) => string;
}

const CHECKS: Record<CheckId, (ctx: Context) => CheckResult> = {
  officers_at_least_two: ({ facts }) =>
    new Set(facts.officers.map((o) => o.openId)).size >= 2 ? pass : fail(`承办人员只有 ${facts.officers.length} 人，执法人员不得少于两人`),

  officers_certified: ({ facts }) => {
    const reasons: string[] = [];
    let notKnown = false;
    for (const o of facts.officers) {
      if (o.certificateValidUntil === undefined) {
        notKnown = true;
        continue;
      }
      if (o.certificateValidUntil < facts.filingDate) {
        reasons.push(`${o.name} 的执法证已于 ${o.certificateValidUntil} 到期，立案日为 ${facts.filingDate}`);
        continue;
      }
      // An activity recorded by an officer whose certificate had lapsed that day.
      const late = facts.evidence
        .filter((e) => e.sender === o.openId && ENFORCEMENT_ACTIVITIES.includes(e.activity))
        .map((e) => ({ day: shanghaiDate(e.receivedAt), activity: e.activity }))
        .filter((e) => e.day > (o.certificateValidUntil as string))
        .sort((a, b) => (a.day < b.day ? -1 : 1))[0];
      if (late) reasons.push(`${o.name} 的执法证已于 ${o.certificateValidUntil} 到期，但 ${late.day} 仍记录了${late.activity}`);
    }
    if (reasons.length > 0) return fail(...reasons);
    return notKnown ? unknown('部分承办人员的执法证有效期不明') : pass;
  },

  evidence_for_decision: ({ facts }) => {
    if (facts.decision?.kind !== 'penalty') return na;
    const materials = facts.evidence.some((e) => e.mediaKind !== 'note') || facts.documents.some((d) => d.kind === 'evidence_materials');
    return materials ? pass : fail('作出了处罚决定，但案卷中没有任何证据材料（照片、音像、书证等）');
  },

  notice_before_decision: ({ facts }) => {
    const d = facts.decision;
    if (d?.kind !== 'penalty') return na;
    if (facts.notice === undefined) return unknown('尚无事先告知的记录');
    if (facts.notice.waived) return pass;
    if (facts.notice.servedDate === undefined) return fail('作出处罚决定前没有告知当事人拟处罚内容及陈述、申辩、听证权利（第四十四条、第六十二条）');
    if (facts.notice.servedDate > d.date) return fail(`事先告知（${facts.notice.servedDate}）晚于处罚决定（${d.date}）`);
    return pass;
  },

  review_before_decision: ({ facts }) => {
    const d = facts.decision;
    if (!d || d.kind === 'transfer') return na;
    if (facts.review === undefined) return unknown('尚无法制审核的记录');
    if (!facts.review.required) return na;
    const before = facts.review.rounds.filter((r) => r.date <= d.date).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const last = before.at(-1);
    if (!last) return fail(`应当法制审核的案件，${d.date} 作出决定前没有经过法制审核（第五十八条）`);
    if (last.outcome !== 'approved') return fail(`作出决定前最近一轮法制审核（${last.date}）未通过（第五十八条）`);
    return pass;
  },

  hearing_before_decision: ({ facts }) => {
    const d = facts.decision;
    if (!d || !facts.hearing?.requested || facts.hearing.waived) return na;
    if (facts.hearing.heldDate === undefined) return fail('当事人要求听证，但没有组织听证就作出了决定（第六十三条、第六十四条）');
    if (facts.hearing.heldDate > d.date) return fail(`听证（${facts.hearing.heldDate}）晚于决定（${d.date}）：应当根据听证笔录作出决定（第六十五条）`);
    return pass;
  },

  collective_discussion_before_decision: ({ facts }) => {
    const d = facts.decision;
    if (!d || !facts.collectiveDiscussion?.required) return na;
    const held = facts.collectiveDiscussion.date;
    if (held === undefined) return fail('应当由负责人集体讨论决定的案件，没有集体讨论记录（第五十七条）');
    if (held > d.date) return fail(`集体讨论（${held}）晚于决定（${d.date}）`);
    return pass;
  },

  simple_procedure_limits: ({ facts }) => {
    const d = facts.decision;
    if (facts.procedure !== 'simple' || d?.kind !== 'penalty') return na;
    const reasons: string[] = [];
    const other = (d.penalties ?? []).filter((p) => p !== 'warning' && p !== 'fine');
    if (other.length > 0) reasons.push('简易程序只能给予警告或者罚款（第五十一条）');
    const limit = SIMPLE_PROCEDURE_FINE_LIMIT_YUAN[facts.partyType];
    if (d.fineYuan !== undefined && fenOf(d.fineYuan) > limit * 100) {
      reasons.push(`简易程序罚款 ${d.fineYuan} 元超过${facts.partyType === 'person' ? '对公民' : '对法人或者其他组织'} ${limit} 元的上限（第五十一条）`);
    }
    if (reasons.length > 0) return fail(...reasons);
    return d.penalties === undefined && d.fineYuan === undefined ? unknown('简易程序决定的处罚种类和金额不明') : pass;
  },

  transfer_done: ({ facts }) => {
    if (!facts.transfer?.required) return na;
    return facts.transfer.done ? pass : fail('违法行为涉嫌犯罪，应当移送司法机关而未移送（第五十七条）');
  },

  record_intact: ({ facts }) => {
    if (facts.recordIntact === undefined) return unknown('尚未校验全过程记录（发送「校验 案件编号」）');
    return facts.recordIntact ? pass : fail('全过程记录校验不通过：记录或证据在系统之外被改动过');
  },

  filing_fields_complete: ({ facts }) => {
    const labels: Record<keyof DossierFacts['filing'], string> = {
      partyName: '当事人名称',
      partyId: '证件号码',
      summary: '案情摘要',
      source: '案件来源',
      legalBasis: '立案依据',
    };
    const empty = (Object.keys(labels) as (keyof typeof labels)[]).filter((k) => facts.filing[k].trim() === '').map((k) => labels[k]);
    return empty.length > 0 ? fail(`立案信息缺少：${empty.join('、')}`) : pass;
  },

  decision_within_time_limit: ({ facts }) => {
    const d = facts.decision;
    if (!d) return na;
    if (facts.caseTimeLimitDue === undefined) return unknown('办案期限不明');
    return d.date <= facts.caseTimeLimitDue ? pass : fail(`决定日期 ${d.date} 超过办案期限 ${facts.caseTimeLimitDue}（第六十条）`);
  },

  av_required_met: ({ av }) => {
    const missing = av.warnings.filter((w) => w.severity === 'required');
    if (missing.length > 0) return fail(...missing.map((w) => `${w.activity}缺少全程音像记录`));
    return av.activities.some((a) => a.level === 'required') ? pass : na;
  },

  records_signed: ({ facts, documentLabel }) => {
    const records = facts.documents.filter((d) => RECORD_KINDS.includes(d.kind));
    if (records.length === 0) return na;
    const unsigned = records.filter((d) => d.signed === false);
    if (unsigned.length > 0) return fail(...unsigned.map((d) => `${documentLabel(d.kind)}${d.date ? `（${d.date}）` : ''}签名不全`));
    return records.some((d) => d.signed === undefined) ? unknown('部分笔录的签名情况未核对') : pass;
  },

  documents_complete: ({ facts, documentLabel }) => {
    if (facts.documents.length === 0) return na;
    const bad = facts.documents.filter((d) => d.complete === false);
    if (bad.length > 0) return fail(...bad.map((d) => `${documentLabel(d.kind)}${d.date ? `（${d.date}）` : ''}填写不完整`));
    return facts.documents.some((d) => d.complete === undefined) ? unknown('部分文书的填写情况未核对') : pass;
  },

  standard_templates: ({ facts, documentLabel }) => {
    if (facts.documents.length === 0) return na;
    const bad = facts.documents.filter((d) => d.template === false);
    if (bad.length > 0) return fail(...bad.map((d) => `${documentLabel(d.kind)}${d.date ? `（${d.date}）` : ''}未使用规范文书格式`));
    return facts.documents.some((d) => d.template === undefined) ? unknown('部分文书的格式未核对') : pass;
  },
};

/** Runs one mechanical check (exported for the legal review, which shows the same findings). */
export function runCheck(id: CheckId, facts: DossierFacts, checklist: DossierChecklist, duties: readonly AvDuty[]): CheckResult {
  return CHECKS[id](context(facts, checklist, duties));
}

function context(facts: DossierFacts, checklist: DossierChecklist, duties: readonly AvDuty[]): Context {
  const names = new Map(checklist.documents.map((d) => [d.kind, d.name]));
  return {
    facts,
    av: avDutyReport({ evidence: facts.evidence, ...(facts.performed ? { performed: facts.performed } : {}), ...(facts.service ? { serviceMethods: facts.service.map((s) => s.method) } : {}) }, duties),
    documentLabel: (kind) => names.get(kind) ?? kind,
  };
}

// ---------------------------------------------------------------------------------------------
// The review

export function flagsOf(facts: DossierFacts): Set<Flag> {
  const flags = new Set<Flag>();
  if (facts.review?.required) flags.add('reviewRequired');
  if (facts.collectiveDiscussion?.required) flags.add('collectiveDiscussionRequired');
  if (facts.statement?.made) flags.add('statementMade');
  if (facts.hearing?.requested) flags.add('hearingRequested');
  if (facts.publication?.required) flags.add('publicationRequired');
  return flags;
}

function activitiesOf(facts: DossierFacts): Set<Activity> {
  return new Set<Activity>([...facts.evidence.map((e) => e.activity), ...(facts.performed ?? [])]);
}

/** Whether a `when` holds: every key given must match (a list matches when any of its values does). */
export function applies(when: When, facts: DossierFacts): boolean {
  const flags = flagsOf(facts);
  const activities = activitiesOf(facts);
  if (when.caseTypes && !when.caseTypes.includes(facts.caseType)) return false;
  if (when.procedures && !when.procedures.includes(facts.procedure)) return false;
  if (when.decisions && !(facts.decision && when.decisions.includes(facts.decision.kind))) return false;
  if (when.activities && !when.activities.some((a) => activities.has(a))) return false;
  if (when.flags && !when.flags.some((f) => flags.has(f))) return false;
  return true;
}

export type DocumentStatus = 'present' | 'missing' | 'pending';
export interface DocumentResult {
  kind: DocumentKind;
  name: string;
  /** 1-based place in the dossier's standard order, counting only the documents this case needs. */
  position: number;
  status: DocumentStatus;
  /** How many of this kind the dossier holds (evidence items for `evidence_materials`). */
  count: number;
  dueBy: DossierStage;
  deduct: number;
  group: Group;
  source: string;
}

export type VetoStatus = 'pass' | 'fail' | 'unknown';
export interface VetoResult {
  id: string;
  name: string;
  status: VetoStatus;
  /** Chinese: each failing check's reason, each assessment found wanting, or what is not known yet. */
  reasons: string[];
  source: string;
}

export interface RuleResult {
  id: string;
  name: string;
  status: CheckStatus;
  reasons: string[];
  deduct: number;
  group: Group;
  source: string;
}

export interface Deduction {
  /** A document kind or a rule id. */
  item: string;
  name: string;
  group: Group;
  points: number;
  reason: string;
}

export interface DossierReview {
  /** 0–100; a veto failure gives the checklist's vetoScore. */
  score: number;
  grade: string;
  canArchive: boolean;
  vetoFailures: VetoResult[];
  /** Veto items nobody has confirmed yet (no legal review conclusion, no 校验 run). */
  vetoUnknown: VetoResult[];
  veto: VetoResult[];
  /** Applicable documents, in the standard order. */
  documents: DocumentResult[];
  missing: DocumentResult[];
  pending: DocumentResult[];
  rules: RuleResult[];
  deductions: Deduction[];
  av: AvReport;
  /** Facts that do not fit together (e.g. a decided stage without a decision). */
  notes: string[];
}

const stageIndex = (s: DossierStage) => DOSSIER_STAGES.indexOf(s);

/**
 * The self-check (评查) of a case's dossier: each applicable document present, missing or not yet due,
 * in the standard order; each veto item passed, failed or not yet confirmed; each scored rule; the
 * score (groups capped, a veto failure gives vetoScore), the grade, and `canArchive` — no veto item
 * failed (and, if the checklist says so, none left unconfirmed).
 */
export function reviewDossier(facts: DossierFacts, checklist: DossierChecklist, duties: readonly AvDuty[]): DossierReview {
  const ctx = context(facts, checklist, duties);
  const notes: string[] = [];
  if (stageIndex(facts.stage) >= stageIndex('decided') && !facts.decision) {
    notes.push(`案件处于“${DOSSIER_STAGE_LABELS[facts.stage]}”阶段，但没有决定信息，与决定有关的文书和检查无法判断`);
  }
  if (facts.decision && stageIndex(facts.stage) < stageIndex('decided')) {
    notes.push(`已有决定信息（${facts.decision.date}），但案件阶段仍为“${DOSSIER_STAGE_LABELS[facts.stage]}”`);
  }

  // Documents in the standard order.
  const documents: DocumentResult[] = [];
  for (const d of checklist.documents) {
    if (!applies(d.when, facts)) continue;
    let count = facts.documents.filter((x) => x.kind === d.kind).length;
    if (d.satisfiedBy === 'evidence') count += facts.evidence.filter((e) => e.mediaKind !== 'note').length;
    if (d.satisfiedBy === 'service_proof') count += (facts.service ?? []).filter((s) => s.proof).length;
    const due = stageIndex(facts.stage) >= stageIndex(d.dueBy);
    const status: DocumentStatus = count > 0 ? 'present' : due ? 'missing' : 'pending';
    documents.push({
      kind: d.kind,
      name: d.name,
      position: documents.length + 1,
      status,
      count,
      dueBy: d.dueBy,
      deduct: d.deduct,
      group: d.group,
      source: citeSource(d.source),
    });
  }

  // Veto items: a failing check or an assessment found wanting fails the item.
  const veto: VetoResult[] = checklist.vetoItems.map((v) => {
    const results = v.checks.map((id) => CHECKS[id](ctx));
    const failed = results.filter((r) => r.status === 'fail').flatMap((r) => r.reasons);
    const wanting = v.assessments.filter((k) => facts.assessments?.[k] === false).map((k) => `法制审核认定${ASSESSMENT_FAILED_LABELS[k]}`);
    const source = citeSource(v.source);
    if (failed.length + wanting.length > 0) return { id: v.id, name: v.name, status: 'fail', reasons: [...failed, ...wanting], source };
    const openChecks = results.filter((r) => r.status === 'unknown').flatMap((r) => r.reasons);
    const confirmed = v.assessments.length > 0 && v.assessments.every((k) => facts.assessments?.[k] === true);
    const checked = results.some((r) => r.status === 'pass');
    // A judgment (facts clear, law right) passes only when the review confirmed it; a mechanical
    // item passes when its checks pass (or the review confirmed it).
    if (openChecks.length === 0 && (confirmed || (!v.needsAssessment && checked))) {
      return { id: v.id, name: v.name, status: 'pass', reasons: [], source };
    }
    const unassessed = v.assessments.filter((k) => facts.assessments?.[k] === undefined);
    const reasons = [...openChecks, ...(unassessed.length > 0 ? [`尚无法制审核对“${unassessed.map((k) => ASSESSMENT_LABELS[k]).join('、')}”的确认`] : [])];
    return { id: v.id, name: v.name, status: 'unknown', reasons, source };
  });

  // Scored rules.
  const rules: RuleResult[] = checklist.rules.map((r) => {
    const result = CHECKS[r.check](ctx);
    return { id: r.id, name: r.name, status: result.status, reasons: result.reasons, deduct: r.deduct, group: r.group, source: citeSource(r.source) };
  });

  const deductions: Deduction[] = [
    ...documents
      .filter((d) => d.status === 'missing')
      .map((d) => ({ item: d.kind, name: d.name, group: d.group, points: d.deduct, reason: `缺少${d.name}` })),
    ...rules
      .filter((r) => r.status === 'fail')
      .map((r) => ({ item: r.id, name: r.name, group: r.group, points: r.deduct, reason: r.reasons.join('；') })),
  ];
  const vetoFailures = veto.filter((v) => v.status === 'fail');
  const vetoUnknown = veto.filter((v) => v.status === 'unknown');
  const groupScore = (g: Group) => Math.max(0, checklist.groups[g] - deductions.filter((d) => d.group === g).reduce((n, d) => n + d.points, 0));
  const score = vetoFailures.length > 0 ? checklist.vetoScore : groupScore('content') + groupScore('form');
  const grade = vetoFailures.length > 0 ? (checklist.grades.at(-1)?.grade as string) : (checklist.grades.find((g) => score >= g.min)?.grade as string);
  const canArchive = vetoFailures.length === 0 && (!checklist.unknownVetoBlocksArchive || vetoUnknown.length === 0);

  return {
    score,
    grade,
    canArchive,
    vetoFailures,
    vetoUnknown,
    veto,
    documents,
    missing: documents.filter((d) => d.status === 'missing'),
    pending: documents.filter((d) => d.status === 'pending'),
    rules,
    deductions,
    av: ctx.av,
    notes,
  };
}

/** The refusal for `归档` when the review does not allow it; null when it does. */
export function archiveRefusal(review: DossierReview): string[] | null {
  if (review.canArchive) return null;
  const lines = review.vetoFailures.map((v) => `否决项“${v.name}”不合格：${v.reasons.join('；')}`);
  if (lines.length === 0) lines.push(...review.vetoUnknown.map((v) => `否决项“${v.name}”尚未确认：${v.reasons.join('；')}`));
  return ['不能归档：', ...lines, '请纠正后再发送「归档 案件编号」。'];
}

/** The self-check as text for chat (the dossier card shows the same in sections). */
export function describeDossierReview(review: DossierReview): string {
  const lines = [`评查得分 ${review.score} 分（${review.grade}）${review.canArchive ? '，可以归档' : '，不能归档'}`];
  for (const v of review.vetoFailures) lines.push(`✗ 否决项“${v.name}”：${v.reasons.join('；')}`);
  for (const d of review.deductions) lines.push(`－${d.points} 分 ${d.reason}`);
  for (const v of review.vetoUnknown) lines.push(`？ 待确认“${v.name}”：${v.reasons.join('；')}`);
  for (const d of review.pending) lines.push(`… ${d.name}（${DOSSIER_STAGE_LABELS[d.dueBy]}前应具备）`);
  for (const w of review.av.warnings) lines.push(`⚠ ${w.message}`);
  for (const n of review.notes) lines.push(`注：${n}`);
  return lines.join('\n');
}
