/**
 * Versioned lists and their approval chain: draft → submitted (by a section) → reviewed (行政审批科,
 * role admin) → approved (the head) → published. Returns go back to draft with a reason; a draft may
 * be withdrawn. A published version is never edited: a change starts a new draft. One open version per
 * list at a time. Every transition returns the new version and its record entries; the app layer
 * stores both together, conditioned on the state it read.
 */
import type { Person } from '../roster/types.ts';
import { type ListDiff, diffRows, diffSummary, isEmptyDiff } from './diff.ts';
import { KEY_FIELD, type RowOptions, SECTION_FIELD, fieldLabel, parseListRow, rowKey } from './rows.ts';
import { LIST_STATE_LABELS, type ListKind, type ListState, type ListVersion, type RowOf, type Transition } from './types.ts';

export const LIST_RECORD_ACTIONS = {
  'list.draft_created': '起草清单',
  'list.row_changed': '修改清单草稿',
  'list.submitted': '提交审核',
  'list.reviewed': '行政审批科审核通过',
  'list.approved': '负责人批准',
  'list.returned': '退回修改',
  'list.published': '发布清单',
  'list.withdrawn': '撤回草稿',
} as const;
export type ListRecordAction = keyof typeof LIST_RECORD_ACTIONS;

export interface ListRecordEntry {
  listKind: ListKind;
  versionId: string;
  version: number;
  action: ListRecordAction;
  actor: string; // open_id
  at: string;
  detail: Record<string, unknown>;
}

/** Why a transition was refused: the app layer answers double taps (`state`) differently from the rest. */
export type ListErrorCode = 'forbidden' | 'state' | 'invalid' | 'conflict' | 'unchanged';

export type ListOutcome<K extends ListKind> =
  | { ok: true; version: ListVersion<K>; entries: ListRecordEntry[] }
  | { ok: false; code: ListErrorCode; errors: string[] };

const fail = (code: ListErrorCode, ...errors: string[]) => ({ ok: false as const, code, errors });

const isAdmin = (p: Person) => p.roles.includes('admin');
const isHead = (p: Person) => p.roles.includes('head');
/** Sections draft: officers of an enforcement section, and 行政审批科 (who collects the lists). */
const canDraft = (p: Person) => p.roles.includes('officer') || isAdmin(p);

function entry<K extends ListKind>(
  v: ListVersion<K>,
  action: ListRecordAction,
  actor: Person,
  at: string,
  detail: Record<string, unknown> = {},
): ListRecordEntry {
  return { listKind: v.kind, versionId: v.id, version: v.version, action, actor: actor.openId, at, detail };
}

function move<K extends ListKind>(v: ListVersion<K>, to: ListState, actor: Person, at: string, note?: string): ListVersion<K> {
  const t: Transition = { from: v.state, to, actor: actor.openId, actorName: actor.name, at };
  if (note !== undefined && note !== '') t.note = note;
  return { ...v, state: to, trail: [...v.trail, t] };
}

const STATE_MESSAGES: Record<ListState, string> = {
  draft: '该版本是草稿，尚未提交审核',
  submitted: '该版本已提交，正等待行政审批科审核',
  reviewed: '该版本已审核，正等待负责人批准',
  approved: '该版本已批准，正等待发布',
  published: '该版本已发布。已发布的版本不能修改；修改会生成新的草稿版本',
  withdrawn: '该版本已撤回',
};

function wrongState(v: ListVersion, expected: ListState) {
  const already = v.state === expected ? '' : `（当前状态：${LIST_STATE_LABELS[v.state]}）`;
  return fail('state', `${STATE_MESSAGES[v.state]}${already}`);
}

function sectionOf<K extends ListKind>(kind: K, row: RowOf<K>): string | null {
  const f = SECTION_FIELD[kind];
  return f === null ? null : ((row as unknown as Record<string, string>)[f] ?? null);
}

/** Rows a person may touch: 行政审批科 all (it collects the lists); a section its own (the plan: 各执法科室编制本科室清单). */
function mayTouch<K extends ListKind>(kind: K, row: RowOf<K>, person: Person): boolean {
  if (isAdmin(person)) return true;
  if (SECTION_FIELD[kind] === null) return false;
  return sectionOf(kind, row) === person.department;
}

