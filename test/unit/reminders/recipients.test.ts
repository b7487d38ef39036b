import { describe, expect, it } from 'vitest';
import {
  countdownText,
  deadlinesForPerson,
  reminderLine,
  resolveRecipients,
} from '../../../functions/domain/reminders/index.ts';
import { config, deadline, roster } from './helpers.ts';

const ids = (r: ReturnType<typeof resolveRecipients>) => r.openIds;

describe('resolveRecipients', () => {
  const pub = deadline();
  it('a case deadline: its officers; publication also the office; the escalation the head', () => {
    expect(ids(resolveRecipients(pub, config.kinds.service.audience, roster, config))).toEqual(['ou_zhang', 'ou_li']);
    expect(ids(resolveRecipients(pub, config.kinds.publication.audience, roster, config))).toEqual(['ou_zhang', 'ou_li', 'ou_sun']);
    expect(ids(resolveRecipients(pub, config.escalationAudience, roster, config))).toEqual(['ou_qian']);
    expect(ids(resolveRecipients(pub, config.kinds.legal_review.audience, roster, config))).toEqual(['ou_zhang', 'ou_li', 'ou_zhao']);
  });

  it('a certificate: its holder and 行政审批科', () => {
    const cert = deadline({ kind: 'certificate_expiry', people: ['ou_wang'], subject: { type: 'person', openId: 'ou_wang', name: '王五' } });
    expect(ids(resolveRecipients(cert, config.kinds.certificate_expiry.audience, roster, config))).toEqual(['ou_wang', 'ou_zhao']);
  });

  it('a plan task: its 责任科室; 各执法科室 is every officer', () => {
    const task = (department: string) => deadline({ kind: 'plan_task', people: [], department });
    const aud = config.kinds.plan_task.audience;
    expect(ids(resolveRecipients(task('各执法科室'), aud, roster, config))).toEqual(['ou_zhang', 'ou_li', 'ou_wang']);
    expect(ids(resolveRecipients(task('行政审批科'), aud, roster, config))).toEqual(['ou_zhao']);
    expect(ids(resolveRecipients(task('办公室'), aud, roster, config))).toEqual(['ou_sun']);
  });

  it('people not on the active roster are not written to; nobody left → the fallback (行政审批科), said so', () => {
    const gone = deadline({ people: ['ou_left', 'ou_li'] });
    expect(ids(resolveRecipients(gone, ['case_officers'], roster, config))).toEqual(['ou_li']);
    const nobody = resolveRecipients(deadline({ people: ['ou_left'] }), ['case_officers'], roster, config);
    expect(nobody).toEqual({ openIds: ['ou_zhao'], unresolved: ['case_officers'], usedFallback: true });
    const partly = resolveRecipients(pub, ['case_officers', 'role:office'], roster.filter((p) => p.openId !== 'ou_sun'), config);
    expect(partly).toEqual({ openIds: ['ou_zhang', 'ou_li'], unresolved: ['role:office'], usedFallback: false });
    const task = deadline({ kind: 'plan_task', people: [], department: '不存在的科' });
    expect(resolveRecipients(task, ['responsible_department'], roster, config).openIds).toEqual(['ou_zhao']);
    expect(resolveRecipients(pub, ['case_officers'], [], config)).toEqual({ openIds: [], unresolved: ['case_officers'], usedFallback: true });
  });

  it('no one is listed twice', () => {
    const both = roster.map((p) => (p.openId === 'ou_sun' ? { ...p, roles: ['office' as const, 'head' as const] } : p));
    expect(ids(resolveRecipients(pub, ['role:office', 'role:head', 'role:office'], both, config))).toEqual(['ou_sun', 'ou_qian']);
  });
});

describe('deadlinesForPerson (我的期限)', () => {
  const list = [
    deadline({ id: 'a', dueDate: '2026-10-20' }),
    deadline({ id: 'b', kind: 'service', dueDate: '2026-10-13', people: ['ou_wang'] }),
    deadline({ id: 'c', kind: 'service', dueDate: '2026-10-09', status: 'overdue' }),
    deadline({ id: 'd', kind: 'service', dueDate: '2026-10-01', status: 'met' }),
    deadline({ id: 'e', kind: 'certificate_expiry', dueDate: '2026-11-30', people: ['ou_zhang'] }),
    deadline({ id: 'f', kind: 'plan_task', dueDate: '2026-10-31', people: [], department: '各执法科室' }),
  ];
  const who = (openId: string) => deadlinesForPerson(list, roster.find((p) => p.openId === openId)!, config).map((d) => d.id);
  it('an officer: their cases, their certificate, plan tasks of 各执法科室; met ones left out; soonest first', () => {
    expect(who('ou_zhang')).toEqual(['c', 'a', 'f', 'e']);
    expect(who('ou_wang')).toEqual(['b', 'f']);
  });
  it('the office: publication duties; the head: overdue ones; 行政审批科: certificates', () => {
    expect(who('ou_sun')).toEqual(['a']);
    expect(who('ou_qian')).toEqual(['c']);
    expect(who('ou_zhao')).toEqual(['e']);
  });
});

describe('reminder wording', () => {
  it('counts down in days', () => {
    expect(countdownText('2026-10-13', '2026-10-08')).toBe('还有 5 天');
    expect(countdownText('2026-10-13', '2026-10-13')).toBe('今日到期');
    expect(countdownText('2026-10-13', '2026-10-15')).toBe('已逾期 2 天');
  });
  it('says what is due, when, and the legal source; a party period ends; a provisional date says so', () => {
    expect(reminderLine(deadline(), '2026-10-08')).toBe(
      '处罚决定公开：公开执法决定信息，期限 2026-10-13（星期二），还有 5 天（依据：国办发〔2018〕118号（行政执法公示制度·事后公开））',
    );
    const party = deadline({ kind: 'admin_review', ruleName: '复议期限', what: '当事人申请行政复议的期间届满', obligor: 'party', dueDate: '2026-11-30', source: '行政复议法第二十条' });
    expect(reminderLine(party, '2026-12-01')).toBe('复议期限：当事人申请行政复议的期间届满，期限 2026-11-30（星期一），已于 2026-11-30 届满（依据：行政复议法第二十条）');
    const cert = deadline({ kind: 'certificate_expiry', ruleName: '证件到期提醒', what: 'x', dueDate: '2026-11-30', source: 's' });
    expect(reminderLine(cert, '2026-12-02')).toContain('已于 2026-11-30 过期');
    expect(reminderLine(deadline({ provisional: true, dueDate: '2027-03-30' }), '2026-10-08')).toContain('（日期为推算，待公布放假安排后确认）');
  });
});
