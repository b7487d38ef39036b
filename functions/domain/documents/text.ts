/**
 * The wording shared by the templates: dates and numbers as official documents write them, amounts
 * in capitals, the penalty, periods from the rules table, the party, the evidence list.
 */
import type { PartyType } from '../case/types.ts';
import type { LocalDate } from '../deadlines/local-date.ts';
import { toParts } from '../deadlines/local-date.ts';
import { type Period, type Rule, requireRule } from '../deadlines/rules.ts';
import { type Activity, MEDIA_KIND_LABELS, type MediaKind } from '../dossier/vocabulary.ts';
import { toFen } from '../review/money.ts';
import type { Proposal } from '../review/proposal.ts';
import type { DecisionType } from '../review/vocabulary.ts';

/** Text ending as a sentence: a final 。 added unless it already ends with one (or ！？；…). */
export function sentence(text: string): string {
  const t = text.trim();
  return /[。！？；…]$/.test(t) ? t : `${t}。`;
}

/** `2026年7月5日` (GB/T 9704: Arabic numerals, year, month and day in full). */
export function documentDate(date: LocalDate): string {
  const { year, month, day } = toParts(date);
  return `${year}年${month}月${day}日`;
}

const DIGITS = '零一二三四五六七八九';

/** 1 → 一, 10 → 十, 15 → 十五, 60 → 六十, 105 → 一百零五 (periods in legal text). 1–9999. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new RangeError(`chineseNumeral: 1–9999 only, got ${n}`);
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i] as string;
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += (DIGITS[d] as string) + unit;
  });
  // 十五, not 一十五, when the number starts with ten.
  return n >= 10 && n < 20 ? out.replace(/^一十/, '十') : out;
}

const CAPITAL_DIGITS = '零壹贰叁肆伍陆柒捌玖';
const CAPITAL_UNITS = ['', '拾', '佰', '仟'];
const CAPITAL_SECTIONS = ['', '万', '亿'];

/** One four-digit section in capitals, with 零 where a zero is between digits. */
function capitalSection(n: number): string {
  let out = '';
  let zero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(n / 10 ** pos) % 10;
    if (d === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += (CAPITAL_DIGITS[d] as string) + (CAPITAL_UNITS[pos] as string);
  }
  return out;
}

/**
 * An amount in yuan in financial capitals, as written on a decision: 5000 → 伍仟元整,
 * 100500.5 → 壹拾万零伍佰元伍角, 0.01 → 壹分. Computed in integer fen.
 */
export function yuanInCapitals(yuan: number): string {
  const fen = toFen(yuan);
  if (!Number.isSafeInteger(fen) || fen <= 0 || fen >= 1e14) throw new RangeError(`yuanInCapitals: out of range: ${yuan}`);
  const whole = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  let integer = '';
  if (whole > 0) {
    const sections: number[] = [];
    for (let w = whole; w > 0; w = Math.floor(w / 10_000)) sections.push(w % 10_000);
    let pendingZero = false;
    for (let i = sections.length - 1; i >= 0; i--) {
      const s = sections[i] as number;
      if (s === 0) {
        pendingZero = integer !== '';
        continue;
      }
      if (integer !== '' && (pendingZero || s < 1000)) integer += '零';
      pendingZero = false;
      integer += capitalSection(s) + (CAPITAL_SECTIONS[i] as string);
    }
    integer += '元';
  }
  if (jiao === 0 && cents === 0) return `${integer}整`;
  let fraction = '';
  if (jiao > 0) fraction += `${CAPITAL_DIGITS[jiao]}角`;
  else if (whole > 0) fraction += '零';
  if (cents > 0) fraction += `${CAPITAL_DIGITS[cents]}分`;
  return integer + fraction;
}

