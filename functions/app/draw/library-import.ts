/**
 * The operator's side of the draw's libraries (`npm run draw -- targets import`, `conflict add`):
 * the 检查对象名录库 replaced from a file (every bad row reported by line, nothing written unless all
 * are good), and conflicts of interest recorded with their reason (行政处罚法第四十三条).
 */
import { type ImportProblem } from '../../domain/lists/tabular.ts';
import { isValidUscc } from '../../domain/case/identifiers.ts';
import { parseTargets } from '../../domain/draw/library.ts';
import type { Person } from '../../domain/roster/types.ts';
import type { InspectionLibraryStore } from '../../ports/draws.ts';

export type TargetImportResult = { ok: true; written: number; removed: number } | { ok: false; problems: ImportProblem[] };

export async function importTargets(text: string, format: 'json' | 'csv', library: InspectionLibraryStore, at: Date): Promise<TargetImportResult> {
  const parsed = parseTargets(text, format);
  if (!parsed.ok) return parsed;
  return { ok: true, ...(await library.replaceTargets(parsed.targets, at.toISOString())) };
}

/** Records that `person` must not inspect the target; the reason stays internal (never on a public page). */
export async function recordConflict(input: {
  person: Person;
  creditCode: string;
  reason: string;
  recordedBy: string;
  library: InspectionLibraryStore;
  at: Date;
}): Promise<{ ok: true } | { ok: false; errors: string[] }> {
  const code = input.creditCode.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  const reason = input.reason.normalize('NFC').trim();
  const errors: string[] = [];
  if (!isValidUscc(code)) errors.push(`统一社会信用代码 ${input.creditCode} 校验不通过`);
  if (reason === '' || reason.length > 500) errors.push('请写明回避理由（不超过 500 字）');
  if (!input.person.roles.includes('officer')) errors.push(`${input.person.name} 不是执法人员，无须记录回避`);
  if (errors.length > 0) return { ok: false, errors };
  await input.library.addConflict({ openId: input.person.openId, creditCode: code, reason, recordedBy: input.recordedBy, recordedAt: input.at.toISOString() });
  return { ok: true };
}
