/** Amounts in yuan with at most two decimals (fen). Comparisons go through integer fen, never floats. */
import { normalizeDigits } from '../deadlines/local-date.ts';

/** Integer fen of a yuan amount that has at most two decimals. */
export function toFen(yuan: number): number {
  return Math.round(yuan * 100);
}

/** `10,000 元`, `5,000.50 元`, `0.01 元`. */
export function formatYuan(yuan: number): string {
  const fen = toFen(yuan);
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${grouped}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`} 元`;
}

export type AmountParse =
  | { ok: true; value: number | null }
  | { ok: false; error: string };

/**
 * Reads an amount as people type it: `5000`, `5,000`, `５０００`, `5000.5`, `5000.50`, `5000元`,
 * spaces anywhere. Empty means "no amount" (null). Refuses negatives, zero, more than two decimals,
 * exponents, words (`1万`) and anything above `max`.
 */
export function parseAmount(raw: unknown, max: number): AmountParse {
  if (raw === undefined || raw === null) return { ok: true, value: null };
  if (typeof raw === 'number') raw = String(raw);
  if (typeof raw !== 'string') return { ok: false, error: '请填写数字金额（元）' };
  const text = normalizeDigits(raw)
    .replace(/[\s\u3000,，]/g, '')
    .replace(/(元|人民币元)$/, '');
  if (text === '') return { ok: true, value: null };
  if (!/^\d+(\.\d{1,2})?$/.test(text)) {
    return { ok: false, error: '请填写阿拉伯数字金额（元），最多两位小数，如 5000 或 5000.50' };
  }
  const value = Number(text);
  if (toFen(value) <= 0) return { ok: false, error: '金额应大于 0' };
  if (value > max) return { ok: false, error: `金额不能超过 ${formatYuan(max)}` };
  return { ok: true, value: toFen(value) / 100 };
}
