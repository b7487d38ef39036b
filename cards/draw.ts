/**
 * The random-inspection draw in chat (双随机): the 抽查 form, the draw's card (commitment, result,
 * exceptions), an inspector's task card with its three results, the exception form and the head's
 * decision card, and the office's list of draws and results. Pure; every value from outside is escaped.
 */
import {
  type Card,
  type CardElement,
  type InputElement,
  type SelectStaticElement,
  callbackButton,
  card,
  cardHeader,
  column,
  columnSet,
  escapeMd,
  hr,
  markdown,
  plainText,
  red,
  submitButton,
  truncate,
} from './common.ts';
import type { ExceptionKind } from '../functions/domain/draw/types.ts';
import type { CardActionValue } from './types.ts';

export const DRAW_FORM = 'draw_form';
export const DRAW_FORM_FIELDS = {
  plan: 'plan_id',
  item: 'list_item',
  deadline: 'deadline',
  types: 'target_types',
  risks: 'risk_levels',
  tags: 'sector_tags',
  sample: 'sample',
  perTarget: 'inspectors_per_target',
  specialties: 'specialties',
} as const;
export const ALL_TYPES = 'all';

export interface DrawFormView {
  formId: string;
  /** Items of the 随机抽查事项清单 in force that this person may draw for. */
  items: { name: string; kind: string; section: string }[];
  listVersion: number;
  typeOptions: { value: string; label: string }[];
  minInspectors: number;
  maxInspectors: number;
  drawDate: string;
  initial?: Partial<Record<(typeof DRAW_FORM_FIELDS)[keyof typeof DRAW_FORM_FIELDS], string>>;
  errors?: string[];
}

export interface DrawTargetView {
  position: number;
  name: string;
  creditCode: string;
  /** `张三（川执5101001）` */
  inspectors: string[];
}

export interface DrawCardView {
  drawId: string;
  planId: string;
  listItem: string;
  drawDate: string;
  deadline: string;
  state: 'pending' | 'committed' | 'revealed' | 'failed';
  commitment?: {
    hash: string;
    seedHash: string;
    targets: string;
    inspectors: string;
    conflicts: string;
    scope: string;
    sampleSize: string;
    inspectorsPerTarget: number;
    algorithm: string;
  };
  seed?: string;
  populationSize?: number;
  targets?: DrawTargetView[];
  /** Approved exceptions, in words (as the public page says them). */
  exceptions?: string[];
  errors?: string[];
  supersededBy?: string;
  /** The page on the public site (`draws/<id>.html`). */
  pagePath: string;
  canRequestException: boolean;
  notice?: string;
}

export interface TaskCardView {
  drawId: string;
  planId: string;
  listItem: string;
  creditCode: string;
  name: string;
  deadline: string;
  inspectors: string[];
  status: 'open' | 'done' | 'removed' | 'superseded';
  resultLabel?: string;
  outcomes: { value: string; label: string }[];
  notice?: string;
  /** Sent as the task's deadline reminder: the reminder point (`届满前7日`) and whether it is overdue. */
  reminder?: { label: string; overdue: boolean };
}

export interface ExceptionFormView {
  drawId: string;
  /** A request from a task card: kind and target are fixed. */
  fixed?: { kind: ExceptionKind; kindLabel: string; creditCode: string; name: string };
  kinds: { value: string; label: string }[];
  targets: { creditCode: string; name: string }[];
  errors?: string[];
}

export interface ExceptionDecisionView {
  drawId: string;
  exceptionId: string;
  kindLabel: string;
  target?: string;
  inspector?: string;
  reason: string;
  requester: string;
  warnings?: string[];
}

export interface DrawListView {
  items: {
    drawId: string;
    planId: string;
    listItem: string;
    drawDate: string;
    statusLabel: string;
    total: number;
    recorded: number;
    published: number;
    /** The earliest publication due date of a recorded result not published yet. */
    nextDue?: string;
  }[];
}

