/** The logger runs inside error handlers: whatever it is given, it writes one JSON line and never throws. */
import { describe, expect, it } from 'vitest';
import { createLogger, LOG_LIMITS } from '../../functions/config/logger.ts';

function capture() {
  const lines: string[] = [];
  const log = createLogger('test', 'debug', (l) => lines.push(l));
  const last = () => JSON.parse(lines[lines.length - 1] as string) as Record<string, any>;
  return { log, lines, last };
}

/** Nested `depth` levels deep, built without recursion. */
function nested(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

describe('Function: createLogger', () => {
  it('writes level, time, service, message and the data as one JSON line', () => {
    const { log, last } = capture();
    log.info('hello', { eventId: 'ev1', n: 2 });
    expect(last()).toMatchObject({ level: 'info', service: 'test', msg: 'hello', eventId: 'ev1', n: 2 });
  });

  it('serialises errors with their name, message, stack and cause', () => {
    const { log, last } = capture();
    const err = Object.assign(new Error('outer', { cause: new TypeError('inner') }), { $metadata: { httpStatusCode: 400 } });
    log.error('failed', { err });
    expect(last().err).toMatchObject({ name: 'Error', message: 'outer', $metadata: { httpStatusCode: 400 }, cause: { name: 'TypeError', message: 'inner' } });
    expect(last().err.stack).toContain('outer');
  });

  it('never throws: 100,000 levels deep (a card value), cycles, BigInt, throwing getters, toJSON and proxies', () => {
    const { log, lines, last } = capture();
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const getter = Object.defineProperty({ ok: 1 }, 'boom', { enumerable: true, get: () => { throw new Error('getter'); } });
    const badJson = { toJSON: () => { throw new Error('toJSON'); } };
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('ownKeys'); } });
    const inputs: Record<string, unknown>[] = [
      { value: nested(100_000) },
      { cyclic },
      { big: 12345678901234567890n },
      { getter },
      { badJson },
      { revoked: revoked.proxy },
      { hostile },
      { fn: () => 1, sym: Symbol('s'), undef: undefined, nan: Number.NaN },
      new Proxy({}, { ownKeys: () => { throw new Error('top level'); } }),
    ];
    for (const data of inputs) expect(() => log.warn('odd value', data)).not.toThrow();
    expect(lines).toHaveLength(inputs.length);
    for (const l of lines) expect(JSON.parse(l)).toMatchObject({ level: 'warn', msg: 'odd value' });
    const parsed = lines.map((l) => JSON.parse(l));
    expect(JSON.stringify(parsed[0])).toContain('[object]');
    expect(parsed[1].cyclic).toEqual({ name: 'loop', self: '[circular]' });
    expect(parsed[2].big).toBe('12345678901234567890n');
    expect(parsed[3].getter).toEqual({ ok: 1, boom: '[unreadable]' });
    expect(parsed[4].badJson).toBe('[unreadable]');
    expect(parsed[7]).toMatchObject({ fn: '[function fn]', sym: 'Symbol(s)', nan: null });
    expect(last()).toMatchObject({ level: 'warn' });
  });

  it('bounds huge values: long strings, wide objects and arrays, and the whole line', () => {
    const { log, lines, last } = capture();
    log.info('big', { s: 'x'.repeat(1_000_000), arr: Array.from({ length: 10_000 }, (_, i) => i), buf: Buffer.alloc(1_000_000) });
    const entry = last();
    expect(entry.s.length).toBeLessThan(LOG_LIMITS.stringChars + 50);
    expect(entry.arr).toHaveLength(LOG_LIMITS.entries + 1);
    expect(entry.arr.at(-1)).toBe(`…(${10_000 - LOG_LIMITS.entries} more)`);
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'v'.repeat(4000)]));
    log.info('wide', { wide, more: [wide, wide, wide] });
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(LOG_LIMITS.lineChars);
    expect(last().msg).toBe('wide');
  });

  it('survives a sink that throws', () => {
    const log = createLogger('test', 'info', () => {
      throw new Error('EPIPE');
    });
    expect(() => log.error('nowhere to go', { err: new Error('x') })).not.toThrow();
  });

  it('the data cannot overwrite the level, time, service or message', () => {
    const { log, last } = capture();
    log.info('real', { msg: 'forged', level: 'error', service: 'other' });
    expect(last()).toMatchObject({ level: 'info', msg: 'real', service: 'test' });
  });
});
