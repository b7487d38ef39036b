import { describe, expect, it } from 'vitest';
import {
  DEADLINE_KINDS,
  ReminderConfigError,
  buildReminderConfig,
  pointsFor,
} from '../../../functions/domain/reminders/index.ts';
import { config, reminderDataCopy, rules } from './helpers.ts';

type Data = Record<string, any>;

function refuse(mutate: (d: Data) => void): string {
  const d = reminderDataCopy() as Data;
  mutate(d);
  try {
    buildReminderConfig(d, rules);
  } catch (err) {
    expect(err).toBeInstanceOf(ReminderConfigError);
    return (err as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('the shipped reminder configuration', () => {
  it('builds, and says where each choice comes from', () => {
    expect(config.sendMinute).toBe(9 * 60);
    expect(config.windowEndMinute).toBe(18 * 60);
    expect(config.timeZone).toBe('Asia/Shanghai');
    const data = reminderDataCopy() as Data;
    expect(typeof data.$comment).toBe('string');
    for (const profile of Object.values(data.profiles as Record<string, Data>)) expect(typeof profile.$comment).toBe('string');
  });

  it('the default points: 7 days and 1 working day before, on the day, and an escalation to the head', () => {
    expect(pointsFor(config, 'case_time_limit').map((p) => [p.id, p.escalation === true])).toEqual([
      ['d7', false],
      ['w1', false],
      ['d0', false],
      ['esc', true],
    ]);
    expect(config.escalationAudience).toEqual(['role:head']);
    for (const kind of ['case_time_limit', 'legal_review', 'service', 'publication', 'withdrawal', 'plan_task'] as const) {
      expect(config.kinds[kind].profile).toBe('standard');
    }
  });

  it('recipients by kind: officers; publication also the office; certificates the holder and 行政审批科; plan tasks their 责任科室', () => {
    expect(config.kinds.case_time_limit.audience).toEqual(['case_officers']);
    expect(config.kinds.publication.audience).toEqual(['case_officers', 'role:office']);
    expect(config.kinds.withdrawal.audience).toEqual(['case_officers', 'role:office']);
    expect(config.kinds.certificate_expiry.audience).toEqual(['subject_person', 'role:admin']);
    expect(config.kinds.plan_task.audience).toEqual(['responsible_department']);
    expect(config.departmentAliases?.各执法科室?.role).toBe('officer');
    expect(config.fallbackAudience).toEqual(['role:admin']);
  });

  it('configures every deadline kind', () => {
    for (const kind of DEADLINE_KINDS) expect(pointsFor(config, kind).length).toBeGreaterThan(0);
  });
});

describe('buildReminderConfig refuses', () => {
  it('a kind without configuration', () => {
    expect(refuse((d) => delete d.kinds.lawsuit)).toContain('kinds.lawsuit');
  });
  it('an unknown profile', () => {
    expect(refuse((d) => (d.kinds.service.profile = 'nope'))).toContain('期限类型 service 引用的提醒方案不存在：nope');
  });
  it('repeated point ids in a profile', () => {
    expect(refuse((d) => d.profiles.standard.points.push({ id: 'd7', label: 'x', before: { days: 3 } }))).toContain(
      '提醒方案 standard 的提醒点 id 重复：d7',
    );
  });
  it('a rule point naming a missing rule, or a rule that is not days_before', () => {
    expect(refuse((d) => (d.profiles.certificate.points[0].rule = 'nope'))).toContain('引用的规则不存在：nope');
    expect(refuse((d) => (d.profiles.certificate.points[0].rule = 'legal_review'))).toContain('不是“届满前若干日”规则');
  });
  it('a window that ends before it starts, and malformed times', () => {
    expect(refuse((d) => (d.sendWindowEnd = '08:00'))).toContain('sendWindowEnd 须晚于 sendTime');
    expect(refuse((d) => (d.sendTime = '9:00'))).toContain('sendTime');
    expect(refuse((d) => (d.sendTime = '24:00'))).toContain('sendTime');
  });
  it('an unknown audience', () => {
    expect(refuse((d) => (d.kinds.service.audience = ['role:boss']))).toContain('kinds.service.audience');
    expect(refuse((d) => (d.kinds.service.audience = []))).toContain('kinds.service.audience');
  });
  it('a point with two offsets, an unknown offset, or a bad id', () => {
    expect(refuse((d) => (d.profiles.standard.points[0] = { id: 'x', label: 'x', before: { days: 1, workingDays: 1 } }))).toContain(
      'profiles.standard.points.0',
    );
    expect(refuse((d) => (d.profiles.standard.points[0] = { id: 'x', label: 'x', before: { days: 1 }, rule: 'service' }))).toContain(
      'profiles.standard.points.0',
    );
    expect(refuse((d) => (d.profiles.standard.points[0] = { id: 'x', label: 'x', after: { workingDays: 0 } }))).toContain(
      'profiles.standard.points.0',
    );
    expect(refuse((d) => (d.profiles.standard.points[0].id = 'D7'))).toContain('profiles.standard.points.0');
    expect(refuse((d) => (d.profiles.standard.points[0].id = 'toolongid'))).toContain('profiles.standard.points.0');
  });
  it('a time zone other than Asia/Shanghai', () => {
    expect(refuse((d) => (d.timeZone = 'UTC'))).toContain('timeZone');
  });
});

describe('the shipped data documents itself', () => {
  it('every kind says where it comes from', () => {
    const data = reminderDataCopy() as Data;
    for (const [kind, v] of Object.entries(data.kinds as Record<string, Data>)) expect(typeof v.$comment, kind).toBe('string');
  });
});