function notYours<K extends ListKind>(kind: K, row: RowOf<K>, person: Person): string {
  const label = fieldLabel(kind, KEY_FIELD[kind]);
  return `${label}「${rowKey(kind, row)}」属于${sectionOf(kind, row) ?? '行政审批科'}，${person.department}只能起草和修改本科室的事项`;
}

export interface StartDraftInput<K extends ListKind> {
  kind: K;
  id: string;
  at: string;
  author: Person;
  /** The latest published version (null: the list was never published). */
  current: ListVersion<K> | null;
  /** The list's open (unpublished, not withdrawn) version, if any. */
  open: ListVersion<K> | null;
  /**
   * The rows of the draft: with scope `section`, the author's section's rows only (they replace that
   * section's rows of the current version; other sections' rows are kept); with scope `whole`
   * (行政审批科 only), the whole list. Omitted: a copy of the current version, to edit row by row.
   */
  rows?: readonly RowOf<K>[];
  scope: 'section' | 'whole';
}

/**
 * Starts a draft. Refused: a person who may not draft; a draft while another version of the list is
 * open; a section's rows for another section; a key already used by another section's row; a whole
 * list from anyone but 行政审批科; the officers' directory from anyone but 行政审批科; no change.
 */
export function startDraft<K extends ListKind>(input: StartDraftInput<K>): ListOutcome<K> {
  const { kind, author, current, open } = input;
  if (!canDraft(author)) return fail('forbidden', '只有执法科室和行政审批科可以起草清单');
  if ((SECTION_FIELD[kind] === null || input.scope === 'whole') && !isAdmin(author)) {
    return fail('forbidden', SECTION_FIELD[kind] === null ? '执法人员名录由行政审批科根据人员名册生成' : '只有行政审批科可以整体替换清单，科室请导入本科室的事项');
  }
  if (open) {
    return fail('conflict', `该清单已有未发布的第 ${open.version} 版（${LIST_STATE_LABELS[open.state]}，${open.author.department}起草），请在其上修改，或待其发布、撤回后再起草`);
  }
  const base = current?.rows ?? [];
  let rows: RowOf<K>[];
  if (input.rows === undefined) rows = [...base];
  else if (input.scope === 'whole') rows = [...input.rows];
  else {
    const errors = input.rows.filter((r) => !mayTouch(kind, r, author)).map((r) => notYours(kind, r, author));
    if (errors.length > 0) return fail('forbidden', ...errors);
    const given = new Map(input.rows.map((r) => [rowKey(kind, r), r]));
    const kept: RowOf<K>[] = [];
    for (const r of base) {
      const key = rowKey(kind, r);
      if (!mayTouch(kind, r, author)) {
        if (given.has(key)) errors.push(`${fieldLabel(kind, KEY_FIELD[kind])}「${key}」已是${sectionOf(kind, r)}的事项，名称不能重复`);
        kept.push(r);
      } else if (given.has(key)) {
        kept.push(given.get(key) as RowOf<K>); // replaced in place
        given.delete(key);
      }
      // a row of the author's section missing from the file is removed
    }
    if (errors.length > 0) return fail('invalid', ...errors);
    rows = [...kept, ...given.values()];
  }
  const keys = new Set<string>();
  for (const r of rows) {
    const key = rowKey(kind, r);
    if (keys.has(key)) return fail('invalid', `${fieldLabel(kind, KEY_FIELD[kind])}「${key}」重复`);
    keys.add(key);
  }
  const diff = diffRows(kind, base, rows);
  if (input.rows !== undefined && isEmptyDiff(diff)) return unchanged(current);
  const version: ListVersion<K> = {
    kind,
    id: input.id,
    version: (current?.version ?? 0) + 1,
    baseVersion: current?.version ?? 0,
    state: 'draft',
    rows,
    author: { openId: author.openId, name: author.name, department: author.department },
    createdAt: input.at,
    trail: [{ from: null, to: 'draft', actor: author.openId, actorName: author.name, at: input.at }],
  };
  return { ok: true, version, entries: [entry(version, 'list.draft_created', author, input.at, changeDetail(diff))] };
}

function unchanged(current: ListVersion | null) {
  return fail('unchanged', current ? `与现行第 ${current.version} 版相比没有变化` : '清单中没有任何事项');
}

function changeDetail(d: ListDiff): Record<string, unknown> {
  return { summary: diffSummary(d), added: d.added.length, removed: d.removed.length, changed: d.changed.length };
}

