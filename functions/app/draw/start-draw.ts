/**
 * `抽查` (section heads and 行政审批科): the form — a listed item of the 随机抽查事项清单 in force, the
 * target filter, a count or a ratio, inspectors per target (at least 2), the inspections' deadline.
 * Its 抽取 (draw.start) checks everything that can be checked without the libraries (the parameters,
 * the item, no second draw of a plan without an approved 重新抽取), records the draw and hands it to
 * the worker (`draw.run`): freezing the libraries, the commitment, the draw itself are slow work.
 */
import * as z from 'zod/mini';
import { ALL_TYPES, DRAW_FORM_FIELDS, drawCard, drawFormCard } from '../../../cards/draw.ts';
import { isLocalDate } from '../../domain/deadlines/local-date.ts';
import {
  checkNewDraw,
  type DrawSummary,
  parseDrawParams,
  TARGET_TYPE_LABELS,
  TARGET_TYPES,
} from '../../domain/draw/index.ts';
import { drawItemFrom, type ListVersion } from '../../domain/lists/index.ts';
import type { Person } from '../../domain/roster/types.ts';
import { shanghaiDate } from '../../domain/shared/time.ts';
import type { CardActionResult, CardTap } from '../../ports/index.ts';
import type { DrawMeta, DrawRequestInput } from '../../ports/draws.ts';
import { cardAction, command } from '../intents.ts';
import { errorToast, sendUuid, type Services } from '../services.ts';
import { DRAW_CONFIG, DRAW_REFUSAL, drawCardView, drawIdSchema, mayListDraws, mayRunDraw } from './views.ts';

const NO_LIST = '随机抽查事项清单尚未发布。请先在「清单」中起草、审核、批准并发布，再组织抽查。';

/** The items this person may draw for: 行政审批科 any; a section head those of their own section. */
function itemsFor(person: Person, list: ListVersion<'inspection_items'>) {
  return list.rows.filter((r) => person.roles.includes('admin') || r.section === person.department);
}

async function formFor(person: Person, formId: string, s: Services, initial?: Record<string, string>, errors?: string[]) {
  const list = (await s.lists.head('inspection_items')).current;
  if (!list) return null;
  const items = itemsFor(person, list);
  if (items.length === 0) return null;
  return drawFormCard({
    formId,
    items: items.map((r) => ({ name: r.item, kind: r.kind, section: r.section })),
    listVersion: list.version,
    typeOptions: TARGET_TYPES.map((t) => ({ value: t, label: TARGET_TYPE_LABELS[t] })),
    minInspectors: DRAW_CONFIG.minInspectorsPerTarget,
    maxInspectors: DRAW_CONFIG.maxInspectorsPerTarget,
    drawDate: shanghaiDate(s.now()),
    ...(initial ? { initial } : {}),
    ...(errors ? { errors } : {}),
  });
}

export const startDrawCommand = command({
  words: ['抽查', '双随机'],
  help: { command: '抽查', description: '双随机抽查（科室负责人、行政审批科）：冻结名录库、公布承诺、随机抽取对象和检查人员' },
  async run({ person, message, reply, privateCard, s }) {
    if (!mayRunDraw(person)) return reply.text(DRAW_REFUSAL);
    const list = (await s.lists.head('inspection_items')).current;
    if (!list) return reply.text(NO_LIST);
    // One form per message: a re-delivered 抽查 makes the same form, so it can start one draw only.
    const card = await formFor(person, `F${sendUuid('draw-form', message.eventId).slice(0, 32)}`, s);
    if (!card) return reply.text(`现行随机抽查事项清单（第 ${list.version} 版）中没有${person.department}的事项。`);
    // The form is the operator's: in a group it goes to them by direct message.
    return privateCard(card);
  },
});

const text = (fv: Record<string, unknown> | undefined, k: string) => (typeof fv?.[k] === 'string' ? (fv[k] as string).normalize('NFKC').trim() : '');
const tokens = (t: string) => t.split(/[\s,，、;；|]+/).filter(Boolean);

/** The form's values as the draw's parameters take them; what cannot be read is left for their check to name. */
function requestFrom(fv: Record<string, unknown> | undefined, listItem: DrawRequestInput['listItem'], drawDate: string): DrawRequestInput {
  const f = DRAW_FORM_FIELDS;
  const types = text(fv, f.types);
  const sample = text(fv, f.sample);
  const tags = text(fv, f.tags);
  const specialties = text(fv, f.specialties);
  const request: DrawRequestInput = {
    planId: text(fv, f.plan),
    listItem,
    drawDate,
    targetFilter: {
      types: types === '' || types === ALL_TYPES ? [] : [types as never],
      riskLevels: tokens(text(fv, f.risks).toUpperCase().replace(/类/g, '')) as never,
      ...(tags ? { sectorTags: tags } : {}),
    },
    sampleSize: sample.endsWith('%') ? { percent: sample } : { count: sample },
    inspectorsPerTarget: Number(text(fv, f.perTarget) || Number.NaN),
    ...(specialties ? { inspectorSpecialties: specialties } : {}),
  };
  return request;
}

export const startDrawAction = cardAction({
  value: z.object({ form_id: z.string().check(z.regex(/^[\w-]{1,100}$/)) }),
  handle: ({ form_id }, { operator, tap, s }) => startDraw(operator, form_id, tap, s),
});

