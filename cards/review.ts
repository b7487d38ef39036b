/**
 * Legal review cards (法制审核): the proposed-decision form, the reviewer's card with the checklist,
 * the officers' result card, and the head's decision card (集体讨论 first for a 重大 case). Field names
 * and button texts are the issue's card interface; labels, limits and options come from the review
 * vocabulary (functions/domain/review/vocabulary.ts), the same tables the server checks with.
 */
import {
  CHECK_RESULTS,
  CHECKLIST_ITEMS,
  CHECKLIST_KEYS,
  checkField,
  DISCUSSION_FIELDS,
  HEAD_VERDICT_LABELS,
  NOTE_MAX_LENGTH,
  noteField,
  OPINION_FIELD,
  OPINION_LABEL,
  PROPOSAL_FIELD_NAMES,
  PROPOSAL_FIELDS,
  type ProposalFieldName,
  REASON_FIELD,
  REASON_LABEL,
  REVIEW_OUTCOME_LABELS,
  REVIEW_OUTCOMES,
} from '../functions/domain/review/vocabulary.ts';
import {
  type Card,
  type CardElement,
  type InputElement,
  callbackButton,
  card,
  cardHeader,
  column,
  columnSet,
  escapeMd,
  escapeMdMultiline,
  hr,
  markdown,
  plainText,
  red,
  submitButton,
  truncate,
} from './common.ts';

/** Feishu's input takes at most 1,000 characters; longer fields are cut to that on the card. */
const INPUT_MAX = 1000;

/** Display limits (characters, before escaping): the card stays far below 30 KB. */
export const REVIEW_CARD_LIMITS = {
  partyName: 60,
  facts: 400,
  legalProvisions: 200,
  defence: 300,
  /** Rows with 查看 (five components each; a card holds at most 200). */
  evidence: 10,
  evidenceLabel: 40,
  changes: 8,
  changeText: 80,
  opinion: 300,
  note: 100,
  errors: 10,
  error: 150,
  name: 20,
  participants: 200,
  conclusion: 300,
  reason: 300,
} as const;

export const REVIEW_BUTTONS = {
  request: '申请法制审核',
  submit: '提交审核',
  resubmit: '重新提交',
  discuss: '录入集体讨论记录',
  approve: HEAD_VERDICT_LABELS.approved,
  refuse: HEAD_VERDICT_LABELS.refused,
  view: '查看',
} as const;

export interface EvidenceOptionView {
  evidenceId: string;
  /** `现场照片.jpg（图片，2026-03-02 10:00）` */
  label: string;
}

export interface ProposalView {
  decisionType: string;
  /** `5,000 元`, or null. */
  amount: string | null;
  facts: string;
  evidence: EvidenceOptionView[];
  legalProvisions: string;
  discretion: string;
  hearingHeld: boolean;
  defence: string;
}

export interface CaseHeadingView {
  caseId: string;
  caseNumber: string;
  partyName: string;
  procedureLabel: string;
}

export interface ProposalFormView extends CaseHeadingView {
  /** The case's evidence, newest first, for the `evidence` multi-select. */
  evidenceOptions: EvidenceOptionView[];
  /** Set by 重新提交: the returned round the new one follows. */
  fromRound?: number;
  /** What the reviewer found, shown above the form on 重新提交. */
  returnedWith?: { reviewerName: string; opinion: string | null; problems: { label: string; note: string }[] };
  initial?: Partial<Record<ProposalFieldName, string | string[]>>;
  errors?: string[];
}

export interface ReviewOutcomeView {
  outcomeLabel: string;
  reviewerName: string;
  at: string;
  opinion: string | null;
  problems: { label: string; note: string }[];
}