export type RowChangeInput = { op: 'upsert'; row: unknown } | { op: 'remove'; key: string };

/**
 * Changes one row of a draft (a card): `upsert` adds or replaces the row with the same key, `remove`
 * deletes by key. The row is validated like an imported one. A section changes only its own rows, and
 * may not move a row to another section.
 */
export function changeDraftRow<K extends ListKind>(input: {
  version: ListVersion<K>;
  change: RowChangeInput;
  actor: Person;
  at: string;
  options?: RowOptions;
}): ListOutcome<K> {
  const { version: v, actor, change } = input;
  const kind = v.kind;
  if (v.state !== 'draft') return wrongState(v, 'draft');
  if (!canDraft(actor)) return fail('forbidden', '只有执法科室和行政审批科可以修改清单');
  if (change.op === 'remove') {
    const row = v.rows.find((r) => rowKey(kind, r) === change.key);
    if (!row) return fail('invalid', `草稿中没有「${change.key}」`);
    if (!mayTouch(kind, row, actor)) return fail('forbidden', notYours(kind, row, actor));
    const version = { ...v, rows: v.rows.filter((r) => r !== row) };
    return { ok: true, version, entries: [entry(version, 'list.row_changed', actor, input.at, { op: 'remove', key: change.key })] };
  }
  const parsed = parseListRow(kind, change.row, input.options);
  if (!parsed.ok) return fail('invalid', ...parsed.errors);
  const row = parsed.row;
  const key = rowKey(kind, row);
  if (!mayTouch(kind, row, actor)) return fail('forbidden', notYours(kind, row, actor));
  const index = v.rows.findIndex((r) => rowKey(kind, r) === key);
  const existing = v.rows[index];
  if (existing && !mayTouch(kind, existing, actor)) return fail('forbidden', notYours(kind, existing, actor));
  const rows = index >= 0 ? v.rows.map((r, i) => (i === index ? row : r)) : [...v.rows, row];
  const fields = existing ? diffRows(kind, [existing], [row]).changed[0]?.fields.map((x) => x.label) ?? [] : [];
  if (existing && fields.length === 0) return fail('unchanged', `「${key}」没有变化`);
  const version = { ...v, rows };
  const detail = existing ? { op: 'update', key, fields } : { op: 'add', key };
  return { ok: true, version, entries: [entry(version, 'list.row_changed', actor, input.at, detail)] };
}

/** A section submits its draft for 行政审批科's review: the author's section or 行政审批科; it must change something. */
export function submitDraft<K extends ListKind>(input: {
  version: ListVersion<K>;
  current: ListVersion<K> | null;
  actor: Person;
  at: string;
}): ListOutcome<K> {
  const { version: v, actor, current } = input;
  if (v.state !== 'draft') return wrongState(v, 'submitted');
  if (!isAdmin(actor) && !(canDraft(actor) && actor.department === v.author.department)) {
    return fail('forbidden', `只有${v.author.department}或行政审批科可以提交该草稿`);
  }
  const diff = diffRows(v.kind, current?.rows ?? [], v.rows);
  if (isEmptyDiff(diff)) return unchanged(current);
  if (v.rows.length === 0) return fail('invalid', '清单中没有任何事项，不能提交');
  const version = move(v, 'submitted', actor, input.at);
  return { ok: true, version, entries: [entry(version, 'list.submitted', actor, input.at, changeDetail(diff))] };
}

function returnNote(note: string | undefined): string | null {
  const n = note?.normalize('NFC').trim() ?? '';
  return n === '' ? null : n;
}

/** 行政审批科 reviews: `pass` sends it to the head, `return` back to draft with the reason. */
export function reviewDraft<K extends ListKind>(input: {
  version: ListVersion<K>;
  decision: 'pass' | 'return';
  actor: Person;
  at: string;
  note?: string;
}): ListOutcome<K> {
  const { version: v, actor } = input;
  if (!isAdmin(actor)) return fail('forbidden', '只有行政审批科可以审核清单');
  if (v.state !== 'submitted') return wrongState(v, 'reviewed');
  const note = returnNote(input.note);
  if (input.decision === 'return') {
    if (note === null) return fail('invalid', '退回时请写明需要修改的内容');
    const version = move(v, 'draft', actor, input.at, note);
    return { ok: true, version, entries: [entry(version, 'list.returned', actor, input.at, { by: 'review', note })] };
  }
  const version = move(v, 'reviewed', actor, input.at, note ?? undefined);
  return { ok: true, version, entries: [entry(version, 'list.reviewed', actor, input.at, note ? { note } : {})] };
}

