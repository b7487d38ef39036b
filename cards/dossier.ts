/**
 * 案卷 card: the dossier in the standard order with its self-check (评查) — the score and grade, each
 * missing document, each veto item that fails or is not yet confirmed, the deductions and the
 * audio/video warnings — and whether it may be archived.
 */
import { type Card, type CardElement, card, cardHeader, escapeMd, hr, markdown, red, truncate } from './common.ts';
import type { DossierCardView } from './types.ts';

export const DOSSIER_CARD_LIMITS = { reason: 300, lines: 40 } as const;

const STATUS_MARK: Record<DossierCardView['documents'][number]['status'], string> = { present: '✓', missing: '✗', pending: '…' };
const STATUS_TEXT: Record<DossierCardView['documents'][number]['status'], string> = { present: '已有', missing: '缺失', pending: '未到期' };

const clip = (lines: string[]) =>
  lines.length > DOSSIER_CARD_LIMITS.lines ? [...lines.slice(0, DOSSIER_CARD_LIMITS.lines), `另有 ${lines.length - DOSSIER_CARD_LIMITS.lines} 项未显示`] : lines;

export function dossierCard(view: DossierCardView): Card {
  const verdict = view.canArchive ? '可以归档' : '不能归档';
  const elements: CardElement[] = [
    markdown(`**评查得分 ${view.score} 分（${escapeMd(view.grade)}）**，${view.canArchive ? verdict : red(verdict)}`, 'heading'),
    markdown(`**案件状态**：${escapeMd(view.statusLabel)}\n**证据材料**：${view.evidenceCount} 件`),
    hr(),
    markdown(
      `**卷内文件（标准顺序）**\n${clip(
        view.documents.map((d) => `${d.position}. ${STATUS_MARK[d.status]} ${escapeMd(d.name)}：${STATUS_TEXT[d.status]}${d.count > 0 ? `（${d.count} 份）` : ''}`),
      ).join('\n')}`,
    ),
  ];
  const reason = (r: string[]) => escapeMd(truncate(r.join('；'), DOSSIER_CARD_LIMITS.reason));
  if (view.vetoFailures.length > 0) {
    elements.push(markdown(`**否决项不合格**\n${clip(view.vetoFailures.map((v) => red(`✗ ${escapeMd(v.name)}：${reason(v.reasons)}`))).join('\n')}`));
  }
  if (view.deductions.length > 0) {
    elements.push(markdown(`**扣分**\n${clip(view.deductions.map((d) => `－${d.points} 分 ${escapeMd(truncate(d.reason, DOSSIER_CARD_LIMITS.reason))}`)).join('\n')}`));
  }
  if (view.vetoUnknown.length > 0) {
    elements.push(markdown(`**待确认的否决项**\n${clip(view.vetoUnknown.map((v) => `？ ${escapeMd(v.name)}：${reason(v.reasons)}`)).join('\n')}`));
  }
  if (view.avWarnings.length > 0) {
    elements.push(markdown(`**音像记录**\n${clip(view.avWarnings.map((w) => `⚠ ${escapeMd(truncate(w, DOSSIER_CARD_LIMITS.reason))}`)).join('\n')}`));
  }
  for (const n of view.notes) elements.push(markdown(`注：${escapeMd(truncate(n, DOSSIER_CARD_LIMITS.reason))}`, 'notation'));
  elements.push(
    markdown(
      view.canArchive
        ? `没有否决项不合格。发送「归档 ${escapeMd(view.caseNumber)}」即可归档（归档后案件只读）。`
        : '有否决项不合格，纠正后才能归档。',
      'notation',
    ),
  );
  return card({
    header: cardHeader(`案卷 ${view.caseNumber}`, view.canArchive ? 'green' : 'red', `${view.score} 分 · ${view.grade}`),
    summary: `案卷 ${view.caseNumber} 评查 ${view.score} 分`,
    elements,
  });
}
