/**
 * The 事前公开 lists in chat: the overview (`清单`), one list's card (the version in force, the open
 * version and the buttons this person may use — the server checks each again), the row form (one row
 * added, changed or removed), and the notices of the approval chain. Pure; user text is escaped.
 */
import type { ListAction } from '../functions/domain/lists/versions.ts';
import type { FieldSpec } from '../functions/domain/lists/rows.ts';
import type { ListKind } from '../functions/domain/lists/types.ts';
import {
  type ButtonElement,
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
  escapeMdMultiline,
  hr,
  markdown,
  plainText,
  red,
  submitButton,
  truncate,
} from './common.ts';
import type { CardActionValue } from './types.ts';

export interface ListSummaryView {
  kind: ListKind;
  title: string;
  /** `第 2 版（2026-03-02 发布，共 12 项）` or null before the first publication. */
  current: { version: number; publishedOn: string; rows: number } | null;
  open: { version: number; stateLabel: string; department: string } | null;
}

export interface ListCardView extends ListSummaryView {
  open:
    | (ListSummaryView['open'] & {
        versionId: string;
        authorName: string;
        rows: number;
        /** `新增 2 项，删除 1 项，修改 3 项` against the version in force. */
        summary: string;
        /** One line per changed row (`新增：…`, `修改：…（办理时限）`), the first few. */
        changes: string[];
        /** The last return's reason, if the version came back. */
        returnNote?: string;
      })
    | null;
  /** What this person may do with the open version (the server checks again). */
  actions: ListAction[];
  /** Start a new draft (a copy of the version in force), for those who draft. */
  canStart: boolean;
  /** 行政审批科: the officers' directory from the roster. */
  canGenerate: boolean;
  notice?: string;
  errors?: string[];
}

export interface ListRowFormView {
  kind: ListKind;
  title: string;
  versionId: string;
  version: number;
  fields: readonly FieldSpec[];
  /** Optional fields the bureau requires. */
  required: readonly string[];
  initial?: Record<string, string>;
  errors?: string[];
}

const LIMITS = { changes: 15, line: 120, note: 300 };

export const LIST_CARD_FORM = 'list_decision';
export const LIST_NOTE_FIELD = 'note';
export const LIST_ROW_FORM = 'list_row';
export const LIST_REMOVE_FORM = 'list_row_remove';
export const LIST_REMOVE_KEY_FIELD = 'key';

function currentLine(v: ListSummaryView): string {
  return v.current
    ? `现行：第 ${v.current.version} 版（${escapeMd(v.current.publishedOn)} 发布，共 ${v.current.rows} 项）`
    : '现行：尚未发布';
}

function openLine(v: ListSummaryView): string {
  return v.open ? `在办：第 ${v.open.version} 版，${escapeMd(v.open.stateLabel)}（${escapeMd(v.open.department)}）` : '在办：无';
}

/** `清单`: the three lists, each with its state and a 查看 button. */
export function listsOverviewCard(lists: readonly ListSummaryView[]): Card {
  const elements: CardElement[] = [markdown('事前公开的三张清单。查看后可起草、修改、提交审核；行政审批科审核、负责人批准后发布到公示网站。', 'notation')];
  for (const l of lists) {
    elements.push(
      hr(),
      columnSet(
        [
          column([markdown(`**${escapeMd(l.title)}**\n${currentLine(l)}\n${openLine(l)}`)], { weight: 4 }),
          column([callbackButton({ text: '查看', value: { action: 'list.show', kind: l.kind } })], { weight: 1, verticalAlign: 'center' }),
        ],
        { flexMode: 'none' },
      ),
    );
  }
  return card({ header: cardHeader('事前公开清单', 'blue'), summary: '事前公开清单', elements });
}

function noteInput(): InputElement {
  return {
    tag: 'input',
    name: LIST_NOTE_FIELD,
    required: false,
    max_length: 500,
    label: plainText('意见'),
    placeholder: plainText('退回时必填：写明需要修改的内容'),
    input_type: 'multiline_text',
    rows: 2,
    width: 'fill',
  };
}

