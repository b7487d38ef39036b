/** Shared fixtures for the reminder tests: the shipped configuration, calendar and rules. */
import reminderData from '../../../data/reminder-rules.json' with { type: 'json' };
import type { Person } from '../../../functions/domain/roster/types.ts';
import { type ReminderConfig, type TrackedDeadline, buildReminderConfig } from '../../../functions/domain/reminders/index.ts';
import { rules } from '../deadlines/helpers.ts';

export { cal, prng, randInt, rules } from '../deadlines/helpers.ts';

export const config: ReminderConfig = buildReminderConfig(reminderData, rules);

/** A fresh deep copy of the shipped data, to break in tests. */
export function reminderDataCopy(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(reminderData)) as Record<string, unknown>;
}

/** Shanghai wall clock → ISO instant with its offset. */
export function sh(localDateTime: string): string {
  return `${localDateTime}+08:00`;
}

export function deadline(over: Partial<TrackedDeadline> = {}): TrackedDeadline {
  return {
    id: 'case.2026-000001.publication.d1',
    kind: 'publication',
    ruleId: 'penalty_publication',
    ruleName: '处罚决定公开',
    what: '公开执法决定信息',
    subject: { type: 'case', caseId: '2026-000001', caseNumber: '甘经信立〔2026〕1号', decisionId: '1' },
    startDate: '2026-09-28',
    dueDate: '2026-10-13',
    weekday: '星期二',
    source: '国办发〔2018〕118号（行政执法公示制度·事后公开）',
    obligor: 'bureau',
    status: 'open',
    statusText: '未到期',
    provisional: false,
    explanation: [],
    people: ['ou_zhang', 'ou_li'],
    ...over,
  };
}

const p = (openId: string, name: string, department: string, roles: Person['roles']): Person => ({
  openId,
  name,
  department,
  roles,
  certificate: null,
});

/** The sample roster's shape: two officers, a reviewer/admin, the head, the office. */
export const roster: Person[] = [
  p('ou_zhang', '张三', '运行监测科', ['officer']),
  p('ou_li', '李四', '运行监测科', ['officer']),
  p('ou_wang', '王五', '产业发展科', ['officer']),
  p('ou_zhao', '赵六', '行政审批科', ['reviewer', 'admin']),
  p('ou_qian', '钱局长', '局领导', ['head']),
  p('ou_sun', '孙八', '办公室', ['office']),
];
