/** The draw's configuration and card views, shared by its command, card actions and job. */
import * as z from 'zod/mini';
import drawData from '../../../data/draw.json' with { type: 'json' };
import type { DrawCardView, TaskCardView } from '../../../cards/draw.ts';
import {
  buildDrawConfig,
  canRunDraw,
  type DrawFile,
  INSPECTION_OUTCOMES,
  OUTCOME_LABELS,
  publicCommitment,
  publicDraw,
  type Commitment,
} from '../../domain/draw/index.ts';
import { drawPagePath } from '../../domain/draw/html.ts';
import type { Person } from '../../domain/roster/types.ts';
import type { DrawMeta, StoredTask } from '../../ports/draws.ts';

export const DRAW_CONFIG = buildDrawConfig(drawData);

export const drawIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/));
export const creditCodeSchema = z.string().check(z.regex(/^[0-9A-Z]{18}$/));

/** 抽查 and its exceptions: section heads and 行政审批科 (the domain's rule). */
export const mayRunDraw = canRunDraw;
export const DRAW_REFUSAL = '只有科室负责人和行政审批科可以组织抽查。如需调整角色，请联系行政审批科。';

/** Who sees every draw's results: the office, 行政审批科, the heads (局 and 科室). */
export const mayListDraws = (p: Person) => ['office', 'admin', 'head', 'section_head'].some((r) => p.roles.includes(r as never));

export function drawCardView(
  meta: DrawMeta,
  o: { commitment?: Commitment; file?: DrawFile; person?: Person; notice?: string } = {},
): DrawCardView {
  const c = o.file?.commitment ?? o.commitment;
  const pc = c ? publicCommitment(c) : undefined;
  const view: DrawCardView = {
    drawId: meta.drawId,
    planId: meta.planId,
    listItem: pc?.listItem ?? meta.listItemName,
    drawDate: meta.drawDate,
    deadline: meta.deadline,
    state: meta.status,
    pagePath: drawPagePath(meta.drawId),
    canRequestException: o.person !== undefined && (mayRunDraw(o.person) || o.person.roles.includes('head')),
  };
  if (pc) {
    view.commitment = {
      hash: pc.commitmentHash,
      seedHash: pc.seedHash,
      targets: pc.libraryHashes.targets,
      inspectors: pc.libraryHashes.inspectors,
      conflicts: pc.libraryHashes.conflicts,
      scope: pc.targetScope,
      sampleSize: pc.sampleSize,
      inspectorsPerTarget: pc.inspectorsPerTarget,
      algorithm: pc.algorithm,
    };
  }
  if (o.file && meta.status === 'revealed') {
    const d = publicDraw(o.file);
    view.seed = d.seed;
    view.populationSize = d.populationSize;
    view.targets = d.current.map((t) => ({
      position: t.position,
      name: t.name,
      creditCode: t.creditCode,
      inspectors: t.inspectors.map((i) => `${i.name}（${i.certificateNumber}）`),
    }));
    view.exceptions = d.exceptions.map((e) => `${e.kind}：${e.change}`);
  }
  if (meta.errors) view.errors = meta.errors;
  if (meta.supersededBy) view.supersededBy = meta.supersededBy;
  if (o.notice) view.notice = o.notice;
  return view;
}

export const OUTCOME_OPTIONS = INSPECTION_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABELS[value] }));

export function taskCardView(t: StoredTask, notice?: string): TaskCardView {
  return {
    drawId: t.drawId,
    planId: t.planId,
    listItem: t.listItem,
    creditCode: t.creditCode,
    name: t.name,
    deadline: t.deadline,
    inspectors: t.inspectors.map((i) => `${i.name}（${i.certificateNumber}）`),
    status: t.status,
    ...(t.result ? { resultLabel: `${OUTCOME_LABELS[t.result.outcome]}（${t.result.recordedBy.name}，${t.result.endedOn}；公示期限 ${t.result.publishBy}）` } : {}),
    outcomes: OUTCOME_OPTIONS,
    ...(notice ? { notice } : {}),
  };
}