const LIMITS = { targets: 30, text: 100, reason: 300, exceptions: 10 };

function input(name: string, label: string, placeholder: string, o: { required?: boolean; max?: number; initial?: string | undefined } = {}): InputElement {
  const max = o.max ?? 100;
  const el: InputElement = {
    tag: 'input',
    name,
    required: o.required ?? false,
    max_length: max,
    label: plainText(label),
    placeholder: plainText(placeholder),
    width: 'fill',
  };
  if (o.initial !== undefined && o.initial !== '') el.default_value = Array.from(o.initial).slice(0, max).join('');
  return el;
}

function select(name: string, placeholder: string, options: { value: string; label: string }[], initial?: string, required = true): SelectStaticElement {
  const el: SelectStaticElement = {
    tag: 'select_static',
    name,
    required,
    placeholder: plainText(placeholder),
    options: options.map((o) => ({ text: plainText(truncate(o.label, 60)), value: o.value })),
    width: 'fill',
  };
  if (initial !== undefined && options.some((o) => o.value === initial)) el.initial_option = initial;
  return el;
}

function errorsBlock(errors: readonly string[] | undefined, title: string): CardElement[] {
  const list = (errors ?? []).filter((e) => e.trim() !== '');
  return list.length === 0 ? [] : [markdown([red(`**${title}**`), ...list.map((e) => `- ${red(escapeMd(truncate(e, 200)))}`)].join('\n'))];
}

/** `抽查`: the list item, the target filter, how many targets, how many inspectors per target. */
export function drawFormCard(v: DrawFormView): Card {
  const f = DRAW_FORM_FIELDS;
  const i = v.initial ?? {};
  const perTarget = Array.from({ length: v.maxInspectors - v.minInspectors + 1 }, (_, k) => String(v.minInspectors + k));
  const fields: CardElement[] = [
    input(f.plan, '抽查计划', '如：2026年第三季度工业企业安全生产抽查（同一计划只能抽取一次）', { required: true, max: 100, initial: i.plan_id }),
    markdown(`**抽查事项**（随机抽查事项清单第 ${v.listVersion} 版）`),
    select(f.item, '请选择抽查事项', v.items.map((x) => ({ value: x.name, label: `${x.name}（${x.kind}，${x.section}）` })), i.list_item),
    input(f.deadline, '检查截止日期', '如：2026-09-30（每个检查任务的期限）', { required: true, max: 10, initial: i.deadline }),
    markdown('**检查对象类型**'),
    select(f.types, '全部类型', [{ value: ALL_TYPES, label: '全部类型' }, ...v.typeOptions], i.target_types ?? ALL_TYPES),
    input(f.risks, '信用风险等级（选填）', '如：B C D；不填为全部', { max: 20, initial: i.risk_levels }),
    input(f.tags, '行业标签（选填）', '如：工业；建材（符合其一即可）；不填为全部', { max: 200, initial: i.sector_tags }),
    input(f.sample, '抽取数量', '户数（如 10）或比例（如 5%，向上取整）', { required: true, max: 10, initial: i.sample }),
    markdown('**每户检查人员数**（不少于 2 名）'),
    select(f.perTarget, '每户检查人员数', perTarget.map((n) => ({ value: n, label: `${n} 名` })), i.inspectors_per_target ?? String(v.minInspectors)),
    input(f.specialties, '检查人员专长（选填）', '如：安全生产（具备其一即可）；不填为全部', { max: 200, initial: i.specialties }),
    submitButton('抽取', 'submit', { action: 'draw.start', form_id: v.formId }),
  ];
  return card({
    header: cardHeader('双随机抽查', (v.errors ?? []).length > 0 ? 'orange' : 'blue'),
    summary: '双随机抽查',
    elements: [
      markdown(
        `抽取日期 ${escapeMd(v.drawDate)}。抽取前冻结检查对象名录库、执法检查人员名录库和回避名单，并把承诺（种子哈希、名录库哈希、算法和参数）发到办公室和公示网站；之后公布种子和结果，任何人可复核。`,
        'notation',
      ),
      ...errorsBlock(v.errors, '未能抽取，请修改后重新提交：'),
      { tag: 'form', name: DRAW_FORM, elements: fields },
    ],
  });
}

