/** A card of plain lines (a 校验 verdict, an archive's result): for answers that are case data, so they can go privately. */
import { type Card, type HeaderTemplate, card, cardHeader, escapeMdMultiline, markdown, truncate } from './common.ts';

export const NOTICE_CARD_MAX_CHARS = 6000;

export function noticeCard(input: { title: string; subtitle?: string; text: string; template: HeaderTemplate }): Card {
  return card({
    header: cardHeader(input.title, input.template, input.subtitle),
    summary: input.text,
    elements: [markdown(escapeMdMultiline(truncate(input.text, NOTICE_CARD_MAX_CHARS)))],
  });
}
