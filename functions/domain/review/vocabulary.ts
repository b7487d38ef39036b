/**
 * The words of legal review (法制审核), one table each: the proposed-decision form, the review
 * checklist, the outcomes, the collective-discussion form and the head's decision. The domain schemas
 * read these tables; the cards are meant to read the same tables, so labels, limits and options
 * cannot drift between what is shown and what is accepted.
 */

/** Decision types, and whether each carries an amount (yuan). */
export const DECISION_TYPES = [
  '罚款',
  '没收违法所得',
  '警告',
  '通报批评',
  '责令停产停业',
  '暂扣许可证',
  '吊销许可证',
  '不予处罚',
  '其他',
] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];

export type AmountRule = 'required' | 'forbidden' | 'optional';

/**
 * 罚款 and 没收违法所得 are sums of money. 其他 may be one (e.g. 没收非法财物 with a value) or not
 * (e.g. 降低资质等级), so its amount is optional. The rest never carry an amount.
 */
export const DECISION_TYPE_AMOUNT: Record<DecisionType, AmountRule> = {
  罚款: 'required',
  没收违法所得: 'required',
  警告: 'forbidden',
  通报批评: 'forbidden',
  责令停产停业: 'forbidden',
  暂扣许可证: 'forbidden',
  吊销许可证: 'forbidden',
  不予处罚: 'forbidden',
  其他: 'optional',
};

export const DISCRETIONS = ['从轻', '一般', '从重', '减轻', '不予'] as const;
export type Discretion = (typeof DISCRETIONS)[number];

export const DISCRETION_HINTS: Record<Discretion, string> = {
  从轻: '在裁量基准幅度内从轻（行政处罚法第三十二条）',
  一般: '按裁量基准的一般情形',
  从重: '在裁量基准幅度内从重',
  减轻: '低于法定幅度下限（行政处罚法第三十二条）',
  不予: '不予行政处罚（行政处罚法第三十三条等）',
};

export const HEARING_OPTIONS = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' },
] as const;
export type HearingValue = (typeof HEARING_OPTIONS)[number]['value'];

/** Largest amount accepted (yuan): far above any fine a bureau imposes, still exact in fen as a double. */
export const MAX_AMOUNT_YUAN = 10_000_000_000;
/** Most evidence items one proposal may rely on (keeps the card under Feishu's 30 KB). */
export const MAX_EVIDENCE_ITEMS = 100;

export interface TextFieldSpec {
  kind: 'text';
  label: string;
  required: boolean;
  maxLength: number;
  placeholder: string;
}
export interface SelectFieldSpec<V extends string = string> {
  kind: 'select';
  label: string;
  required: true;
  options: readonly { value: V; label: string }[];
}
export interface AmountFieldSpec {
  kind: 'amount';
  label: string;
  /** Required or forbidden by decision type (DECISION_TYPE_AMOUNT). */
  required: false;
  max: number;
  placeholder: string;
}
export interface MultiSelectFieldSpec {
  kind: 'multi_select';
  label: string;
  required: false;
  maxItems: number;
  /** The options are the case's evidence, supplied at render time. */
  options: 'case_evidence';
  placeholder: string;
}
export type FieldSpec = TextFieldSpec | SelectFieldSpec | AmountFieldSpec | MultiSelectFieldSpec;

const options = <V extends string>(values: readonly V[]) => values.map((value) => ({ value, label: value }));

/** The proposed-decision form (申请法制审核), in display order. Field names are the card's `name`s. */
export const PROPOSAL_FIELDS = {
  decision_type: {
    kind: 'select',
    label: '拟作出的决定',
    required: true,
    options: options(DECISION_TYPES),
  } satisfies SelectFieldSpec<DecisionType>,
  amount: {
    kind: 'amount',
    label: '金额（元）',
    required: false,
    max: MAX_AMOUNT_YUAN,
    placeholder: '罚款、没收违法所得的金额，如 5000 或 5000.50；其他决定留空',
  } satisfies AmountFieldSpec,
  facts: {
    kind: 'text',
    label: '认定的事实',
    required: true,
    maxLength: 2000,
    placeholder: '经调查认定的违法事实',
  } satisfies TextFieldSpec,
  evidence: {
    kind: 'multi_select',
    label: '所依据的证据',
    required: false,
    maxItems: MAX_EVIDENCE_ITEMS,
    options: 'case_evidence',
    placeholder: '从本案证据中选择',
  } satisfies MultiSelectFieldSpec,
  legal_provisions: {
    kind: 'text',
    label: '法律依据',
    required: true,
    maxLength: 1000,
    placeholder: '违法条款与处罚条款，如《节约能源法》第六十八条',
  } satisfies TextFieldSpec,
  discretion: {
    kind: 'select',
    label: '裁量情形',
    required: true,
    options: options(DISCRETIONS),
  } satisfies SelectFieldSpec<Discretion>,
  hearing_held: {
    kind: 'select',
    label: '是否经过听证',
    required: true,
    options: HEARING_OPTIONS,
  } satisfies SelectFieldSpec<HearingValue>,
  defence: {
    kind: 'text',
    label: '当事人陈述申辩及采纳情况',
    required: true,
    maxLength: 2000,
    placeholder: '当事人陈述、申辩的内容及是否采纳、理由；当事人放弃的，写明“当事人放弃陈述申辩”',
  } satisfies TextFieldSpec,
} as const;
export type ProposalFieldName = keyof typeof PROPOSAL_FIELDS;
export const PROPOSAL_FIELD_NAMES = Object.keys(PROPOSAL_FIELDS) as ProposalFieldName[];