/** One list: the version in force, the open version with what changed, and this person's buttons. */
export function listCard(v: ListCardView): Card {
  const elements: CardElement[] = [];
  if (v.notice) elements.push(markdown(`**${escapeMd(truncate(v.notice, 100))}**`));
  const errors = (v.errors ?? []).filter((e) => e.trim() !== '');
  if (errors.length > 0) elements.push(markdown(errors.map((e) => `- ${red(escapeMd(truncate(e, 200)))}`).join('\n')));
  elements.push(markdown(currentLine(v)));
  const o = v.open;
  if (o) {
    const lines = [
      `**在办：第 ${o.version} 版** · ${escapeMd(o.stateLabel)}`,
      `起草：${escapeMd(o.department)} ${escapeMd(o.authorName)} · 共 ${o.rows} 项 · 与现行版本相比：${escapeMd(o.summary)}`,
      ...o.changes.slice(0, LIMITS.changes).map((c) => `- ${escapeMd(truncate(c, LIMITS.line))}`),
    ];
    if (o.changes.length > LIMITS.changes) lines.push(`- 等共 ${o.changes.length} 处变化`);
    if (o.returnNote) lines.push(red(`退回意见：${escapeMd(truncate(o.returnNote, LIMITS.note))}`));
    elements.push(hr(), markdown(lines.join('\n')));
    const buttons: ButtonElement[] = [];
    const base = { kind: v.kind, version_id: o.versionId };
    if (v.actions.includes('edit')) buttons.push(callbackButton({ text: '修改事项', value: { action: 'list.row_form', ...base } }));
    if (v.actions.includes('submit')) buttons.push(callbackButton({ text: '提交审核', type: 'primary', value: { action: 'list.submit', ...base } }));
    if (v.actions.includes('publish')) buttons.push(callbackButton({ text: '发布', type: 'primary', value: { action: 'list.publish', ...base } }));
    if (v.actions.includes('withdraw')) {
      buttons.push(
        callbackButton({
          text: '撤回',
          type: 'danger',
          value: { action: 'list.withdraw', ...base },
          confirm: { title: '撤回该版本？', text: '撤回后该版本保留但不再发布，可重新起草。' },
        }),
      );
    }
    if (buttons.length > 0) elements.push(columnSet(buttons.map((b) => column([b])), { flexMode: 'flow', spacing: 'small' }));
    const decide = v.actions.includes('review') ? 'review' : v.actions.includes('approve') ? 'approve' : null;
    if (decide) {
      const pass: CardActionValue =
        decide === 'review' ? { action: 'list.review', ...base, decision: 'pass' } : { action: 'list.approve', ...base, decision: 'approve' };
      const back: CardActionValue =
        decide === 'review' ? { action: 'list.review', ...base, decision: 'return' } : { action: 'list.approve', ...base, decision: 'return' };
      elements.push({
        tag: 'form',
        name: LIST_CARD_FORM,
        elements: [
          noteInput(),
          columnSet(
            [
              column([submitButton(decide === 'review' ? '审核通过' : '批准并发布', 'pass', pass, 'primary_filled')]),
              column([submitButton('退回修改', 'return', back, 'danger')]),
            ],
            { spacing: 'medium' },
          ),
        ],
      });
    }
  } else {
    elements.push(markdown('在办：无'));
  }
  const start: ButtonElement[] = [];
  if (!o && v.canStart) start.push(callbackButton({ text: '起草新版本', value: { action: 'list.draft', kind: v.kind } }));
  if (!o && v.canGenerate) start.push(callbackButton({ text: '从人员名册生成', type: 'primary', value: { action: 'list.generate', kind: 'officers' } }));
  if (start.length > 0) elements.push(columnSet(start.map((b) => column([b])), { flexMode: 'flow', spacing: 'small' }));
  elements.push(markdown('批量导入：npm run lists -- import <文件>（JSON 或 CSV，每行问题按行号列出，全部无误才写入）', 'notation'));
  return card({
    header: cardHeader(v.title, o ? 'orange' : 'blue', o ? `第 ${o.version} 版 · ${o.stateLabel}` : undefined),
    summary: v.notice ?? v.title,
    elements,
  });
}

