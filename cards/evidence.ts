/**
 * Evidence cards: the receipt (证据回执) with the activity drop-down, the case's evidence list with
 * 查看, the case chooser for a file that came with no case, and the time-limited view link.
 * Every file name, case number and person's name is escaped (escapeMd): they come from people.
 */
import {
  type Card,
  type CardElement,
  callbackButton,
  card,
  cardHeader,
  column,
  columnSet,
  escapeMd,
  hr,
  linkButton,
  markdown,
  selectCallback,
  truncate,
} from './common.ts';
import type { CaseChooserCardView, EvidenceListCardView, EvidenceListItemView, ReceiptCardView, ViewLinkCardView } from './types.ts';

export const EVIDENCE_CARD_LIMITS = {
  fileName: 60,
  fieldValue: 200,
  note: 200,
  partyName: 30,
  caseNumber: 40,
  chooserCases: 10,
} as const;

/** Button texts (tests find buttons by them). */
export const EVIDENCE_BUTTONS = { view: '查看', next: '下一页', choose: '保存到此案件', open: '打开文件' } as const;

const rows = (pairs: { label: string; value: string }[]) =>
  pairs.map((p) => `**${escapeMd(p.label)}**：${p.value === '' ? '—' : escapeMd(truncate(p.value, EVIDENCE_CARD_LIMITS.fieldValue))}`).join('\n');

/** 证据回执: case number, file name, type, size, SHA-256, received, sender, activity; the activity can be changed here. */
export function receiptCard(view: ReceiptCardView): Card {
  const elements: CardElement[] = [markdown(`**${escapeMd(view.title)}**`, 'heading'), markdown(rows(view.fields))];
  const lines = [...(view.via ? [`保存到：${escapeMd(view.caseNumber)}（${escapeMd(view.via)}）`] : []), ...(view.notes ?? []).map((n) => escapeMd(truncate(n, EVIDENCE_CARD_LIMITS.note)))];
  if (lines.length > 0) elements.push(markdown(lines.join('\n'), 'notation'));
  if (view.editable) {
    elements.push(
      hr(),
      markdown('**所属活动**（选择后即记入全过程记录）'),
      selectCallback({
        name: 'activity',
        placeholder: '选择这份证据记录的执法活动',
        options: view.activities,
        initial: view.activity,
        value: { action: 'evidence.activity', case_id: view.caseId, evidence_id: view.evidenceId },
      }),
    );
  }
  elements.push(callbackButton({ text: EVIDENCE_BUTTONS.view, size: 'small', value: { action: 'evidence.view', case_id: view.caseId, evidence_id: view.evidenceId } }));
  return card({
    header: cardHeader('证据回执', 'green', view.caseNumber),
    summary: `${view.title} ${view.caseNumber}`,
    elements,
  });
}

/** `证据 <案件编号>`: the case's evidence newest first, each with 查看. */
export function evidenceListCard(view: EvidenceListCardView): Card {
  const title = `证据清单（第${view.pageNumber}页）`;
  const elements: CardElement[] = [];
  if (view.items.length === 0) {
    elements.push(markdown(view.pageNumber <= 1 ? '本案还没有证据。在案件卡片上点「设为当前案件」后，直接发送照片、视频、录音或文件即可保存。' : '没有更多证据了。'));
  }
  view.items.forEach((item, i) => {
    if (i > 0) elements.push(hr());
    elements.push(itemRow(view.caseId, item));
  });
  if (view.nextCursor) {
    elements.push(callbackButton({ text: EVIDENCE_BUTTONS.next, type: 'primary', value: { action: 'evidence.list', case_id: view.caseId, cursor: view.nextCursor } }));
  }
  return card({
    header: cardHeader(title, 'blue', view.caseNumber),
    summary: `${view.caseNumber} ${title}`,
    elements,
  });
}

function itemRow(caseId: string, item: EvidenceListItemView): CardElement {
  const heading = `**${escapeMd(truncate(item.fileName, EVIDENCE_CARD_LIMITS.fileName))}**`;
  const details = [escapeMd(item.kindLabel), escapeMd(item.sizeText), escapeMd(item.activity), escapeMd(item.receivedAt), escapeMd(item.senderName)].join(' · ');
  return columnSet([
    column([markdown(`${heading}\n${details}\n${escapeMd('SHA-256')} ${escapeMd(item.sha256.slice(0, 16))}…`)], { weight: 4, verticalAlign: 'center' }),
    column([callbackButton({ text: EVIDENCE_BUTTONS.view, size: 'small', value: { action: 'evidence.view', case_id: caseId, evidence_id: item.evidenceId } })], {
      verticalAlign: 'center',
    }),
  ]);
}

/** A file with no case to go to: the sender's open cases to choose from (nothing is attached until then). */
export function caseChooserCard(view: CaseChooserCardView): Card {
  const elements: CardElement[] = [markdown(`这份${escapeMd(view.what)}要保存到哪个案件？请选择（选中的案件将设为当前案件）：`)];
  view.cases.slice(0, EVIDENCE_CARD_LIMITS.chooserCases).forEach((c, i) => {
    if (i > 0) elements.push(hr());
    elements.push(
      columnSet([
        column([markdown(`**${escapeMd(truncate(c.caseNumber, EVIDENCE_CARD_LIMITS.caseNumber))}**\n${escapeMd(truncate(c.partyName, EVIDENCE_CARD_LIMITS.partyName))}`)], {
          weight: 4,
          verticalAlign: 'center',
        }),
        column([callbackButton({ text: EVIDENCE_BUTTONS.choose, size: 'small', value: { action: 'evidence.choose_case', message_id: view.messageId, case_id: c.caseId } })], {
          verticalAlign: 'center',
        }),
      ]),
    );
  });
  return card({ header: cardHeader('选择案件', 'orange'), summary: '请选择证据所属案件', elements });
}

/** The answer once a case was chosen: the chooser turns into this. */
export function caseChosenCard(input: { caseNumber: string; what: string }): Card {
  return card({
    header: cardHeader('选择案件', 'green', input.caseNumber),
    summary: `已选择 ${input.caseNumber}`,
    elements: [markdown(`正在把这份${escapeMd(input.what)}保存到 **${escapeMd(input.caseNumber)}**，完成后发送回执。该案件已设为本会话的当前案件。`)],
  });
}

/** 查看: a link that works for a limited time; sent to the person who asked only. */
export function viewLinkCard(view: ViewLinkCardView): Card {
  return card({
    header: cardHeader('查看证据', 'blue', view.caseNumber),
    summary: `查看证据 ${view.fileName}`,
    elements: [
      markdown(
        rows([
          { label: '文件名', value: view.fileName },
          { label: 'SHA-256', value: view.sha256 },
          { label: '链接有效至', value: `${view.expiresAt}（${view.minutes} 分钟内有效）` },
        ]),
      ),
      markdown('本次查看已记入全过程记录。', 'notation'),
      linkButton({ text: EVIDENCE_BUTTONS.open, url: view.url }),
    ],
  });
}
