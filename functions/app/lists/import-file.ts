/**
 * `npm run lists -- import <file>`: a section's rows (or 行政审批科's whole list) as a new draft. Every
 * bad row is reported by line before anything is written; then the draft and its record entry are
 * stored like a card's, on the list's revision (and owing the list's job, which the tick hands on).
 */
import { FIELDS, type ImportProblem, LIST_KINDS, type ListKind, type ListVersion, parseListRows, startDraft } from '../../domain/lists/index.ts';
import { diffSummary, diffRows } from '../../domain/lists/diff.ts';
import type { Person } from '../../domain/roster/types.ts';
import type { ListStore, RosterStore } from '../../ports/index.ts';
import { LISTS_CONFIG } from '../public-site.ts';
import { newVersionId } from './views.ts';

export type ListImportResult =
  | { ok: true; version: ListVersion; summary: string }
  | { ok: false; problems: ImportProblem[] }
  | { ok: false; errors: string[] };

/** `matters`, `执法事项清单`, `行政执法事项清单`, … → the list. */
export function listKindFromName(name: string): ListKind | null {
  const n = name.trim();
  if ((LIST_KINDS as readonly string[]).includes(n)) return n as ListKind;
  for (const kind of LIST_KINDS) {
    const title = LISTS_CONFIG.titles[kind];
    if (n === title || title.endsWith(n)) return kind;
  }
  return null;
}

const norm = (h: string) => h.normalize('NFKC').trim().toLowerCase().replace(/[\s\-.]+/g, '_');

/** The list a file's columns belong to (columns only one list has), or null when they do not say. */
export function guessListKind(text: string, format: 'json' | 'csv'): ListKind | null {
  let headers: string[] = [];
  const body = text.replace(/^\uFEFF/, '');
  if (format === 'csv') headers = (body.split(/\r?\n/, 1)[0] ?? '').split(',');
  else {
    try {
      const first = (JSON.parse(body) as unknown[])[0];
      if (first && typeof first === 'object') headers = Object.keys(first);
    } catch {
      return null;
    }
  }
  const have = new Set(headers.map(norm));
  const own = (kind: ListKind) => {
    const others = new Set(LIST_KINDS.filter((k) => k !== kind).flatMap((k) => FIELDS[k].flatMap((f) => [f.key, f.label, ...f.aliases]).map(norm)));
    return FIELDS[kind].flatMap((f) => [f.key, f.label, ...f.aliases]).map(norm).filter((n) => !others.has(n));
  };
  const matches = LIST_KINDS.filter((k) => own(k).some((n) => have.has(n)));
  return matches.length === 1 ? (matches[0] as ListKind) : null;
}

export async function importListFile(input: {
  kind: ListKind;
  text: string;
  format: 'json' | 'csv';
  author: Person;
  /** 行政审批科 replacing the whole list; otherwise the author's section's rows. */
  whole: boolean;
  lists: ListStore;
  roster: RosterStore;
  at: Date;
}): Promise<ListImportResult> {
  const { kind } = input;
  const departments = [...new Set((await input.roster.listActive()).map((p) => p.department))];
  const options = kind === 'officers' ? { requiredOptional: LISTS_CONFIG.requiredOptional[kind] } : { requiredOptional: LISTS_CONFIG.requiredOptional[kind], sections: departments };
  const parsed = parseListRows(kind, input.text, input.format, options);
  if (!parsed.ok) return parsed;
  const head = await input.lists.head(kind);
  const draft = startDraft({
    kind,
    id: newVersionId(kind, input.at),
    at: input.at.toISOString(),
    author: input.author,
    current: head.current,
    open: head.open,
    rows: parsed.rows,
    scope: input.whole ? 'whole' : 'section',
  });
  if (!draft.ok) return { ok: false, errors: draft.errors };
  if (!(await input.lists.save(kind, head.rev, draft.version, draft.entries, input.at.toISOString()))) {
    return { ok: false, errors: ['清单刚被他人修改，请重新导入'] };
  }
  return { ok: true, version: draft.version, summary: diffSummary(diffRows(kind, (head.current?.rows ?? []) as never[], draft.version.rows as never[])) };
}