/**
 * The review checklist: the ten points of the bureau's plan (实施方案 三、3 明确审核内容), which
 * follow 国办发〔2018〕118号. `planText` is the plan's own wording for the point.
 */
export const CHECKLIST_ITEMS = {
  subject: { label: '主体合法', planText: '执法主体是否合法' },
  qualification: { label: '执法人员具备资格', planText: '行政执法人员是否具备执法资格' },
  facts: { label: '事实清楚', planText: '主要事实是否清楚' },
  evidence: { label: '证据合法充分', planText: '证据是否确凿充分' },
  law: { label: '适用法律正确', planText: '使用法律法规规章是否准确' },
  discretion: { label: '裁量适当', planText: '执行裁量基准是否适当' },
  procedure: { label: '程序合法', planText: '程序是否合法' },
  authority: { label: '未超越职权', planText: '是否有超越本机关职权范围或滥用职权情形' },
  documents: { label: '文书完备规范', planText: '行政执法文书是否规范齐备' },
  crime_transfer: { label: '是否涉嫌犯罪需移送', planText: '违法行为是否涉嫌犯罪需要移送司法机关' },
} as const;
export type ChecklistKey = keyof typeof CHECKLIST_ITEMS;
export const CHECKLIST_KEYS = Object.keys(CHECKLIST_ITEMS) as ChecklistKey[];

export const CHECK_RESULTS = [
  { value: 'pass', label: '通过' },
  { value: 'problem', label: '有问题' },
] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number]['value'];

/** Card field names of the review form. */
export const checkField = (key: ChecklistKey) => `check_${key}` as const;
export const noteField = (key: ChecklistKey) => `note_${key}` as const;
export const OPINION_FIELD = 'opinion';
export const NOTE_MAX_LENGTH = 500;
export const OPINION_MAX_LENGTH = 2000;
export const OPINION_LABEL = '审核意见';

/** The reviewer's three buttons. */
export const REVIEW_OUTCOMES = ['approved', 'rejected', 'returned'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export const REVIEW_OUTCOME_LABELS: Record<ReviewOutcome, string> = {
  approved: '同意',
  rejected: '不同意',
  returned: '退回补充',
};

/** `同意` → `approved`; undefined for anything else. */
export function reviewOutcomeFromLabel(label: string): ReviewOutcome | undefined {
  const t = label.trim();
  return REVIEW_OUTCOMES.find((o) => REVIEW_OUTCOME_LABELS[o] === t);
}

/** The collective-discussion form (集体讨论, 行政处罚法第五十七条第二款). */
export const DISCUSSION_FIELDS = {
  discussion_date: { label: '讨论日期', placeholder: '如 2026-07-10' },
  participants: { label: '参加人员', placeholder: '姓名，用顿号或逗号分隔' },
  conclusion: { label: '讨论结论', placeholder: '集体讨论的决定意见' },
} as const;
export type DiscussionFieldName = keyof typeof DISCUSSION_FIELDS;
export const PARTICIPANT_NAME_MAX_LENGTH = 50;
export const MAX_PARTICIPANTS = 50;
export const CONCLUSION_MAX_LENGTH = 2000;

/** The head's two buttons and the reason input. */
export const HEAD_VERDICTS = ['approved', 'refused'] as const;
export type HeadVerdict = (typeof HEAD_VERDICTS)[number];
export const HEAD_VERDICT_LABELS: Record<HeadVerdict, string> = {
  approved: '批准',
  refused: '不批准',
};
export const REASON_FIELD = 'reason';
export const REASON_LABEL = '不批准理由';
export const REASON_MAX_LENGTH = 1000;

/** `批准` → `approved`; undefined for anything else. */
export function headVerdictFromLabel(label: string): HeadVerdict | undefined {
  const t = label.trim();
  return HEAD_VERDICTS.find((v) => HEAD_VERDICT_LABELS[v] === t);
}