function targetLines(targets: readonly DrawTargetView[]): string {
  const shown = targets.slice(0, LIMITS.targets).map(
    (t) => `${t.position}. ${escapeMd(truncate(t.name, 60))}（${escapeMd(t.creditCode)}）：${t.inspectors.map((x) => escapeMd(x)).join('、')}`,
  );
  if (targets.length > LIMITS.targets) shown.push(`等共 ${targets.length} 户，完整结果见公示网站`);
  return shown.length > 0 ? shown.join('\n') : '无';
}

/** A draw: the commitment (before the draw), then the seed and the result, the approved exceptions. */
export function drawCard(v: DrawCardView): Card {
  const elements: CardElement[] = [];
  if (v.notice) elements.push(markdown(`**${escapeMd(truncate(v.notice, 120))}**`));
  elements.push(
    markdown(
      [
        `**抽取编号**：${escapeMd(v.drawId)}`,
        `**抽查计划**：${escapeMd(truncate(v.planId, 100))}`,
        `**抽查事项**：${escapeMd(truncate(v.listItem, 100))}`,
        `**抽取日期**：${escapeMd(v.drawDate)} · **检查截止**：${escapeMd(v.deadline)}`,
      ].join('\n'),
    ),
  );
  if (v.state === 'failed') elements.push(...errorsBlock(v.errors, '未能抽取（未作出承诺）：'));
  if (v.state === 'pending') elements.push(markdown('正在冻结名录库并生成承诺……', 'notation'));
  const c = v.commitment;
  if (c) {
    elements.push(
      hr(),
      markdown(
        [
          '**抽取承诺**（抽取前公布）',
          `检查对象范围：${escapeMd(c.scope)} · 抽取数量：${escapeMd(c.sampleSize)} · 每户 ${c.inspectorsPerTarget} 名 · 算法 ${escapeMd(c.algorithm)}`,
          `承诺哈希：${escapeMd(c.hash)}`,
          `种子哈希：${escapeMd(c.seedHash)}`,
          `检查对象名录库：${escapeMd(c.targets)}`,
          `执法检查人员名录库：${escapeMd(c.inspectors)}`,
          `回避名单：${escapeMd(c.conflicts)}`,
        ].join('\n'),
      ),
    );
  }
  if (v.state === 'revealed' && v.targets) {
    elements.push(
      hr(),
      markdown(
        [
          `**抽取结果**（种子 ${escapeMd(v.seed ?? '')}；符合条件 ${v.populationSize ?? 0} 户）`,
          targetLines(v.targets),
        ].join('\n'),
      ),
    );
    if ((v.exceptions ?? []).length > 0) {
      const ex = (v.exceptions ?? []).slice(0, LIMITS.exceptions).map((e) => `- ${escapeMd(truncate(e, 200))}`);
      elements.push(markdown(['**例外处理**（经负责人批准，原结果保留）', ...ex].join('\n')));
    }
    if (v.supersededBy) elements.push(markdown(red(`已经负责人批准重新抽取，以 ${escapeMd(v.supersededBy)} 的结果为准`)));
  }
  elements.push(markdown(`公示网站：${escapeMd(v.pagePath)}　复核：npm run draw -- verify <该页面的 .json 文件网址>`, 'notation'));
  if (v.state === 'revealed' && v.canRequestException && !v.supersededBy) {
    elements.push(callbackButton({ text: '申请例外（重新抽取、回避、注销或吊销）', value: { action: 'draw.exception_form', draw_id: v.drawId } }));
  }
  const titles = { pending: '抽取中', committed: '已承诺', revealed: '抽取结果', failed: '未能抽取' } as const;
  return card({
    header: cardHeader(`双随机抽查 · ${titles[v.state]}`, v.state === 'failed' ? 'red' : v.state === 'revealed' ? 'green' : 'blue', v.drawId),
    summary: `${titles[v.state]}：${v.planId}`,
    elements,
  });
}

