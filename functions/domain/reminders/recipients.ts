/**
 * Who a reminder goes to. Audience tokens (from the reminder config) are resolved against the active
 * roster: a person who left is not written to; an audience that resolves to nobody falls back to the
 * configured fallback (行政审批科) so a reminder is never silently lost.
 */
import type { Person } from '../roster/types.ts';
import type { AudienceToken, ReminderConfig } from './config.ts';
import type { TrackedDeadline } from './deadlines.ts';

export interface Recipients {
  /** open_ids, in roster order, without repeats. */
  openIds: string[];
  /** Tokens that resolved to nobody. */
  unresolved: AudienceToken[];
  /** True when nobody was found and the fallback audience was used. */
  usedFallback: boolean;
}

type Target = Pick<TrackedDeadline, 'people' | 'department'>;

function matches(token: AudienceToken, person: Person, target: Target, config: ReminderConfig): boolean {
  if (token === 'case_officers' || token === 'subject_person' || token === 'deadline_people') return target.people.includes(person.openId);
  if (token === 'responsible_department') {
    const dept = target.department;
    if (dept === undefined) return false;
    const alias = config.departmentAliases?.[dept];
    return alias !== undefined ? person.roles.includes(alias.role) : person.department === dept;
  }
  return person.roles.some((r) => token === `role:${r}`);
}

export function resolveRecipients(
  target: Target,
  audience: readonly AudienceToken[],
  activeRoster: readonly Person[],
  config: ReminderConfig,
): Recipients {
  const pick = (tokens: readonly AudienceToken[]) => {
    const ids: string[] = [];
    const unresolved: AudienceToken[] = [];
    for (const token of tokens) {
      const found = activeRoster.filter((p) => matches(token, p, target, config));
      if (found.length === 0) unresolved.push(token);
      for (const p of found) if (!ids.includes(p.openId)) ids.push(p.openId);
    }
    return { ids, unresolved };
  };
  const first = pick(audience);
  if (first.ids.length > 0) return { openIds: first.ids, unresolved: first.unresolved, usedFallback: false };
  const fallback = pick(config.fallbackAudience);
  return { openIds: fallback.ids, unresolved: first.unresolved, usedFallback: true };
}

/**
 * `我的期限`: the deadlines whose reminders reach this person (their cases, their certificate, their
 * department's plan tasks, their role's duties), plus overdue ones they are the escalation audience
 * for; met ones left out; soonest first.
 */
export function deadlinesForPerson(
  deadlines: readonly TrackedDeadline[],
  person: Person,
  config: ReminderConfig,
): TrackedDeadline[] {
  return deadlines
    .filter((d) => d.status !== 'met')
    .filter(
      (d) =>
        config.kinds[d.kind].audience.some((t) => matches(t, person, d, config)) ||
        (d.status === 'overdue' && config.escalationAudience.some((t) => matches(t, person, d, config))),
    )
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
