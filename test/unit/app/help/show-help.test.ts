/** 帮助: the help card, listing every command of the command table. */
import { describe, expect, it } from 'vitest';
import { HELP_COMMANDS } from '../../../../functions/app/commands.ts';
import { runJob } from '../../../../functions/app/jobs.ts';
import { cardText, messageJob, PEOPLE, useWorker } from '../harness.ts';

describe('Command: 帮助', () => {
  const h = useWorker();

  it('greets the person and lists every command, by each of its words', async () => {
    for (const word of ['帮助', 'help', '?', '？']) {
      h().sim.reset();
      await runJob(messageJob(h(), { from: PEOPLE.li.openId, text: word }), h().s);
      const card = cardText(h().sent()[0]);
      expect(card, word).toContain('执法助手 — 使用帮助');
      expect(card).toContain('李四');
      for (const c of HELP_COMMANDS) expect(card).toContain(c.description.slice(0, 6));
    }
    expect(HELP_COMMANDS.length).toBeGreaterThanOrEqual(5);
  });
});
