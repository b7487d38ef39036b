/**
 * `期限 <案件编号>`: every deadline of a case (due date, rule, source, status, provisional), the ones
 * waiting for their trigger and the ones that no longer apply — computed from the case as it is now.
 * `我的期限`: a person's coming deadlines across their cases, certificates, plan tasks and role duties,
 * soonest first, read through the due-date index (its reads grow with the open deadlines, not the cases).
 */
import { deadlineListCard, type DeadlineRowView } from '../../../cards/index.ts';
import { canViewCase } from '../../domain/case/access.ts';
import { addDays, dateWithWeekday, shanghaiDate } from '../../domain/deadlines/local-date.ts';
import { type TrackedDeadline, caseDeadlines, statusOf, statusText } from '../../domain/reminders/deadlines.ts';
import { deadlinesForPerson } from '../../domain/reminders/recipients.ts';
import { caseFromArg } from '../case/find-case.ts';
import { command } from '../intents.ts';
import { caseFacts } from './facts.ts';

function row(d: TrackedDeadline, withCase: boolean): DeadlineRowView {
  return {
    ruleName: d.ruleName,
    what: d.what,
    due: dateWithWeekday(d.dueDate),
    status: d.statusText,
    statusKind: d.status,
    source: d.source,
    provisional: d.provisional,
    ...(withCase && d.subject.type === 'case' ? { caseNumber: d.subject.caseNumber } : {}),
  };
}

export const listCaseDeadlinesCommand = command({
  words: ['期限'],
  prefix: true,
  help: { command: '期限 <案件编号>', description: '列出案件的全部期限：届满日、规则、依据、状态（未到期 / 已完成 / 已逾期），未公布放假安排的年份标注为推算' },
  async run(ctx) {
    const c = await caseFromArg(ctx, '期限', canViewCase);
    if (!c) return;
    const { settings, loadReview } = ctx.s.reminders;
    const today = shanghaiDate(ctx.s.now());
    const list = caseDeadlines(caseFacts(c, await loadReview(c.caseId)), { today, calendar: settings.calendar, rules: settings.rules });
    await ctx.privateCard(
      deadlineListCard({
        title: '案件期限',
        subtitle: c.caseNumber,
        rows: list.deadlines.map((d) => row(d, false)),
        pending: list.pending.map((p) => ({ ruleName: p.ruleName, text: p.text })),
        lapsed: list.lapsed.map((l) => ({ ruleName: l.ruleName, reason: l.reason })),
        empty: '该案件目前没有需要跟踪的期限。',
        action: { text: '打开案件', value: { action: 'case.show', case_id: c.caseId } },
      }),
    );
  },
});

/** How far 我的期限 looks back for overdue deadlines, and ahead for coming ones (起诉期限 is 6 months). */
export const MY_DEADLINES_BEHIND_DAYS = 90;
export const MY_DEADLINES_AHEAD_DAYS = 200;

export const listMyDeadlinesCommand = command({
  words: ['我的期限'],
  help: { command: '我的期限', description: '列出与您有关的即将到期和已逾期的期限（您的案件、证件、科室任务和角色职责），最近的在前' },
  async run(ctx) {
    const { deadlines, settings } = ctx.s.reminders;
    const today = shanghaiDate(ctx.s.now());
    const open = await deadlines.dueBetween(addDays(today, -MY_DEADLINES_BEHIND_DAYS), addDays(today, MY_DEADLINES_AHEAD_DAYS));
    // Stored when last synced: the status is as of today.
    const current = open.map(({ deadline: d }) => {
      const status = statusOf(d.dueDate, d.metOn, today);
      return { ...d, status, statusText: statusText(d.kind, status, false, d.dueDate === today) };
    });
    const mine = deadlinesForPerson(current, ctx.person, settings.config);
    await ctx.privateCard(
      deadlineListCard({
        title: '我的期限',
        subtitle: ctx.person.name,
        rows: mine.map((d) => row(d, true)),
        pending: [],
        lapsed: [],
        empty: '目前没有与您有关的未完成期限。',
      }),
    );
  },
});
