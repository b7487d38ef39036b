/** The lists' configurable parts (data/lists.json), validated. The data is an argument; nothing is read here. */
import * as z from 'zod/mini';
import { LIST_KINDS, type ListKind } from './types.ts';
import { OPTIONAL_FIELDS } from './rows.ts';

const listSchema = z.object({
  title: z.string().check(z.minLength(1)),
  source: z.string().check(z.minLength(1)),
  requiredOptional: z.array(z.string()),
  notes: z.optional(z.array(z.string())),
  defaultField: z.optional(z.string().check(z.trim(), z.minLength(1))),
});

export const listsConfigFileSchema = z.object({
  $comment: z.optional(z.string()),
  lists: z.object({ matters: listSchema, inspection_items: listSchema, officers: listSchema }),
  workflow: z.object({ source: z.string().check(z.minLength(1)), notes: z.optional(z.array(z.string())) }),
});

export interface ListsConfig {
  titles: Record<ListKind, string>;
  sources: Record<ListKind, string>;
  /** Optional fields the bureau requires, per list. */
  requiredOptional: Record<ListKind, string[]>;
  /** 执法领域 of an officer when the app layer has none for them. */
  defaultField: string;
}

export class ListsConfigError extends Error {
  override name = 'ListsConfigError';
}

/** Validates data/lists.json. Throws ListsConfigError: a data error, not a user's. */
export function buildListsConfig(data: unknown): ListsConfig {
  const parsed = listsConfigFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.')}：${i.message}`).join('；');
    throw new ListsConfigError(`清单配置数据格式错误：${problems}`);
  }
  const lists = parsed.data.lists;
  const problems: string[] = [];
  for (const kind of LIST_KINDS) {
    for (const f of lists[kind].requiredOptional) {
      if (!OPTIONAL_FIELDS[kind].includes(f)) {
        problems.push(`lists.${kind}.requiredOptional：${f} 不是该清单的可选字段（可选：${OPTIONAL_FIELDS[kind].join('、') || '无'}）`);
      }
    }
  }
  const defaultField = lists.officers.defaultField;
  if (defaultField === undefined) problems.push('lists.officers.defaultField：缺少默认执法领域');
  if (problems.length > 0) throw new ListsConfigError(`清单配置数据格式错误：${problems.join('；')}`);
  const per = <T>(f: (kind: ListKind) => T) =>
    Object.fromEntries(LIST_KINDS.map((k) => [k, f(k)])) as Record<ListKind, T>;
  return {
    titles: per((k) => lists[k].title),
    sources: per((k) => lists[k].source),
    requiredOptional: per((k) => [...lists[k].requiredOptional]),
    defaultField: defaultField as string,
  };
}
