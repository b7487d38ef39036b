/**
 * A synthetic bureau for the statistics tests and bench/stats-render.ts: case logs over two years with
 * filings, evidence (and activity changes), review rounds with every outcome, decisions of every kind,
 * refusals, service, publication on time / late / never, payments, withdrawals, archiving, and draw
 * logs with inspection results. Seeded: the same seed gives the same bureau.
 *
 * The entries have the shapes the writing modules give them (record/, review/, service/, disclosure/,
 * draw/) plus the proposed `fine.paid` and `inspection.recorded` (functions/domain/statistics/README.md).
 */
import { CASE_TYPES, type CaseType } from '../../functions/domain/case/types.ts';
import { type LocalDate, addDays, compareDates, fromParts, daysInMonth } from '../../functions/domain/deadlines/local-date.ts';
import { ACTIVITIES, MEDIA_KINDS } from '../../functions/domain/dossier/vocabulary.ts';
import { DECISION_TYPES, DECISION_TYPE_AMOUNT } from '../../functions/domain/review/vocabulary.ts';
import { type CaseLog, type DrawLog, INSPECTION_RESULTS, type LogFact } from '../../functions/domain/statistics/facts.ts';

/** mulberry32 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BureauOptions {
  seed: number;
  years: number[];
  casesPerYear: number;
  /** No fact is dated after this day. */
  today: LocalDate;
  drawsPerYear?: number;
}