async function startDraw(operator: Person, formId: string, tap: CardTap, s: Services): Promise<CardActionResult> {
  if (!mayRunDraw(operator)) return errorToast(DRAW_REFUSAL);
  const drawId = `D${shanghaiDate(s.now()).replace(/-/g, '')}-${sendUuid('draw', operator.openId, formId).slice(0, 12)}`;
  const existing = await s.draws.get(drawId);
  if (existing) {
    return { toast: { type: 'info', content: `该表单已提交，抽取编号 ${drawId}` }, card: drawCard(drawCardView(existing, { person: operator })) };
  }
  const fv = tap.formValue;
  const again = async (errors: string[]): Promise<CardActionResult> => {
    const card = await formFor(operator, formId, s, typedValues(fv), errors);
    return { toast: { type: 'error', content: errors[0] ?? '请检查填写的内容' }, ...(card ? { card } : {}) };
  };
  const list = (await s.lists.head('inspection_items')).current;
  const itemName = text(fv, DRAW_FORM_FIELDS.item);
  const item = drawItemFrom(list, itemName);
  if (!item.ok) return again(item.errors);
  if (list && !itemsFor(operator, list).some((r) => r.item === item.listItem.name)) {
    return again([`「${item.listItem.name}」不是${operator.department}的抽查事项，由其检查科室或行政审批科组织抽查`]);
  }
  const today = shanghaiDate(s.now());
  const request = requestFrom(fv, item.listItem, today);
  const parsed = parseDrawParams(request, DRAW_CONFIG);
  const errors = parsed.ok ? [] : [...parsed.errors];
  const deadline = text(fv, DRAW_FORM_FIELDS.deadline);
  if (!isLocalDate(deadline)) errors.push('检查截止日期：请按 2026-09-30 的格式填写');
  else if (deadline < today) errors.push('检查截止日期：不能早于抽取日期');
  if (!parsed.ok || errors.length > 0) return again(errors);

  const plan = await s.draws.plan(parsed.params.planId);
  const summaries: DrawSummary[] = plan.draws
    .filter((d) => d.status !== 'failed')
    .map((d) => ({
      drawId: d.drawId,
      planId: d.planId,
      ...(d.supersededBy !== undefined ? { supersededBy: d.supersededBy } : {}),
      ...(d.approvedRedraw !== undefined ? { approvedRedraw: { exceptionId: d.approvedRedraw } } : {}),
    }));
  const allowed = checkNewDraw(parsed.params.planId, summaries);
  if (!allowed.ok) return again(allowed.errors);
  // The approved 重新抽取 allows one new draw: a second one finds the first already naming it.
  if (allowed.supersedes && plan.draws.some((d) => d.supersedes?.exceptionId === allowed.supersedes?.exceptionId && d.status !== 'failed')) {
    return again([`「${parsed.params.planId}」的重新抽取已经开始（${allowed.supersedes.drawId} 的例外只允许重新抽取一次）`]);
  }
  const meta: DrawMeta = {
    drawId,
    planId: parsed.params.planId,
    listItemName: parsed.params.listItem.name,
    drawDate: today,
    status: 'pending',
    operator: { openId: operator.openId, name: operator.name },
    request,
    deadline,
    requestedAt: s.now().toISOString(),
    rev: 1,
    posted: [],
    ...(allowed.supersedes ? { supersedes: allowed.supersedes } : {}),
  };
  if (!(await s.draws.start(meta, plan.rev))) {
    const mine = await s.draws.get(drawId);
    if (mine) return { toast: { type: 'info', content: `该表单已提交，抽取编号 ${drawId}` }, card: drawCard(drawCardView(mine, { person: operator })) };
    return again([`抽查计划「${parsed.params.planId}」刚刚开始了另一次抽取，请在「抽查结果」中查看`]);
  }
  // The draw owes its job (written with it); this only hurries it.
  await s.jobs.submit({ kind: 'draw.run', drawId }).catch((err) => s.log.error('draw.run not submitted; the scheduled run hands it on', { drawId, err }));
  return {
    toast: { type: 'success', content: `已受理，抽取编号 ${drawId}；承诺发布后随即抽取` },
    card: drawCard(drawCardView(meta, { person: operator, notice: '已受理：正在冻结名录库并生成承诺，结果将发给您和办公室' })),
  };
}

function typedValues(fv: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fv ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

/** 查看 on the list of draws: the draw's card, to those who may see every draw, its operator and its inspectors. */
export const showDrawAction = cardAction({
  value: z.object({ draw_id: drawIdSchema }),
  async handle({ draw_id }, { operator, s }) {
    const meta = await s.draws.get(draw_id);
    const tasks = meta ? await s.draws.tasks(draw_id) : [];
    const mayView =
      meta !== null &&
      (mayListDraws(operator) || meta.operator.openId === operator.openId || tasks.some((t) => t.inspectors.some((i) => i.openId === operator.openId)));
    if (!meta || !mayView) return errorToast('未找到该抽取，或您无权查看');
    const light = meta.status === 'revealed' ? await s.draws.file(draw_id, { targets: false }) : null;
    const committed = meta.status === 'committed' ? await s.draws.committed(draw_id, { targets: false }) : null;
    return {
      card: drawCard(
        drawCardView(meta, {
          person: operator,
          ...(light ? { file: light.file } : {}),
          ...(committed ? { commitment: committed.commitment } : {}),
        }),
      ),
    };
  },
});