export interface ReviewRoundView extends CaseHeadingView {
  round: number;
  /** `申请` / `重新提交` */
  submission: string;
  requestedByName: string;
  requestedAt: string;
  major: boolean;
  reasons: string[];
  proposal: ProposalView;
  changes: { label: string; before: string; after: string }[];
  /** `张三：执法证 GS-0001 有效至 2027-12-31`, filled in by the bot. */
  qualifications: string[];
  /** `审核时限：2026-10-12（星期一）前，还剩 3 个工作日` */
  timeLimit: string;
  outcome: ReviewOutcomeView | null;
  /** Set when a later round superseded this one. */
  supersededBy?: number;
}

export interface ReviewCardView extends ReviewRoundView {
  errors?: string[];
  initial?: Record<string, string>;
}

export interface DecisionCardView extends ReviewRoundView {
  /** The 集体讨论 record, once recorded. */
  discussion: { date: string; participants: string[]; conclusion: string; recordedByName: string } | null;
  /** 重大 and no 集体讨论 yet: the card asks for it before 批准. */
  needsDiscussion: boolean;
  /** The head's verdict once made. */
  verdict: { label: string; byName: string; at: string; date: string; reason: string | null } | null;
  errors?: string[];
}

// ---------------------------------------------------------------------------------------------

function heading(v: CaseHeadingView): string {
  return `**案件**：${escapeMd(v.caseNumber)}　**当事人**：${escapeMd(truncate(v.partyName, REVIEW_CARD_LIMITS.partyName))}　**程序**：${escapeMd(v.procedureLabel)}`;
}

function errorBlock(errors: string[] | undefined): CardElement[] {
  if (!errors || errors.length === 0) return [];
  const lines = errors.slice(0, REVIEW_CARD_LIMITS.errors).map((e) => red(`- ${escapeMd(truncate(e, REVIEW_CARD_LIMITS.error))}`));
  return [markdown(`${red('**请修改后重新提交：**')}\n${lines.join('\n')}`)];
}

function proposalLines(p: ProposalView): string {
  const F = PROPOSAL_FIELDS;
  const lines = [
    `**${F.decision_type.label}**：${escapeMd(p.decisionType)}${p.amount ? `　**金额**：${escapeMd(p.amount)}` : ''}`,
    `**${F.discretion.label}**：${escapeMd(p.discretion)}　**${F.hearing_held.label}**：${p.hearingHeld ? '是' : '否'}`,
    `**${F.facts.label}**：${escapeMdMultiline(truncate(p.facts, REVIEW_CARD_LIMITS.facts))}`,
    `**${F.legal_provisions.label}**：${escapeMd(truncate(p.legalProvisions, REVIEW_CARD_LIMITS.legalProvisions))}`,
    `**${F.defence.label}**：${escapeMdMultiline(truncate(p.defence, REVIEW_CARD_LIMITS.defence))}`,
  ];
  return lines.join('\n');
}

/** The evidence relied on, each with `查看` (a link by direct message, recorded). */
function evidenceElements(caseId: string, evidence: EvidenceOptionView[]): CardElement[] {
  if (evidence.length === 0) return [markdown(`**${PROPOSAL_FIELDS.evidence.label}**：无`)];
  const shown = evidence.slice(0, REVIEW_CARD_LIMITS.evidence);
  const out: CardElement[] = [markdown(`**${PROPOSAL_FIELDS.evidence.label}**（${evidence.length} 项）`)];
  for (const e of shown) {
    out.push(
      columnSet(
        [
          column([markdown(escapeMd(truncate(e.label, REVIEW_CARD_LIMITS.evidenceLabel)))], { weight: 4, verticalAlign: 'center' }),
          column([callbackButton({ text: REVIEW_BUTTONS.view, size: 'small', value: { action: 'evidence.view', case_id: caseId, evidence_id: e.evidenceId } })], { weight: 1 }),
        ],
        { flexMode: 'none' },
      ),
    );
  }
  if (evidence.length > shown.length) out.push(markdown(`另有 ${evidence.length - shown.length} 项未显示，可发送「证据 案件编号」查看`));
  return out;
}