/** The head approves (`approve`) or returns to draft with the reason; never a version they drafted. */
export function approveDraft<K extends ListKind>(input: {
  version: ListVersion<K>;
  decision: 'approve' | 'return';
  actor: Person;
  at: string;
  note?: string;
}): ListOutcome<K> {
  const { version: v, actor } = input;
  if (!isHead(actor)) return fail('forbidden', '只有负责人可以批准清单');
  if (v.state !== 'reviewed') return wrongState(v, 'approved');
  if (v.author.openId === actor.openId) return fail('forbidden', '不能批准本人起草的清单');
  const note = returnNote(input.note);
  if (input.decision === 'return') {
    if (note === null) return fail('invalid', '退回时请写明需要修改的内容');
    const version = move(v, 'draft', actor, input.at, note);
    return { ok: true, version, entries: [entry(version, 'list.returned', actor, input.at, { by: 'head', note })] };
  }
  const version = move(v, 'approved', actor, input.at, note ?? undefined);
  return { ok: true, version, entries: [entry(version, 'list.approved', actor, input.at, note ? { note } : {})] };
}

/**
 * Publishes an approved version (the app layer calls it when it writes the public page). Refused if
 * another version was published since this one was drafted. The earlier version stays published as
 * history; it is not changed.
 */
export function publishVersion<K extends ListKind>(input: {
  version: ListVersion<K>;
  current: ListVersion<K> | null;
  actor: Person;
  at: string;
}): ListOutcome<K> {
  const { version: v, current, actor } = input;
  if (v.state !== 'approved') return wrongState(v, 'published');
  if (!isAdmin(actor) && !isHead(actor)) return fail('forbidden', '只有负责人或行政审批科可以发布清单');
  if ((current?.version ?? 0) !== v.baseVersion) {
    return fail('conflict', `起草后清单已发布了第 ${current?.version ?? 0} 版，本版本不能发布；请撤回后在现行版本上重新起草`);
  }
  const diff = diffRows(v.kind, current?.rows ?? [], v.rows);
  const version = { ...move(v, 'published', actor, input.at), publishedAt: input.at };
  return { ok: true, version, entries: [entry(version, 'list.published', actor, input.at, changeDetail(diff))] };
}

/** The author or 行政审批科 withdraws an unpublished version; it is kept, closed, never published. */
export function withdrawDraft<K extends ListKind>(input: {
  version: ListVersion<K>;
  actor: Person;
  at: string;
  note?: string;
}): ListOutcome<K> {
  const { version: v, actor } = input;
  if (v.state === 'published' || v.state === 'withdrawn') return wrongState(v, 'withdrawn');
  if (!isAdmin(actor) && actor.openId !== v.author.openId) return fail('forbidden', '只有起草人或行政审批科可以撤回');
  const note = returnNote(input.note) ?? undefined;
  const version = move(v, 'withdrawn', actor, input.at, note);
  return { ok: true, version, entries: [entry(version, 'list.withdrawn', actor, input.at, note ? { note } : {})] };
}

export type ListAction = 'edit' | 'submit' | 'review' | 'approve' | 'return' | 'publish' | 'withdraw';

/** The buttons a card shows this person for this version (the transitions check again on the server). */
export function availableActions(v: ListVersion, person: Person): ListAction[] {
  const actions: ListAction[] = [];
  const ownSection = canDraft(person) && person.department === v.author.department;
  switch (v.state) {
    case 'draft':
      if (canDraft(person) && (isAdmin(person) || SECTION_FIELD[v.kind] !== null)) actions.push('edit');
      if (isAdmin(person) || ownSection) actions.push('submit');
      break;
    case 'submitted':
      if (isAdmin(person)) actions.push('review', 'return');
      break;
    case 'reviewed':
      if (isHead(person) && person.openId !== v.author.openId) actions.push('approve', 'return');
      break;
    case 'approved':
      if (isAdmin(person) || isHead(person)) actions.push('publish');
      break;
    default:
      return actions;
  }
  if (isAdmin(person) || person.openId === v.author.openId) actions.push('withdraw');
  return actions;
}
