/** `期限 <案件编号>` and `我的期限`. */
import { beforeEach, describe, expect, it } from 'vitest';
import { syncDeadlinesJob } from '../../../../functions/app/deadlines/sync.ts';
import { decideInMemory, decision } from '../../../helpers/decision.ts';
import { cardText, NOW, PEOPLE, STRANGER, textOf, sayTo, useWorker, type WorkerHarness } from '../harness.ts';
import { HEAD, penaltyCase } from './helpers.ts';

const worker = useWorker();
let h: WorkerHarness;
beforeEach(async () => {
  h = worker();
  await h.roster.replaceAll([...Object.values(PEOPLE), HEAD], NOW.toISOString());
});

const say = (from: string, text: string) => sayTo(h, from, text);

describe('Command: 期限', () => {
  it('lists every deadline of the case: due date, rule, source, status, and the periods waiting for service', async () => {
    const c = await penaltyCase(h);
    decideInMemory(h.cases, c.caseId, decision({ date: '2026-02-27' }));
    const answer = await say(PEOPLE.zhang.openId, `期限 ${c.caseNumber}`);
    const text = cardText(answer);
    expect(text).toContain('案件期限');
    expect(text).toContain(c.caseNumber);
    expect(text).toContain('办案期限');
    expect(text).toContain('已完成');
    expect(text).toContain('公开');
    expect(text).toContain('送达');
    expect(text).toContain('国办发〔2018〕118号');
    // 起诉期限 / 复议期限 / 缴纳罚款 start at service.
    expect(text).toContain('待登记送达后计算');
    expect(text).toContain('"action":"case.show"');
  });

  it('marks a due date in a year whose holidays are not announced as provisional', async () => {
    const c = await penaltyCase(h);
    decideInMemory(h.cases, c.caseId, decision({ date: '2026-12-28' }));
    h.s.now = () => new Date('2026-12-28T02:00:00Z');
    expect(cardText(await say(PEOPLE.zhang.openId, `期限 ${c.caseNumber}`))).toContain('推算');
  });

  it('answers someone who may not see the case as if it did not exist, and a bad number with examples', async () => {
    const c = await penaltyCase(h);
    await h.roster.replaceAll([...Object.values(PEOPLE), HEAD, { ...PEOPLE.chen, openId: STRANGER }], NOW.toISOString());
    const refused = textOf(await say(STRANGER, `期限 ${c.caseNumber}`));
    expect(refused).toContain('未找到案件');
    expect(textOf(await say(PEOPLE.zhang.openId, '期限 xyz'))).toContain('没有读懂这个案件编号');
  });
});

describe('Command: 我的期限', () => {
  it('lists the person’s coming deadlines across cases, soonest first; not other people’s', async () => {
    const a = await penaltyCase(h);
    const b = await penaltyCase(h, [PEOPLE.chen, PEOPLE.zhang]);
    const other = await penaltyCase(h, [PEOPLE.li, PEOPLE.chen]);
    decideInMemory(h.cases, b.caseId, decision({ date: '2026-03-02' }));
    for (const c of [a, b, other]) await syncDeadlinesJob.run({ scope: 'case', caseId: c.caseId }, h.s);
    const text = cardText(await say(PEOPLE.zhang.openId, '我的期限'));
    expect(text).toContain(a.caseNumber);
    expect(text).toContain(b.caseNumber);
    expect(text).not.toContain(other.caseNumber);
    // b's publication (2026-03-11) before a's 办案期限 (2026-06-01).
    expect(text.indexOf(b.caseNumber)).toBeLessThan(text.indexOf(a.caseNumber));
  });

  it('shows the office the publication duties of every case, and says so when there is nothing', async () => {
    expect(cardText(await say(PEOPLE.sun.openId, '我的期限'))).toContain('目前没有与您有关的未完成期限');
    const c = await penaltyCase(h, [PEOPLE.li, PEOPLE.chen]);
    decideInMemory(h.cases, c.caseId, decision({ date: '2026-03-02' }));
    await syncDeadlinesJob.run({ scope: 'case', caseId: c.caseId }, h.s);
    const text = cardText(await say(PEOPLE.sun.openId, '我的期限'));
    expect(text).toContain('公开');
    expect(text).toContain(c.caseNumber);
    expect(text).not.toContain('办案期限');
  });
});