function roundHeader(v: ReviewRoundView): string {
  const lines = [
    heading(v),
    `**第 ${v.round} 轮**（${escapeMd(v.submission)}）　**提交人**：${escapeMd(truncate(v.requestedByName, REVIEW_CARD_LIMITS.name))}　**提交时间**：${escapeMd(v.requestedAt)}`,
    v.major ? red(`**重大执法决定**：${v.reasons.map((r) => escapeMd(r)).join('；')}`) : `**审核类别**：一般（${v.reasons.map((r) => escapeMd(r)).join('；')}）`,
    `**${escapeMd(v.timeLimit)}**`,
  ];
  return lines.join('\n');
}

function changeLines(v: ReviewRoundView): CardElement[] {
  if (v.changes.length === 0) return [];
  const t = (s: string) => escapeMd(truncate(s, REVIEW_CARD_LIMITS.changeText));
  const shown = v.changes.slice(0, REVIEW_CARD_LIMITS.changes).map((c) => `- ${escapeMd(c.label)}：${t(c.before)} → ${t(c.after)}`);
  return [markdown(`**与上一轮相比的修改**\n${shown.join('\n')}`)];
}

function outcomeBlock(o: ReviewOutcomeView): string {
  const lines = [`**审核结果：${escapeMd(o.outcomeLabel)}**（${escapeMd(truncate(o.reviewerName, REVIEW_CARD_LIMITS.name))}，${escapeMd(o.at)}）`];
  if (o.opinion) lines.push(`**${OPINION_LABEL}**：${escapeMdMultiline(truncate(o.opinion, REVIEW_CARD_LIMITS.opinion))}`);
  for (const p of o.problems) lines.push(`- ${escapeMd(p.label)}：${escapeMd(truncate(p.note, REVIEW_CARD_LIMITS.note))}`);
  return lines.join('\n');
}

function staleNotice(v: ReviewRoundView): CardElement[] {
  return v.supersededBy === undefined ? [] : [markdown(red(`**此卡片是第 ${v.round} 轮的，已被第 ${v.supersededBy} 轮取代，操作无效。**`))];
}

function input(name: string, label: string, placeholder: string, maxLength: number, opts: { required: boolean; multiline?: boolean; initial?: string }): InputElement {
  const el: InputElement = {
    tag: 'input',
    name,
    required: opts.required,
    max_length: Math.min(maxLength, INPUT_MAX),
    label: plainText(label),
    placeholder: plainText(truncate(placeholder, 100)),
    width: 'fill',
  };
  if (opts.multiline) {
    el.input_type = 'multiline_text';
    el.rows = 3;
  }
  if (opts.initial !== undefined && opts.initial !== '') el.default_value = Array.from(opts.initial).slice(0, el.max_length).join('');
  return el;
}

// ---------------------------------------------------------------------------------------------
// The proposed-decision form (申请法制审核 / 重新提交)