/** One drawn target, for its inspectors: record the result, or ask for a recusal / report it struck off. */
export function taskCard(v: TaskCardView): Card {
  const elements: CardElement[] = [];
  if (v.notice) elements.push(markdown(`**${escapeMd(truncate(v.notice, 120))}**`));
  elements.push(
    markdown(
      [
        `**检查对象**：${escapeMd(truncate(v.name, 100))}（${escapeMd(v.creditCode)}）`,
        `**抽查事项**：${escapeMd(truncate(v.listItem, 100))}`,
        `**抽查计划**：${escapeMd(truncate(v.planId, 100))}（${escapeMd(v.drawId)}）`,
        `**检查人员**：${v.inspectors.map((x) => escapeMd(x)).join('、')}`,
        `**检查截止**：${escapeMd(v.deadline)}`,
      ].join('\n'),
    ),
  );
  if (v.status === 'open') {
    const value = (outcome: string): CardActionValue => ({ action: 'inspection.record', draw_id: v.drawId, credit_code: v.creditCode, outcome }) as CardActionValue;
    elements.push(
      markdown('检查结束后记录结果（检查结束之日起 20 个工作日内公示）：', 'notation'),
      columnSet(
        v.outcomes.map((o) =>
          column([
            callbackButton({
              text: o.label,
              type: o.value === 'case_referred' ? 'danger' : 'primary',
              value: value(o.value),
              confirm: { title: `记录结果：${o.label}`, text: `${truncate(v.name, 40)}的检查结果记为“${o.label}”，记录后不能更改。` },
            }),
          ]),
        ),
        { flexMode: 'flow', spacing: 'small' },
      ),
      columnSet(
        [
          column([callbackButton({ text: '申请回避', value: { action: 'draw.exception_form', draw_id: v.drawId, kind: 'recusal', credit_code: v.creditCode } })]),
          column([callbackButton({ text: '报告注销或吊销', value: { action: 'draw.exception_form', draw_id: v.drawId, kind: 'struck_off', credit_code: v.creditCode } })]),
        ],
        { flexMode: 'flow', spacing: 'small' },
      ),
    );
  } else if (v.status === 'done') {
    elements.push(markdown(`**检查结果**：${escapeMd(v.resultLabel ?? '')}`));
  } else {
    elements.push(markdown(red(v.status === 'superseded' ? '该次抽取已被重新抽取取代，本任务取消' : '经批准的例外已将本检查对象移出抽取结果，本任务取消')));
  }
  if (v.reminder) {
    return card({
      header: cardHeader('期限提醒：双随机检查任务', v.reminder.overdue ? 'red' : 'orange', `${v.reminder.label} · ${truncate(v.name, 30)}`),
      summary: `检查任务期限提醒：${v.name} ${v.deadline}`,
      elements,
    });
  }
  return card({
    header: cardHeader('双随机检查任务', v.status === 'open' ? 'blue' : v.status === 'done' ? 'green' : 'grey', truncate(v.name, 30)),
    summary: `检查任务：${v.name}`,
    elements,
  });
}

