/** Shared by the draw intents' tests: a published 随机抽查事项清单, a target library, the 抽查 form. */
import { handleCardAction } from '../../../../functions/app/card-actions.ts';
import {
  approveDraft,
  type InspectionItemRow,
  publishVersion,
  reviewDraft,
  startDraft,
  submitDraft,
} from '../../../../functions/domain/lists/index.ts';
import type { Target } from '../../../../functions/domain/draw/types.ts';
import { uscc } from '../../draw/helpers.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import { type AppHarness, NOW, PEOPLE, tap, type WorkerHarness } from '../harness.ts';

export const ITEM = '工业企业安全生产检查';

export const item = (over: Partial<InspectionItemRow> = {}): InspectionItemRow => ({
  item: ITEM,
  legalBasis: '《中华人民共和国安全生产法》第六十二条',
  section: '执法一科',
  content: '安全生产责任制落实情况',
  method: '现场检查',
  kind: '重点',
  ...over,
});

/** Publishes the 随机抽查事项清单 through the domain's chain, as the cards would. */
export async function publishItems(h: AppHarness, rows: InspectionItemRow[] = [item(), item({ item: '工业节能监察', section: '运行监测科', kind: '一般' })]) {
  const at = NOW.toISOString();
  let head = await h.lists.head('inspection_items');
  const steps = [
    () => startDraft({ kind: 'inspection_items', id: `ii-${head.rev}`, at, author: PEOPLE.zhao, current: head.current, open: head.open, rows, scope: 'whole' }),
    () => submitDraft({ version: head.open!, current: head.current, actor: PEOPLE.zhao, at }),
    () => reviewDraft({ version: head.open!, decision: 'pass', actor: PEOPLE.zhao, at }),
    () => approveDraft({ version: head.open!, decision: 'approve', actor: PEOPLE.qian, at }),
    () => publishVersion({ version: head.open!, current: head.current, actor: PEOPLE.qian, at }),
  ];
  for (const step of steps) {
    const out = step();
    if (!out.ok) throw new Error(out.errors.join());
    await h.lists.save('inspection_items', head.rev, out.version, out.entries, at);
    head = await h.lists.head('inspection_items');
  }
}

export const target = (i: number, over: Partial<Target> = {}): Target => ({
  creditCode: uscc(i),
  name: `甘孜州企业${i}有限公司`,
  type: 'enterprise',
  riskLevel: 'B',
  sectorTags: ['工业'],
  ...over,
});

export async function library(h: AppHarness, n = 6) {
  await h.library.replaceTargets(Array.from({ length: n }, (_, i) => target(i + 1)), NOW.toISOString());
}

export const drawForm = (over: Record<string, string> = {}) => ({
  plan_id: '2026年第一季度安全生产抽查',
  list_item: ITEM,
  deadline: '2026-03-31',
  target_types: 'all',
  risk_levels: '',
  sector_tags: '',
  sample: '2',
  inspectors_per_target: '2',
  specialties: '',
  ...over,
});

/** Submits the 抽查 form as `by`; returns the answer and the draw id it started (if any). */
export async function startDraw(h: AppHarness, by = PEOPLE.wu.openId, over: Record<string, string> = {}, formId = 'Fdraw1') {
  const res = await handleCardAction(tap({ by, value: { action: 'draw.start', form_id: formId }, formValue: drawForm(over) }), h.s);
  const drawId = (await h.draws.list())[0]?.drawId;
  return { res, drawId };
}

/** Runs the draw's job (the reveal), as the worker does after 抽查. */
export const runDraw = (h: WorkerHarness, drawId: string) => runJob({ kind: 'draw.run', drawId }, h.s);

/** Publishes the items, fills the library, starts a draw as 吴 with the form's fields `over`, and runs it; its id. */
export async function drawn(h: WorkerHarness, over: Record<string, string> = {}): Promise<string> {
  await publishItems(h);
  await library(h);
  const { drawId } = await startDraw(h, PEOPLE.wu.openId, over);
  await runDraw(h, drawId!);
  return drawId!;
}