export function proposalFormCard(v: ProposalFormView): Card {
  const initial = v.initial ?? {};
  const str = (f: ProposalFieldName): string | undefined => {
    const x = initial[f];
    return typeof x === 'string' ? x : undefined;
  };
  const elements: CardElement[] = [markdown(heading(v))];
  if (v.returnedWith) {
    const r = v.returnedWith;
    elements.push(
      markdown(
        outcomeBlock({ outcomeLabel: REVIEW_OUTCOME_LABELS.returned, reviewerName: r.reviewerName, at: `第 ${v.fromRound ?? ''} 轮`, opinion: r.opinion, problems: r.problems }),
      ),
    );
  }
  elements.push(...errorBlock(v.errors));
  const fields: CardElement[] = [];
  for (const name of PROPOSAL_FIELD_NAMES) {
    const spec = PROPOSAL_FIELDS[name];
    switch (spec.kind) {
      case 'select': {
        const chosen = str(name);
        fields.push(markdown(`**${spec.label}**`), {
          tag: 'select_static',
          name,
          required: true,
          placeholder: plainText(`请选择${spec.label}`),
          options: spec.options.map((o) => ({ text: plainText(o.label), value: o.value })),
          width: 'fill',
          ...(chosen !== undefined && spec.options.some((o) => o.value === chosen) ? { initial_option: chosen } : {}),
        });
        break;
      }
      case 'amount':
        fields.push(input(name, spec.label, spec.placeholder, 20, { required: false, ...(str(name) !== undefined ? { initial: str(name) as string } : {}) }));
        break;
      case 'text':
        fields.push(
          input(name, spec.label, spec.placeholder, spec.maxLength, { required: true, multiline: spec.maxLength > 200, ...(str(name) !== undefined ? { initial: str(name) as string } : {}) }),
        );
        break;
      case 'multi_select': {
        if (v.evidenceOptions.length === 0) {
          fields.push(markdown(`**${spec.label}**：本案尚无证据（可先在会话中发送文件、照片或「记录 …」）`));
          break;
        }
        const options = v.evidenceOptions.slice(0, spec.maxItems);
        const ids = new Set(options.map((o) => o.evidenceId));
        const chosen = Array.isArray(initial.evidence) ? initial.evidence.filter((id) => ids.has(id)) : [];
        fields.push(markdown(`**${spec.label}**`), {
          tag: 'multi_select_static',
          name,
          required: false,
          placeholder: plainText(spec.placeholder),
          options: options.map((o) => ({ text: plainText(truncate(o.label, 60)), value: o.evidenceId })),
          width: 'fill',
          ...(chosen.length > 0 ? { selected_values: chosen } : {}),
        });
        break;
      }
    }
  }
  fields.push(
    submitButton(REVIEW_BUTTONS.submit, 'submit_review', {
      action: 'review.submit',
      case_id: v.caseId,
      ...(v.fromRound !== undefined ? { from_round: v.fromRound } : {}),
    }),
  );
  elements.push({ tag: 'form', name: 'proposal_form', elements: fields });
  return card({
    header: cardHeader(v.fromRound !== undefined ? '重新提交法制审核' : '申请法制审核', 'blue', v.caseNumber),
    summary: `申请法制审核 ${v.caseNumber}`,
    elements,
  });
}

// ---------------------------------------------------------------------------------------------
// The reviewer's card

export function reviewCard(v: ReviewCardView): Card {
  const elements: CardElement[] = [...staleNotice(v), markdown(roundHeader(v)), hr(), markdown(proposalLines(v.proposal)), ...evidenceElements(v.caseId, v.proposal.evidence)];
  elements.push(...changeLines(v));
  elements.push(markdown(`**执法人员资格**（系统按名册核对）\n${v.qualifications.map((q) => `- ${escapeMd(q)}`).join('\n') || '—'}`));
  if (v.outcome) {
    elements.push(hr(), markdown(outcomeBlock(v.outcome)));
  } else if (v.supersededBy === undefined) {
    elements.push(...errorBlock(v.errors));
    const initial = v.initial ?? {};
    const fields: CardElement[] = [];
    for (const key of CHECKLIST_KEYS) {
      const item = CHECKLIST_ITEMS[key];
      const chosen = initial[checkField(key)];
      // One row each: the label, pass / problem, the note (no columns: Feishu counts at most 200 components).
      fields.push(
        markdown(`**${item.label}**　${escapeMd(item.planText)}`),
        {
          tag: 'select_static',
          name: checkField(key),
          required: true,
          placeholder: plainText('通过 / 有问题'),
          options: CHECK_RESULTS.map((r) => ({ text: plainText(r.label), value: r.value })),
          width: 'fill',
          ...(chosen === 'pass' || chosen === 'problem' ? { initial_option: chosen } : {}),
        },
        input(noteField(key), `${item.label}：问题说明`, '有问题时必填', NOTE_MAX_LENGTH, { required: false, ...(initial[noteField(key)] ? { initial: initial[noteField(key)] as string } : {}) }),
      );
    }
    fields.push(input(OPINION_FIELD, OPINION_LABEL, '不同意或退回补充时必填', 1000, { required: false, multiline: true, ...(initial[OPINION_FIELD] ? { initial: initial[OPINION_FIELD] } : {}) }));
    fields.push(
      columnSet(
        REVIEW_OUTCOMES.map((o) =>
          column([
            submitButton(REVIEW_OUTCOME_LABELS[o], `review_${o}`, { action: 'review.outcome', case_id: v.caseId, round: v.round, outcome: o }, o === 'approved' ? 'primary_filled' : o === 'rejected' ? 'danger' : 'default'),
          ]),
        ),
        { flexMode: 'flow', spacing: 'small' },
      ),
    );
    elements.push({ tag: 'form', name: 'review_form', elements: fields });
  }
  const state = v.supersededBy !== undefined ? '已失效' : v.outcome ? v.outcome.outcomeLabel : '待审核';
  return card({
    header: cardHeader(`法制审核 第 ${v.round} 轮`, v.supersededBy !== undefined ? 'grey' : v.outcome ? outcomeTemplate(v.outcome.outcomeLabel) : 'orange', `${v.caseNumber} · ${state}`),
    summary: `法制审核 ${v.caseNumber} ${state}`,
    elements,
  });
}