/** A request for an exception, with its reason (always required). */
export function exceptionFormCard(v: ExceptionFormView): Card {
  const fields: CardElement[] = [];
  if (v.fixed) {
    fields.push(markdown(`**${escapeMd(v.fixed.kindLabel)}**：${escapeMd(truncate(v.fixed.name, 100))}（${escapeMd(v.fixed.creditCode)}）`));
  } else {
    fields.push(markdown('**例外类型**'), select('kind', '请选择例外类型', v.kinds), markdown('**检查对象**（回避、注销或吊销时选择）'));
    if (v.targets.length > 0) {
      fields.push(select('credit_code', '请选择检查对象', v.targets.map((t) => ({ value: t.creditCode, label: `${t.name}（${t.creditCode}）` })), undefined, false));
    }
    fields.push(input('certificate_number', '回避的检查人员执法证号（回避时填写）', '如：川执5101002', { max: 50 }));
  }
  fields.push(
    input('reason', '理由', '必填：写明理由（如：与该企业存在利害关系；该企业已于某日注销）', { required: true, max: 500 }),
    submitButton(
      '提交负责人批准',
      'submit',
      v.fixed
        ? { action: 'draw.exception_request', draw_id: v.drawId, kind: v.fixed.kind, credit_code: v.fixed.creditCode }
        : ({ action: 'draw.exception_request', draw_id: v.drawId } as CardActionValue),
    ),
  );
  return card({
    header: cardHeader('抽取例外申请', (v.errors ?? []).length > 0 ? 'orange' : 'blue', v.drawId),
    summary: '抽取例外申请',
    elements: [
      markdown('重新抽取、检查人员回避、检查对象注销或吊销，须经负责人批准并记录，与原抽取结果一并公示。', 'notation'),
      ...errorsBlock(v.errors, '未能提交：'),
      { tag: 'form', name: 'exception_form', elements: fields },
    ],
  });
}

/** The head's card: approve, or reject with a reason. */
export function exceptionDecisionCard(v: ExceptionDecisionView): Card {
  const lines = [
    `**类型**：${escapeMd(v.kindLabel)}`,
    ...(v.target ? [`**检查对象**：${escapeMd(truncate(v.target, 120))}`] : []),
    ...(v.inspector ? [`**检查人员**：${escapeMd(v.inspector)}`] : []),
    `**理由**：${escapeMd(truncate(v.reason, LIMITS.reason))}`,
    `**申请人**：${escapeMd(v.requester)}`,
    ...(v.warnings ?? []).map((w) => red(escapeMd(w))),
  ];
  const base = { draw_id: v.drawId, exception_id: v.exceptionId };
  return card({
    header: cardHeader('抽取例外 · 待负责人批准', 'orange', v.drawId),
    summary: `抽取例外待批准：${v.kindLabel}`,
    elements: [
      markdown(lines.join('\n')),
      {
        tag: 'form',
        name: 'exception_decision',
        elements: [
          input('note', '意见', '驳回时必填', { max: 500 }),
          columnSet(
            [
              column([submitButton('批准', 'approve', { action: 'draw.exception_decide', ...base, decision: 'approve' })]),
              column([submitButton('驳回', 'reject', { action: 'draw.exception_decide', ...base, decision: 'reject' }, 'danger')]),
            ],
            { spacing: 'medium' },
          ),
        ],
      },
    ],
  });
}

/** `抽查结果`: the draws, how many results are recorded and published, the next publication due. */
export function drawListCard(v: DrawListView): Card {
  const elements: CardElement[] = [];
  if (v.items.length === 0) elements.push(markdown('暂无抽取。'));
  for (const d of v.items) {
    const due = d.nextDue ? ` · 待公示，最迟 ${escapeMd(d.nextDue)}` : '';
    elements.push(
      columnSet(
        [
          column(
            [
              markdown(
                `**${escapeMd(truncate(d.planId, 60))}**（${escapeMd(d.drawId)}）\n${escapeMd(d.drawDate)} · ${escapeMd(truncate(d.listItem, 40))} · ${escapeMd(d.statusLabel)}\n` +
                  `检查结果 ${d.recorded}/${d.total}，已公示 ${d.published}${due}`,
              ),
            ],
            { weight: 4 },
          ),
          column([callbackButton({ text: '查看', value: { action: 'draw.show', draw_id: d.drawId } })], { weight: 1, verticalAlign: 'center' }),
        ],
        { flexMode: 'none' },
      ),
    );
  }
  return card({ header: cardHeader('双随机抽查结果', 'blue'), summary: '双随机抽查结果', elements });
}
