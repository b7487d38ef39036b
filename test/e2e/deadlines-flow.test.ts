/**
 * Deadlines and reminders over HTTP exactly as Feishu sends them: a case filed through 立案 / 提交
 * gets its 办案期限 stored and scheduled by the worker; `期限` and `我的期限` answer with cards; at
 * the reminder's instant `POST /_dev/tick` fires its schedule and the reminder card reaches both
 * officers; its 打开案件 button, tapped as Feishu sends it back, answers with the case card. The
 * business clock is set by the test.
 */
import { describe, expect, it } from 'vitest';
import { USERS } from '../helpers/feishu.ts';
import { useTestStack } from '../helpers/stack.ts';
import { conversation, readable } from './evidence-helpers.ts';

let clock = new Date('2026-03-02T02:00:00.000Z');
const getStack = useTestStack({ now: () => clock });
const chat = conversation(getStack);

async function tick(iso: string) {
  clock = new Date(iso);
  const res = await fetch(`${getStack().botUrl}/_dev/tick`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: iso }) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { failed: unknown[]; schedules: { fired: string[] } };
  await getStack().jobs.idle();
  return body;
}

describe('E2E: 期限, 我的期限 and a reminder', () => {
  it('files a case, lists its deadline, reminds both officers at 09:00 seven days before, and the reminder opens the case', async () => {
    const { caseNumber } = await chat.fileCase(USERS.zhang, [USERS.zhang, USERS.li]);

    const [list] = await chat.say(USERS.li, `期限 ${caseNumber}`);
    const listed = readable(list);
    expect(listed).toContain('案件期限');
    expect(listed).toContain('办案期限');
    expect(listed).toContain('2026-06-01');
    expect(listed).toContain('行政处罚法》第六十条');

    const [mine] = await chat.say(USERS.zhang, '我的期限');
    expect(readable(mine)).toContain(caseNumber);
    const [stranger] = await chat.say(USERS.stranger, `期限 ${caseNumber}`);
    expect(readable(stranger)).not.toContain('办案期限');

    const since = chat.mark();
    const answer = await tick('2026-05-25T01:00:00.000Z');
    expect(answer.failed).toEqual([]);
    expect(answer.schedules.fired.length).toBeGreaterThan(0);
    const reminders = since().filter((m) => readable(m).includes('期限提醒'));
    expect(reminders.map((m) => m.receive_id).sort()).toEqual([USERS.li, USERS.zhang].sort());
    const card = reminders.find((m) => m.receive_id === USERS.li);
    expect(readable(card)).toContain(caseNumber);
    expect(readable(card)).toContain('还有 7 天');

    const res = await chat.tap(USERS.li, card!, '打开案件');
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json)).toContain(caseNumber);

    // A second tick at the same instant sends nothing again.
    const again = chat.mark();
    await tick('2026-05-25T01:00:00.000Z');
    expect(again().filter((m) => readable(m).includes('期限提醒'))).toEqual([]);
  });
});