/** Adds or changes one row (by its key), or removes one. */
export function listRowFormCard(v: ListRowFormView): Card {
  const elements: CardElement[] = [
    markdown(`第 ${v.version} 版草稿。填写一项：名称与已有事项相同则修改该项，否则新增。`, 'notation'),
  ];
  const errors = (v.errors ?? []).filter((e) => e.trim() !== '');
  if (errors.length > 0) {
    elements.push(markdown([red('**未保存，请修改后重新提交：**'), ...errors.map((e) => `- ${red(escapeMd(truncate(e, 200)))}`)].join('\n')));
  }
  const inputs: CardElement[] = [];
  for (const f of v.fields) {
    const required = f.required || v.required.includes(f.key);
    const label = `${f.label}${required ? '' : '（选填）'}`;
    const initial = v.initial?.[f.key];
    if (f.choices) {
      const el: SelectStaticElement = {
        tag: 'select_static',
        name: f.key,
        required,
        placeholder: plainText(`请选择${f.label}`),
        options: f.choices.map((c) => ({ text: plainText(c), value: c })),
        width: 'fill',
      };
      if (initial !== undefined && f.choices.includes(initial)) el.initial_option = initial;
      inputs.push(markdown(escapeMd(label)), el);
      continue;
    }
    // Feishu's input takes at most 1,000 characters; longer texts come by import.
    const max = Math.min(f.max, 1000);
    const el: InputElement = {
      tag: 'input',
      name: f.key,
      required,
      max_length: max,
      label: plainText(label),
      placeholder: plainText(f.multiline ? `${f.label}（可分行）` : f.label),
      width: 'fill',
    };
    if (f.multiline) {
      el.input_type = 'multiline_text';
      el.rows = 3;
    }
    if (initial !== undefined && initial !== '') el.default_value = Array.from(initial).slice(0, max).join('');
    inputs.push(el);
  }
  const value = { kind: v.kind, version_id: v.versionId };
  inputs.push(submitButton('保存', 'save', { action: 'list.row_save', ...value }, 'primary_filled'));
  elements.push({ tag: 'form', name: LIST_ROW_FORM, elements: inputs });
  const keyLabel = v.fields[0]?.label ?? '名称';
  elements.push(hr(), markdown(`**删除一项**：填写${escapeMd(keyLabel)}`), {
    tag: 'form',
    name: LIST_REMOVE_FORM,
    elements: [
      {
        tag: 'input',
        name: LIST_REMOVE_KEY_FIELD,
        required: true,
        max_length: 200,
        label: plainText(keyLabel),
        placeholder: plainText(`要删除的${keyLabel}`),
        width: 'fill',
      },
      submitButton('删除', 'remove', { action: 'list.row_remove', ...value }, 'danger'),
    ],
  });
  return card({
    header: cardHeader(`${v.title} · 修改事项`, errors.length > 0 ? 'orange' : 'blue', `第 ${v.version} 版草稿`),
    summary: `${v.title}：修改事项`,
    elements,
  });
}

/** A short notice of the approval chain (with the list's card attached by the caller when useful). */
export function listNoticeCard(input: { title: string; text: string; note?: string; kind: ListKind }): Card {
  const lines = [escapeMdMultiline(input.text)];
  if (input.note) lines.push(`意见：${escapeMd(truncate(input.note, LIMITS.note))}`);
  return card({
    header: cardHeader(input.title, 'blue'),
    summary: input.text,
    elements: [markdown(lines.join('\n')), callbackButton({ text: '查看清单', value: { action: 'list.show', kind: input.kind } })],
  });
}