function outcomeTemplate(label: string) {
  return label === REVIEW_OUTCOME_LABELS.approved ? ('green' as const) : label === REVIEW_OUTCOME_LABELS.rejected ? ('red' as const) : ('yellow' as const);
}

// ---------------------------------------------------------------------------------------------
// The officers' result card

export function reviewResultCard(v: ReviewRoundView & { canResubmit: boolean }): Card {
  const elements: CardElement[] = [...staleNotice(v), markdown(roundHeader(v)), hr(), markdown(proposalLines(v.proposal))];
  elements.push(...changeLines(v));
  if (v.outcome) elements.push(hr(), markdown(outcomeBlock(v.outcome)));
  else elements.push(markdown('**已提交，等待法制审核人员审核。**'));
  if (v.outcome && v.canResubmit && v.supersededBy === undefined) {
    elements.push(markdown('请按审核意见修改、补充后重新提交。'));
    elements.push(callbackButton({ text: REVIEW_BUTTONS.resubmit, type: 'primary', value: { action: 'review.resubmit', case_id: v.caseId, round: v.round } }));
  }
  const state = v.supersededBy !== undefined ? '已失效' : v.outcome ? v.outcome.outcomeLabel : '待审核';
  return card({
    header: cardHeader(`法制审核结果 第 ${v.round} 轮`, v.outcome ? outcomeTemplate(v.outcome.outcomeLabel) : 'blue', `${v.caseNumber} · ${state}`),
    summary: `法制审核 ${v.caseNumber} ${state}`,
    elements,
  });
}

// ---------------------------------------------------------------------------------------------
// The head's decision card

