/**
 * The real Scheduler SDK client (serialisation, retries, timeouts, error parsing) against a loopback
 * HTTP endpoint that answers as the service does when it throttles, fails or hangs. A mock replaces
 * `send` and so cannot show that the client retries, gives up, or turns a wire error into the name
 * the adapter classifies.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSchedulerClient, EventBridgeReminderScheduler } from '../../functions/adapters/scheduler/eventbridge.ts';
import { planReminders, scheduleInput } from '../../functions/domain/reminders/index.ts';
import { SchedulingError } from '../../functions/ports/scheduling.ts';
import { cal, config, deadline, rules, sh } from '../unit/reminders/helpers.ts';

type Answer = { status: number; type?: string; hang?: boolean };
let answers: Answer[] = [];
const seen: { method: string; url: string; body: string }[] = [];
let server: Server;
let endpoint: string;

function reply(res: ServerResponse, a: Answer) {
  if (a.hang) return; // accepted, never answered
  const body = a.status < 300 ? { ScheduleArn: 'arn:aws:scheduler:ap-southeast-1:123456789012:schedule/g/n' } : { message: 'from the fake' };
  res.writeHead(a.status, { 'content-type': 'application/json', ...(a.type ? { 'x-amzn-errortype': a.type } : {}) });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      reply(res, answers.shift() ?? { status: 200 });
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  answers = [];
  seen.length = 0;
});

const planned = planReminders(deadline(), { now: sh('2026-09-28T10:00:00'), sent: new Set(), calendar: cal, rules, config });
const input = scheduleInput(planned[0]!);

function adapter(over: Parameters<typeof createSchedulerClient>[0] = {}) {
  const client = createSchedulerClient({
    endpoint,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    ...over,
  });
  return new EventBridgeReminderScheduler(client, {
    groupName: 'reminders',
    targetArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:Tick',
    roleArn: 'arn:aws:iam::123456789012:role/SchedulerRole',
    deadLetterArn: 'arn:aws:sqs:ap-southeast-1:123456789012:ReminderDeadLetters',
  });
}

describe('EventBridgeReminderScheduler over HTTP', () => {
  it('sends CreateSchedule to the group and name in the path, with the definition in the body', async () => {
    await expect(adapter().upsert(input)).resolves.toBe('created');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.url).toBe(`/schedules/${input.name}`);
    const body = JSON.parse(seen[0]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      GroupName: 'reminders',
      ScheduleExpression: input.expression,
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
    // The SDK fills in an idempotency token, and keeps it across its own retries.
    expect(body.ClientToken).toEqual(expect.any(String));
  });

  it('retries throttling and 5xx inside the client, with one idempotency token, then succeeds', async () => {
    answers = [{ status: 429, type: 'ThrottlingException' }, { status: 500, type: 'InternalServerException' }, { status: 200 }];
    await expect(adapter().upsert(input)).resolves.toBe('created');
    expect(seen).toHaveLength(3);
    const tokens = seen.map((s) => (JSON.parse(s.body) as { ClientToken: string }).ClientToken);
    expect(new Set(tokens).size).toBe(1);
  });

  it('gives up after three attempts and reports a retryable SchedulingError', async () => {
    answers = Array.from({ length: 3 }, () => ({ status: 429, type: 'ThrottlingException' }));
    const err = await adapter().upsert(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchedulingError);
    expect(err).toMatchObject({ retryable: true, code: 'ThrottlingException' });
    expect(seen).toHaveLength(3);
  });

  it('turns a conflict into an update (PUT) of the same schedule', async () => {
    answers = [{ status: 409, type: 'ConflictException' }, { status: 200 }];
    await expect(adapter().upsert(input)).resolves.toBe('updated');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([`POST /schedules/${input.name}`, `PUT /schedules/${input.name}`]);
  });

  it('does not retry a validation error and reports it as not retryable', async () => {
    answers = [{ status: 400, type: 'ValidationException' }];
    await expect(adapter().upsert(input)).rejects.toMatchObject({ retryable: false, code: 'ValidationException' });
    expect(seen).toHaveLength(1);
  });

  it('deletes with DELETE and the group as a query parameter; a 404 is "absent"', async () => {
    answers = [{ status: 404, type: 'ResourceNotFoundException' }];
    await expect(adapter().remove(input.name)).resolves.toBe('absent');
    expect(seen[0]!.method).toBe('DELETE');
    expect(seen[0]!.url).toMatch(new RegExp(`^/schedules/${input.name.replace(/\./g, '\\.')}\\?`));
    expect(new URL(seen[0]!.url, endpoint).searchParams.get('groupName')).toBe('reminders');
  });

  it('cuts off an endpoint that accepts and never answers (enforced timeout), as retryable', async () => {
    answers = [{ status: 0, hang: true }, { status: 0, hang: true }];
    const a = adapter({ maxAttempts: 2, requestHandler: { connectionTimeout: 200, requestTimeout: 300, throwOnRequestTimeout: true } });
    const err = await a.upsert(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchedulingError);
    expect(err).toMatchObject({ retryable: true });
    expect(seen).toHaveLength(2);
  });
});
