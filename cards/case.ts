/** 案件 card: one case with its parties, officers and deadlines. */
import type { CaseStatus } from '../functions/domain/case/types.ts';
import {
  type Card,
  type CardElement,
  type HeaderTemplate,
  callbackButton,
  card,
  cardHeader,
  column,
  columnSet,
  escapeMd,
  escapeMdMultiline,
  hr,
  markdown,
  red,
  truncate,
} from './common.ts';
import type { CaseCardView, DeadlineView } from './types.ts';

/** Header colour per status; a new status must pick one (compile error otherwise). */
export const CASE_STATUS_TEMPLATES: Record<CaseStatus, HeaderTemplate> = {
  filed: 'blue',
  decided: 'green',
  closed: 'grey',
  archived: 'grey',
};

/**
 * Display limits (characters, before escaping). The stored case keeps the full text; the card shows
 * enough to recognise the case and stays far below the 30 KB card limit even when every character
 * needs escaping (each escaped character costs 5-6 bytes).
 */
export const CASE_CARD_LIMITS = {
  partyName: 100,
  subtitlePartyName: 30,
  summary: 500,
  source: 100,
  legalBasis: 300,
  officers: 20,
  officerName: 20,
  certificateNumber: 30,
  deadlines: 20,
  deadlineName: 30,
  deadlineSource: 60,
  notice: 100,
  avWarnings: 11,
  avWarning: 200,
} as const;

/** The case card's buttons. */
export const CASE_CARD_BUTTONS = { setCurrent: '设为当前案件', evidence: '证据清单', requestReview: '申请法制审核', serve: '送达', pay: '缴款' } as const;

export const PROVISIONAL_NOTE = '（暂定：该年度节假日安排未公布）';

export function caseCard(view: CaseCardView): Card {
  const elements: CardElement[] = [];
  if (view.notice !== undefined && view.notice.trim() !== '') {
    elements.push(markdown(`**${escapeMd(truncate(view.notice, CASE_CARD_LIMITS.notice))}**`, 'heading'));
  }

  elements.push(
    markdown(
      rows([
        ['案件类型', escapeMd(view.caseType)],
        ['程序', escapeMd(view.procedureLabel)],
        [
          '当事人',
          `${escapeMd(truncate(view.partyName, CASE_CARD_LIMITS.partyName))}（${escapeMd(view.partyTypeLabel)}）`,
        ],
        ['证件号码', escapeMd(view.partyIdMasked)],
      ]),
    ),
    markdown(block('案情摘要', escapeMdMultiline(truncate(view.summary, CASE_CARD_LIMITS.summary)))),
    markdown(rows([['案件来源', escapeMd(truncate(view.source, CASE_CARD_LIMITS.source))]])),
    markdown(block('立案依据', escapeMdMultiline(truncate(view.legalBasis, CASE_CARD_LIMITS.legalBasis)))),
    markdown(block('承办人员', officerLines(view.officers))),
    markdown(
      rows([
        ['立案人', escapeMd(truncate(view.filedByName, CASE_CARD_LIMITS.officerName))],
        ['立案日期', escapeMd(view.filingDate)],
      ]),
    ),
    hr(),
    markdown(block('期限', deadlineLines(view.deadlines))),
  );
  const av = avLines(view);
  if (av !== null) elements.push(markdown(block('音像记录', av)));
  if (view.review && view.review.length > 0) elements.push(markdown(block('法制审核', view.review.map((l) => `- ${escapeMd(l)}`).join('\n'))));
  if (view.fine) {
    const f = view.fine;
    elements.push(markdown(block('罚款', `- 决定罚款：${escapeMd(f.decided)}\n- 已缴纳：${escapeMd(f.paid)}（${f.payments} 笔）\n- 未缴纳：${escapeMd(f.outstanding)}`)));
  }
  elements.push(
    columnSet(
      [
        column([callbackButton({ text: CASE_CARD_BUTTONS.setCurrent, type: 'primary', size: 'small', value: { action: 'case.current', case_id: view.caseId } })]),
        column([callbackButton({ text: CASE_CARD_BUTTONS.evidence, size: 'small', value: { action: 'evidence.list', case_id: view.caseId, cursor: '' } })]),
        // The server checks who may and when, whatever the card offers.
        ...(view.canRequestReview ? [column([callbackButton({ text: CASE_CARD_BUTTONS.requestReview, size: 'small', value: { action: 'review.open', case_id: view.caseId } })])] : []),
        ...(view.canServe ? [column([callbackButton({ text: CASE_CARD_BUTTONS.serve, size: 'small', value: { action: 'service.open', case_id: view.caseId } })])] : []),
        ...(view.canPay ? [column([callbackButton({ text: CASE_CARD_BUTTONS.pay, size: 'small', value: { action: 'payment.open', case_id: view.caseId } })])] : []),
      ],
      { flexMode: 'flow', spacing: 'small' },
    ),
  );

  const subtitle = `${truncate(view.partyName.replace(/\s+/g, ' ').trim(), CASE_CARD_LIMITS.subtitlePartyName)} · ${view.statusLabel}`;
  const notice = view.notice?.trim();
  return card({
    header: cardHeader(view.caseNumber, CASE_STATUS_TEMPLATES[view.status], subtitle),
    summary: notice ? `${notice} ${view.caseNumber}` : `${view.caseNumber} ${view.partyName}`,
    elements,
  });
}

