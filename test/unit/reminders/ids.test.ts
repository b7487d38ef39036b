import { describe, expect, it } from 'vitest';
import { SCHEDULE_NAME_MAX, isValidScheduleName, scheduleName, sendKey } from '../../../functions/domain/reminders/index.ts';
import { prng, randInt } from './helpers.ts';

describe('scheduleName', () => {
  it('is readable, deterministic and fits EventBridge Scheduler (1–64 of [0-9a-zA-Z-_.])', () => {
    const name = scheduleName('case.2026-000001.publication.d1', 'd7');
    expect(name).toMatch(/^case\.2026-000001\.publication\.d1\.d7-[0-9a-f]{12}$/);
    expect(scheduleName('case.2026-000001.publication.d1', 'd7')).toBe(name);
    expect(isValidScheduleName(name)).toBe(true);
  });

  it('long ids and foreign characters still give valid names (property)', () => {
    const rand = prng(41);
    const alphabet = 'abcXYZ019._-#/ 张三:ou_';
    for (let i = 0; i < 500; i++) {
      const len = randInt(rand, 1, 300);
      let id = '';
      for (let j = 0; j < len; j++) id += alphabet[randInt(rand, 0, alphabet.length - 1)];
      const name = scheduleName(id, 'esc');
      expect(name.length).toBeLessThanOrEqual(SCHEDULE_NAME_MAX);
      expect(isValidScheduleName(name)).toBe(true);
    }
  });

  it('distinct (deadline, point) pairs never share a name, even when they read alike', () => {
    expect(scheduleName('a.b', 'c')).not.toBe(scheduleName('a', 'b.c'));
    expect(scheduleName('case.x#1', 'd7')).not.toBe(scheduleName('case.x_1', 'd7'));
    const long = 'case.'.padEnd(80, 'x');
    expect(scheduleName(`${long}1`, 'd7')).not.toBe(scheduleName(`${long}2`, 'd7'));
    const names = new Set<string>();
    for (let c = 1; c <= 300; c++) {
      for (const p of ['d7', 'w1', 'd0', 'esc']) names.add(scheduleName(`case.2026-${String(c).padStart(6, '0')}.publication.d1`, p));
    }
    expect(names.size).toBe(1200);
  });

  it('the validator refuses what Scheduler refuses', () => {
    for (const bad of ['', 'a'.repeat(65), 'has space', 'slash/name', '名字', 7]) expect(isValidScheduleName(bad)).toBe(false);
    expect(isValidScheduleName('a'.repeat(64))).toBe(true);
  });
});

describe('sendKey', () => {
  it('is per (deadline, point, due date): a moved deadline is a new reminder, the same one is the same key', () => {
    expect(sendKey('case.2026-000001.publication.d1', 'd7', '2026-10-13')).toBe('case.2026-000001.publication.d1#d7#2026-10-13');
    expect(sendKey('x', 'd7', '2026-10-13')).not.toBe(sendKey('x', 'd7', '2026-10-14'));
    expect(sendKey('x', 'd7', '2026-10-13')).not.toBe(sendKey('x', 'w1', '2026-10-13'));
  });
});
