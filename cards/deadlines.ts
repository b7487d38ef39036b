/** The reminder card (what is due, when, the legal source, the case, the action that meets it) and the 期限 lists. */
import { type ButtonElement, type Card, type HeaderTemplate, callbackButton, card, cardHeader, escapeMd, hr, markdown, truncate } from './common.ts';
import type { CardActionValue } from './types.ts';

export interface ReminderCardView {
  /** `届满前7日` / `逾期报负责人` … */
  label: string;
  ruleName: string;
  what: string;
  /** `2026-10-13（星期二）` */
  due: string;
  /** `还有 5 天` / `今日到期` / `已逾期 2 天` */
  countdown: string;
  source: string;
  provisional: boolean;
  escalation: boolean;
  /** The case it belongs to, when it does. */
  caseNumber?: string;
  /** The button that meets it (open the case, record service …). */
  action?: { text: string; value: CardActionValue };
}

export const DEADLINE_LIST_MAX_ROWS = 40;
const TEXT_MAX = 300;

export function reminderCard(v: ReminderCardView): Card {
  const template: HeaderTemplate = v.escalation ? 'red' : v.countdown.startsWith('已逾期') ? 'red' : 'orange';
  const lines = [
    `**事项**：${escapeMd(truncate(v.what, TEXT_MAX))}`,
    `**期限**：${escapeMd(v.due)}，${escapeMd(v.countdown)}${v.provisional ? '（日期为推算，待公布放假安排后确认）' : ''}`,
    `**依据**：${escapeMd(truncate(v.source, TEXT_MAX))}`,
    ...(v.caseNumber ? [`**案件**：${escapeMd(v.caseNumber)}`] : []),
  ];
  const elements = [markdown(lines.join('\n'))];
  const all: Parameters<typeof card>[0]['elements'] = [...elements];
  if (v.action) all.push(callbackButton({ text: v.action.text, value: v.action.value, type: 'primary' }));
  return card({
    header: cardHeader(`${v.escalation ? '逾期提醒' : '期限提醒'}：${v.ruleName}`, template, v.label),
    summary: `${v.ruleName} ${v.due} ${v.countdown}`,
    elements: all,
  });
}

export interface DeadlineRowView {
  ruleName: string;
  what: string;
  due: string;
  /** 未到期 / 今日到期 / 已逾期 / 已完成 … */
  status: string;
  statusKind: 'open' | 'met' | 'overdue';
  source: string;
  provisional: boolean;
  caseNumber?: string;
}

export interface DeadlineListCardView {
  title: string;
  subtitle?: string;
  rows: DeadlineRowView[];
  /** Deadlines that wait for their trigger (the party's periods until service). */
  pending: { ruleName: string; text: string }[];
  lapsed: { ruleName: string; reason: string }[];
  empty: string;
  /** A button under the list (open the case). */
  action?: { text: string; value: CardActionValue };
}

const STATUS_COLOUR = { open: 'blue', met: 'green', overdue: 'red' } as const;

export function deadlineListCard(v: DeadlineListCardView): Card {
  const rows = v.rows.slice(0, DEADLINE_LIST_MAX_ROWS);
  const elements: ReturnType<typeof markdown | typeof hr>[] = [];
  if (rows.length === 0 && v.pending.length === 0) elements.push(markdown(escapeMd(v.empty)));
  for (const r of rows) {
    const head = `**${escapeMd(r.ruleName)}** <font color='${STATUS_COLOUR[r.statusKind]}'>${escapeMd(r.status)}</font>`;
    const lines = [
      head,
      `${escapeMd(r.due)}${r.provisional ? '（推算，待公布放假安排后确认）' : ''}${r.caseNumber ? ` · ${escapeMd(r.caseNumber)}` : ''}`,
      escapeMd(truncate(r.what, TEXT_MAX)),
      `依据：${escapeMd(truncate(r.source, TEXT_MAX))}`,
    ];
    elements.push(markdown(lines.join('\n')));
  }
  if (v.rows.length > rows.length) elements.push(markdown(`另有 ${v.rows.length - rows.length} 项未列出`));
  if (v.pending.length > 0) {
    elements.push(hr());
    elements.push(markdown(v.pending.map((p) => `**${escapeMd(p.ruleName)}**：${escapeMd(p.text)}`).join('\n')));
  }
  if (v.lapsed.length > 0) {
    elements.push(hr());
    elements.push(markdown(v.lapsed.map((p) => `**${escapeMd(p.ruleName)}**（不再适用）：${escapeMd(p.reason)}`).join('\n')));
  }
  const all: Parameters<typeof card>[0]['elements'] = [...elements];
  if (v.action) all.push(callbackButton({ text: v.action.text, value: v.action.value }) satisfies ButtonElement);
  return card({ header: cardHeader(v.title, 'blue', v.subtitle), summary: v.title, elements: all });
}