/** `5,000元`, `5,000.50元`. */
export function yuanFigures(yuan: number): string {
  const fen = toFen(yuan);
  const whole = String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = fen % 100;
  return `${whole}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`}元`;
}

/** `人民币5,000元（大写：伍仟元整）` */
export function amountText(yuan: number): string {
  return `人民币${yuanFigures(yuan)}（大写：${yuanInCapitals(yuan)}）`;
}

const PENALTY_WORDS: Record<DecisionType, string> = {
  罚款: '罚款',
  没收违法所得: '没收违法所得',
  警告: '警告',
  通报批评: '通报批评',
  责令停产停业: '责令停产停业',
  暂扣许可证: '暂扣许可证件',
  吊销许可证: '吊销许可证件',
  不予处罚: '不予行政处罚',
  其他: '其他行政处罚',
};

/** The decision in words: `罚款人民币5,000元（大写：伍仟元整）`, `警告`, `吊销许可证件`. */
export function penaltyText(p: Pick<Proposal, 'decisionType' | 'amount'>): string {
  const word = PENALTY_WORDS[p.decisionType];
  return p.amount === null ? word : `${word}${amountText(p.amount)}`;
}

/** Whether the decision orders a payment (a fine or a confiscated sum): the payment paragraph applies. */
export function ordersPayment(p: Pick<Proposal, 'decisionType' | 'amount'>): boolean {
  return p.amount !== null && (p.decisionType === '罚款' || p.decisionType === '没收违法所得');
}

/** How a document addresses the party: 你 (a person), 你单位 (an organisation). */
export function partyPronoun(type: PartyType): string {
  return type === 'person' ? '你' : '你单位';
}

/** The ID line's label for the party type. */
export function partyIdLabel(type: PartyType): string {
  return type === 'person' ? '身份证号码' : '统一社会信用代码';
}

export function partyAddressLabel(type: PartyType): string {
  return type === 'person' ? '住址' : '住所';
}

/**
 * A rule's period as legal text says it: `六十日`, `六个月`, `十五日`, `五个工作日`. From the rules
 * table (data/rules.json), so an override or a corrected rule changes every document.
 */
export function periodPhrase(rules: readonly Rule[], ruleId: string): string {
  return phraseOfPeriod(requireRule(rules, ruleId).period);
}

/** The same for a period given directly (the bureau's statement period in data/documents.json). */
export function phraseOfPeriod(period: Period): string {
  if (period.unit === 'working_days') return `${chineseNumeral(period.amount)}个工作日`;
  if (period.unit === 'calendar_days') return `${chineseNumeral(period.amount)}日`;
  if (period.unit === 'months') return `${chineseNumeral(period.amount)}个月`;
  throw new RangeError(`not a period counted forward: ${period.unit}`);
}

/** `《中华人民共和国行政诉讼法》第四十六条第一款` from the rule's source. */
export function ruleCitation(rules: readonly Rule[], ruleId: string): string {
  const { source } = requireRule(rules, ruleId);
  return `${source.law}${source.article ?? ''}`;
}

/** What the templates need of an evidence item (functions/domain/dossier EvidenceItem). */
export interface EvidenceRef {
  evidenceId: string;
  fileName: string;
  mediaKind: MediaKind;
  activity: Activity;
}

/**
 * The evidence a proposal relies on, in its order: `1. 现场检查照片-20260701-101010.jpg（照片，现场检查）`.
 * Throws when an id is not among the case's items: the proposal was checked against them, so this is
 * a caller's error, and a decision must never cite evidence it cannot name.
 */
export function evidenceLines(ids: readonly string[], items: readonly EvidenceRef[]): string[] {
  const byId = new Map(items.map((e) => [e.evidenceId, e]));
  return ids.map((id, i) => {
    const e = byId.get(id);
    if (e === undefined) throw new RangeError(`evidence ${id} is not one of the case's items`);
    return `${i + 1}. ${e.fileName}（${MEDIA_KIND_LABELS[e.mediaKind]}，${e.activity}）`;
  });
}