export interface Bureau {
  cases: CaseLog[];
  draws: DrawLog[];
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const int = (rand: () => number, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

/** An instant on `date` in Asia/Shanghai (01:00–15:59 UTC is the same Beijing date). */
function at(date: LocalDate, minute: number): string {
  const h = 1 + Math.floor(minute / 60) % 14;
  const m = minute % 60;
  return `${date}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00.000Z`;
}

export function buildBureau(opts: BureauOptions): Bureau {
  const rand = prng(opts.seed);
  const cases: CaseLog[] = [];
  const draws: DrawLog[] = [];
  for (const year of opts.years) {
    let seq = 0;
    const lastDay = compareDates(opts.today, fromParts(year, 12, 31)) < 0 ? opts.today : fromParts(year, 12, 31);
    const span = Math.max(1, Math.round((Date.parse(lastDay) - Date.parse(`${year}-01-01`)) / 86_400_000) + 1);
    const filingDates = Array.from({ length: opts.casesPerYear }, () => addDays(`${year}-01-01`, Math.floor(rand() * span))).sort();
    for (const filingDate of filingDates) {
      seq += 1;
      const caseId = `${year}-${String(seq).padStart(6, '0')}`;
      const caseType: CaseType = rand() < 0.6 ? '行政处罚' : pick(rand, CASE_TYPES);
      const procedure = rand() < 0.2 ? 'simple' : 'ordinary';
      cases.push({ caseId, caseType, procedure, filingDate, entries: caseEntries(rand, caseId, seq, year, filingDate, procedure, opts.today) });
    }
    for (let d = 0; d < (opts.drawsPerYear ?? 3); d++) {
      const day = addDays(`${year}-01-01`, Math.floor(rand() * span));
      const drawId = `draw-${year}-${d + 1}`;
      const n = int(rand, 2, 8);
      const targets = Array.from({ length: n }, (_, i) => ({ position: i + 1, creditCode: `91513300000000${String(100 + i).padStart(4, '0')}`, name: `对象${i}`, inspectors: [] }));
      const entries: LogFact[] = [{ seq: 1, at: at(day, 10), actor: 'ou_head', action: 'draw.committed', detail: { commitmentHash: 'x' } }];
      entries.push({ seq: 2, at: at(day, 11), actor: 'ou_head', action: 'draw.revealed', detail: { commitmentHash: 'x', seed: 'y', resultHash: 'z', targets } });
      let s = 2;
      for (const t of targets) {
        const when = addDays(day, int(rand, 1, 40));
        if (compareDates(when, opts.today) > 0 || rand() < 0.2) continue;
        entries.push({ seq: ++s, at: at(when, 30), actor: 'ou_zhangsan', action: 'inspection.recorded', detail: { creditCode: t.creditCode, result: pick(rand, INSPECTION_RESULTS) } });
      }
      draws.push({ drawId, entries });
    }
  }
  return { cases, draws };
}

function caseEntries(
  rand: () => number,
  caseId: string,
  seq: number,
  year: number,
  filingDate: LocalDate,
  procedure: 'simple' | 'ordinary',
  today: LocalDate,
): LogFact[] {
  const out: { date: LocalDate; minute: number; action: string; detail: Record<string, unknown>; actor?: string }[] = [];
  const push = (date: LocalDate, action: string, detail: Record<string, unknown>, actor = 'ou_zhangsan') => {
    if (compareDates(date, today) > 0) return false;
    out.push({ date, minute: out.length, action, detail, actor });
    return true;
  };
  push(filingDate, 'case.filed', {
    caseNumber: `甘经信立〔${year}〕${seq}号`,
    officers: [
      { openId: 'ou_zhangsan', certificateNumber: '62000001' },
      { openId: 'ou_lisi', certificateNumber: '62000002' },
    ],
    formId: `form_${caseId}`,
  });
  const evidenceCount = int(rand, 0, 5);
  for (let i = 0; i < evidenceCount; i++) {
    const date = addDays(filingDate, int(rand, 0, 30));
    const mediaKind = pick(rand, MEDIA_KINDS.filter((k) => k !== 'note'));
    const activity = rand() < 0.15 ? '查封扣押' : pick(rand, ACTIVITIES);
    const evidenceId = `ev_${caseId}_${i}`;
    if (!push(date, 'evidence.attached', { evidenceId, sha256: 'a'.repeat(64), size: int(rand, 1000, 5_000_000), fileName: `张三现场${i}.jpg`, mediaKind, activity, messageId: `om_${i}`, s3Key: `k/${i}` })) continue;
    if (rand() < 0.1) push(addDays(date, 1), 'evidence.activity_changed', { evidenceId, changes: [{ field: 'activity', before: activity, after: pick(rand, ACTIVITIES) }] });
  }
  if (rand() < 0.3) push(addDays(filingDate, int(rand, 0, 10)), 'note.recorded', { evidenceId: `note_${caseId}`, sha256: 'b'.repeat(64), size: 120, activity: '询问', messageId: 'om_n', s3Key: 'n/1', text: '当事人李某某称……' });

  let decisionDate: LocalDate | null = null;
  let decisionType: string | null = null;
  if (procedure === 'ordinary' && rand() < 0.8) {
    let requested = addDays(filingDate, int(rand, 5, 60));
    let previous: string | null = null;
    for (let round = 1; round <= 3; round++) {
      if (!push(requested, previous === 'returned' ? 'review.resubmitted' : 'review.requested', { round, previousRound: round === 1 ? null : round - 1, proposalHash: 'c'.repeat(64) }, 'ou_zhangsan')) break;
      if (rand() < 0.1) break; // still under review
      const resultOn = addDays(requested, int(rand, 0, 12));
      const r = rand();
      const outcome = round === 3 || r < 0.6 ? 'approved' : r < 0.8 ? 'returned' : 'rejected';
      if (!push(resultOn, `review.${outcome}`, { round, proposalHash: 'c'.repeat(64), opinion: null, problems: [], checklist: {}, qualifications: [], onTime: true }, 'ou_zhaoliu')) break;
      if (outcome === 'approved') {
        const on = addDays(resultOn, int(rand, 0, 6));
        if (rand() < 0.1) {
          push(on, 'decision.refused', { round, reason: '证据不足', proposalHash: 'c'.repeat(64) }, 'ou_head');
          break;
        }
        const kind = caseTypeDecision(rand);
        const amount = DECISION_TYPE_AMOUNT[kind] === 'required' ? int(rand, 1, 2_000_000) / 100 : null;
        if (push(on, 'decision.approved', { round, decisionDate: on, decisionType: kind, amount, proposalHash: 'c'.repeat(64), reviewed: true, major: rand() < 0.2 }, 'ou_head')) {
          decisionDate = on;
          decisionType = kind;
          if (amount !== null && kind === '罚款' && rand() < 0.7) {
            const paid = rand() < 0.8 ? amount : Math.round(amount * 50) / 100;
            push(addDays(on, int(rand, 3, 40)), 'fine.paid', { amount: paid.toFixed(2) }, 'ou_zhangsan');
          }
        }
        break;
      }
      if (outcome === 'rejected' && rand() < 0.5) break;
      previous = outcome;
      requested = addDays(resultOn, int(rand, 1, 10));
    }
  }
  if (decisionDate !== null) {
    if (rand() < 0.8) push(addDays(decisionDate, int(rand, 0, 12)), 'decision.served', { decision_id: '1', served_on: addDays(decisionDate, 1), method: pick(rand, ['直接送达', '留置送达', '邮寄送达', '公告送达']), proof: ['ev_x'] });
    const r = rand();
    if (r < 0.85) {
      const published = addDays(decisionDate, r < 0.7 ? int(rand, 1, 9) : int(rand, 10, 40));
      if (push(published, 'disclosure.published', {}, 'system') && rand() < 0.05) {
        const ordered = addDays(published, int(rand, 1, 30));
        if (push(ordered, 'decision.withdrawal_ordered', { kind: '撤销', reason: '复议撤销' }, 'ou_head')) push(addDays(ordered, int(rand, 0, 6)), 'disclosure.withdrawn', {}, 'system');
      }
    }
    if (decisionType !== null && rand() < 0.5) push(addDays(decisionDate, int(rand, 20, 90)), 'case.archived', { manifestKey: 'm', manifestSha256: 'd'.repeat(64), htmlKey: 'h', htmlSha256: 'e'.repeat(64), coversSeq: 1, coversHash: 'f'.repeat(64), score: 90, changes: [] });
  }
  out.sort((a, b) => compareDates(a.date, b.date) || a.minute - b.minute);
  return out.map((e, i) => ({ seq: i + 1, at: at(e.date, i), actor: e.actor ?? 'ou_zhangsan', action: e.action, detail: e.detail }));
}

function caseTypeDecision(rand: () => number): (typeof DECISION_TYPES)[number] {
  return rand() < 0.5 ? '罚款' : pick(rand, DECISION_TYPES);
}

/** Every day of a month, for month-end tests. */
export function lastDayOf(year: number, month: number): LocalDate {
  return fromParts(year, month, daysInMonth(year, month));
}