function rows(pairs: [label: string, escapedValue: string][]): string {
  return pairs.map(([label, value]) => `**${label}**：${value === '' ? '—' : value}`).join('\n');
}

function block(label: string, escapedBody: string): string {
  return `**${label}**\n${escapedBody === '' ? '—' : escapedBody}`;
}

function officerLines(officers: CaseCardView['officers']): string {
  if (officers.length === 0) return '暂无';
  const shown = officers.slice(0, CASE_CARD_LIMITS.officers);
  const lines = shown.map(
    (o) =>
      `- ${escapeMd(truncate(o.name, CASE_CARD_LIMITS.officerName))}（执法证号：${escapeMd(truncate(o.certificateNumber, CASE_CARD_LIMITS.certificateNumber))}）`,
  );
  if (officers.length > shown.length) lines.push(`- 等共 ${officers.length} 人`);
  return lines.join('\n');
}

/** Per activity the case records, whether audio/video exists; then what the law wants and is missing (in red when required). */
function avLines(view: CaseCardView): string | null {
  const activities = view.av ?? [];
  const warnings = (view.avWarnings ?? []).slice(0, CASE_CARD_LIMITS.avWarnings);
  if (activities.length === 0 && warnings.length === 0) return null;
  const lines = activities.map(
    (a) => `- ${escapeMd(a.activity)}：${a.items} 件，${a.hasAudioVideo ? '有音像记录' : '无音像记录'}（${escapeMd(a.levelLabel)}）`,
  );
  for (const w of warnings) {
    const text = `⚠ ${escapeMd(truncate(w.message, CASE_CARD_LIMITS.avWarning))}`;
    lines.push(w.severity === 'required' ? red(text) : text);
  }
  return lines.join('\n');
}

function deadlineLines(deadlines: DeadlineView[]): string {
  if (deadlines.length === 0) return '暂无';
  const shown = deadlines.slice(0, CASE_CARD_LIMITS.deadlines);
  const lines = shown.map((d) => {
    const due = `${escapeMd(d.dueDate)}（${escapeMd(d.weekday)}）`;
    const provisional = d.provisional ? PROVISIONAL_NOTE : '';
    const name = escapeMd(truncate(d.name, CASE_CARD_LIMITS.deadlineName));
    return `- ${name}：${due}，依据：${escapeMd(truncate(d.source, CASE_CARD_LIMITS.deadlineSource))}${provisional}`;
  });
  if (deadlines.length > shown.length) lines.push(`- 另有 ${deadlines.length - shown.length} 项期限未显示`);
  return lines.join('\n');
}
