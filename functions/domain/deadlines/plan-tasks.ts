/** The bureau's implementation-plan tasks (任务分解表) and their time limits. */
import * as z from 'zod/mini';
import { type LocalDate, daysInMonth, fromParts, normalizeDigits } from './local-date.ts';

export const planTaskRecordSchema = z.object({
  id: z.string().check(z.minLength(1)),
  /** 一、全面落实行政执法公示制度 … */
  system: z.string().check(z.minLength(1)),
  seq: z.int().check(z.minimum(1)),
  /** 工作任务 */
  task: z.string().check(z.minLength(1)),
  /** 具体措施 */
  measure: z.string().check(z.minLength(1)),
  /** 具体要求 */
  requirement: z.string().check(z.minLength(1)),
  /** 责任科室 */
  responsible: z.string().check(z.minLength(1)),
  /** 完成时限, exactly as written: 2020年6月底前 / 长期执行 */
  timeLimit: z.string().check(z.minLength(1)),
});
export type PlanTaskRecord = z.infer<typeof planTaskRecordSchema>;

export const planTasksFileSchema = z.object({
  source: z.optional(z.string()),
  sourceFile: z.optional(z.string()),
  note: z.optional(z.string()),
  tasks: z.array(planTaskRecordSchema),
});

export type TaskTimeLimit =
  | { kind: 'dated'; deadline: LocalDate; text: string }
  | { kind: 'ongoing'; text: string };

export interface PlanTask extends PlanTaskRecord {
  limit: TaskTimeLimit;
}

export class PlanTaskError extends Error {
  override name = 'PlanTaskError';
}

const ONGOING = new Set(['长期执行', '长期坚持', '持续推进']);

function validDate(y: number, m: number, d: number): LocalDate | null {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return fromParts(y, m, d);
}

/**
 * Reads a 完成时限 text. Supported: `长期执行` (ongoing), `YYYY年M月底前` (last day of that month),
 * `YYYY年M月D日前` (that day), `YYYY年底前` (31 December). The date is kept as written — a plan
 * deadline is a fixed date, not a period, so it is never rolled. Returns null for anything else.
 */
export function parseTimeLimit(text: string): TaskTimeLimit | null {
  const t = normalizeDigits(text).replace(/\s+/g, '');
  if (ONGOING.has(t)) return { kind: 'ongoing', text };
  let m = /^(\d{4})年(\d{1,2})月底(?:前|之前|以前)?$/.exec(t);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return null;
    const deadline = validDate(y, mo, daysInMonth(y, mo));
    return deadline ? { kind: 'dated', deadline, text } : null;
  }
  m = /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:前|之前|以前)?$/.exec(t);
  if (m) {
    const deadline = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return deadline ? { kind: 'dated', deadline, text } : null;
  }
  m = /^(\d{4})年底(?:前|之前|以前)?$/.exec(t);
  if (m) {
    const deadline = validDate(Number(m[1]), 12, 31);
    return deadline ? { kind: 'dated', deadline, text } : null;
  }
  return null;
}

/** Validates the plan-task data and parses every time limit. Throws PlanTaskError naming the task. */
export function buildPlanTasks(data: unknown): PlanTask[] {
  const parsed = planTasksFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.')}：${i.message}`).join('；');
    throw new PlanTaskError(`任务分解表数据格式错误：${problems}`);
  }
  const ids = new Set<string>();
  return parsed.data.tasks.map((t) => {
    if (ids.has(t.id)) throw new PlanTaskError(`任务编号重复：${t.id}`);
    ids.add(t.id);
    const limit = parseTimeLimit(t.timeLimit);
    if (!limit) {
      throw new PlanTaskError(
        `任务 ${t.id}（${t.task}：${t.measure}）的完成时限“${t.timeLimit}”无法识别；` +
          '可写作“2020年6月底前”“2020年6月30日前”“2020年底前”或“长期执行”',
      );
    }
    return { ...t, limit };
  });
}

/** Dated tasks whose deadline is before `today` (ongoing tasks are never overdue). */
export function overduePlanTasks(tasks: readonly PlanTask[], today: LocalDate): PlanTask[] {
  return tasks.filter((t) => t.limit.kind === 'dated' && t.limit.deadline < today);
}