export function decisionCard(v: DecisionCardView): Card {
  const elements: CardElement[] = [...staleNotice(v), markdown(roundHeader(v)), hr(), markdown(proposalLines(v.proposal)), ...evidenceElements(v.caseId, v.proposal.evidence)];
  if (v.outcome) elements.push(markdown(outcomeBlock(v.outcome)));
  if (v.discussion) {
    const d = v.discussion;
    elements.push(
      markdown(
        `**集体讨论**：${escapeMd(d.date)}，参加人员：${escapeMd(truncate(d.participants.join('、'), REVIEW_CARD_LIMITS.participants))}\n**结论**：${escapeMdMultiline(truncate(d.conclusion, REVIEW_CARD_LIMITS.conclusion))}（${escapeMd(d.recordedByName)} 录入）`,
      ),
    );
  }
  elements.push(hr());
  if (v.verdict) {
    const x = v.verdict;
    elements.push(
      markdown(
        `**负责人决定：${escapeMd(x.label)}**（${escapeMd(x.byName)}，${escapeMd(x.at)}）${x.label === HEAD_VERDICT_LABELS.approved ? `\n**决定日期**：${escapeMd(x.date)}` : ''}${x.reason ? `\n**${REASON_LABEL}**：${escapeMdMultiline(truncate(x.reason, REVIEW_CARD_LIMITS.reason))}` : ''}`,
      ),
    );
  } else if (v.supersededBy === undefined) {
    elements.push(...errorBlock(v.errors));
    if (v.needsDiscussion) {
      elements.push(markdown(red('**重大执法决定须经负责人集体讨论决定（行政处罚法第五十七条第二款）：请先录入集体讨论记录，之后才能批准。**')));
      elements.push({
        tag: 'form',
        name: 'discussion_form',
        elements: [
          input('discussion_date', DISCUSSION_FIELDS.discussion_date.label, DISCUSSION_FIELDS.discussion_date.placeholder, 20, { required: true }),
          input('participants', DISCUSSION_FIELDS.participants.label, DISCUSSION_FIELDS.participants.placeholder, 1000, { required: true }),
          input('conclusion', DISCUSSION_FIELDS.conclusion.label, DISCUSSION_FIELDS.conclusion.placeholder, 1000, { required: true, multiline: true }),
          submitButton(REVIEW_BUTTONS.discuss, 'record_discussion', { action: 'review.discuss', case_id: v.caseId, round: v.round }),
        ],
      });
    } else {
      elements.push({
        tag: 'form',
        name: 'decision_form',
        elements: [
          input(REASON_FIELD, REASON_LABEL, '不批准时必填', 1000, { required: false, multiline: true }),
          columnSet(
            [
              column([submitButton(REVIEW_BUTTONS.approve, 'decide_approved', { action: 'review.decide', case_id: v.caseId, round: v.round, verdict: 'approved' })]),
              column([submitButton(REVIEW_BUTTONS.refuse, 'decide_refused', { action: 'review.decide', case_id: v.caseId, round: v.round, verdict: 'refused' }, 'danger')]),
            ],
            { flexMode: 'flow', spacing: 'small' },
          ),
        ],
      });
    }
  }
  const state = v.supersededBy !== undefined ? '已失效' : v.verdict ? v.verdict.label : v.needsDiscussion ? '待集体讨论' : '待决定';
  return card({
    header: cardHeader(`负责人决定 第 ${v.round} 轮`, v.verdict ? (v.verdict.label === HEAD_VERDICT_LABELS.approved ? 'green' : 'red') : 'purple', `${v.caseNumber} · ${state}`),
    summary: `负责人决定 ${v.caseNumber} ${state}`,
    elements,
  });
}

// ---------------------------------------------------------------------------------------------
// 审核记录

/** Escaped bytes of the trail's lines: the card stays under 30 KB however much each line needs escaping. */
export const TRAIL_MAX_BYTES = 24_000;

/** `审核记录 <案件编号>`: 承办、审核（每一轮及意见）、批准, one line each, as the domain wrote them. */
export function reviewTrailCard(v: { caseNumber: string; lines: string[] }): Card {
  const shown: string[] = [];
  let bytes = 0;
  for (const l of v.lines) {
    const line = escapeMd(truncate(l, 300));
    bytes += new TextEncoder().encode(JSON.stringify(line)).length;
    if (bytes > TRAIL_MAX_BYTES) break;
    shown.push(line);
  }
  if (v.lines.length > shown.length) shown.push(`另有 ${v.lines.length - shown.length} 行未显示`);
  return card({
    header: cardHeader('法制审核记录', 'indigo', v.caseNumber),
    summary: `法制审核记录 ${v.caseNumber}`,
    elements: [markdown(shown.join('\n') || '—')],
  });
}
