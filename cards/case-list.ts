/** 我的案件 card: one page of the user's open cases, each with a 查看 button. */
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
  markdown,
  truncate,
} from './common.ts';
import type { CaseListCardView, CaseListItemView } from './types.ts';

/**
 * Display limits. A card holds at most 200 components (card JSON 2.0 structure doc); one row costs
 * 7 (column_set, 2 columns, markdown, button, its text, hr), so pages should stay at or below 25
 * items. Party names are cut to keep one row per case.
 */
export const CASE_LIST_LIMITS = {
  partyName: 30,
  caseNumber: 40,
} as const;

export const EMPTY_FIRST_PAGE_TEXT = '您目前没有未结案件。发送「立案」登记新案件。';
export const EMPTY_LATER_PAGE_TEXT = '没有更多案件了。';

export function caseListCard(view: CaseListCardView): Card {
  const title = `我的案件（第${view.pageNumber}页）`;
  const elements: CardElement[] = [];

  if (view.items.length === 0) {
    elements.push(markdown(view.pageNumber <= 1 ? EMPTY_FIRST_PAGE_TEXT : EMPTY_LATER_PAGE_TEXT));
  } else {
    view.items.forEach((item, i) => {
      if (i > 0) elements.push(hr());
      elements.push(itemRow(item));
    });
  }

  if (view.nextCursor !== undefined && view.nextCursor !== '') {
    elements.push(
      callbackButton({
        text: '下一页',
        type: 'primary',
        value: { action: 'case.list', cursor: view.nextCursor },
      }),
    );
  }

  return card({
    header: cardHeader(title, 'blue'),
    summary: view.items.length === 0 ? title : `${title}：${view.items.length} 件`,
    elements,
  });
}

function itemRow(item: CaseListItemView): CardElement {
  const heading = `**${escapeMd(truncate(item.caseNumber, CASE_LIST_LIMITS.caseNumber))}**`;
  const details = [
    escapeMd(truncate(item.partyName, CASE_LIST_LIMITS.partyName)),
    escapeMd(item.caseType),
    escapeMd(item.statusLabel),
    `立案 ${escapeMd(item.filingDate)}`,
  ].join(' · ');
  return columnSet([
    column([markdown(`${heading}\n${details}`)], { weight: 4, verticalAlign: 'center' }),
    column(
      [
        callbackButton({
          text: '查看',
          size: 'small',
          value: { action: 'case.show', case_id: item.caseId },
        }),
      ],
      { verticalAlign: 'center' },
    ),
  ]);
}
