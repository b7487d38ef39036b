/**
 * Statistics against DynamoDB Local: appends reach the aggregator through the table's stream (the
 * offline poller stands in for the Lambda event source mapping), the month buckets then equal the
 * direct count from the record logs, and `npm run stats -- rebuild` agrees, finds a tampered counter
 * and repairs it.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import type { CaseLog } from '../../functions/domain/statistics/facts.ts';
import { computeFigures, figuresFromBuckets, monthPeriod, periodMonths, yearPeriod } from '../../functions/domain/statistics/index.ts';
import { statisticsContext } from '../../functions/handlers/deadlines.ts';
import { attachedContent, evidenceItem, filingRequest, officer } from '../helpers/factories.ts';
import { runCli } from '../helpers/cli.ts';
import { useTestStack } from '../helpers/stack.ts';

const getStack = useTestStack({ now: () => new Date('2026-11-20T02:00:00Z') });
const TODAY = '2026-11-20';

async function logsOf(caseIds: string[]): Promise<CaseLog[]> {
  const s = getStack().services;
  const out: CaseLog[] = [];
  for (const id of caseIds) {
    const c = await s.cases.get(id);
    if (!c) throw new Error(`no case ${id}`);
    out.push({ caseId: id, caseType: c.caseType, procedure: c.procedure, filingDate: c.filingDate, entries: await s.cases.records(id) });
  }
  return out;
}

describe('Statistics over the table stream', () => {
  const ids: string[] = [];

  it('counts filings and evidence as they are written, in the months they happened', async () => {
    const s = getStack().services;
    const officers = [officer('ou_a', '甲'), officer('ou_b', '乙')];
    for (const [i, filedAt] of ['2025-12-30T03:00:00.000Z', '2026-03-02T02:00:00.000Z', '2026-03-15T02:00:00.000Z', '2026-07-01T02:00:00.000Z'].entries()) {
      const { case: c } = await s.cases.fileCase(filingRequest({ formId: `stats-${i}`, year: Number(filedAt.slice(0, 4)), filedAt, officers }));
      ids.push(c.caseId);
      for (let k = 0; k < i + 1; k++) {
        const item = evidenceItem({ caseId: c.caseId, messageId: `om_${i}_${k}`, receivedAt: filedAt.replace('02:00', `0${k}:30`).replace('03:00', `0${k}:40`) });
        const r = await s.cases.attachEvidence(item, attachedContent(item));
        expect(r.kind).toBe('attached');
      }
    }
    await getStack().jobs.idle();
    const ctx = statisticsContext(TODAY);
    const input = { cases: await logsOf(ids), draws: [] };
    for (const p of [yearPeriod(2025, TODAY), yearPeriod(2026, TODAY), monthPeriod(2026, 3, TODAY), monthPeriod(2026, 7, TODAY)]) {
      const stored = figuresFromBuckets(await s.statistics.monthBuckets(periodMonths(p)), p, TODAY);
      expect(stored, p.id).toEqual(computeFigures(input, p, ctx).figures);
    }
    const march = figuresFromBuckets(await s.statistics.monthBuckets(['2026-03']), monthPeriod(2026, 3, TODAY), TODAY);
    expect(march.cases.filed).toBe(2);
    expect(march.evidence.items).toBe(5);
    // The cases behind 立案 in March, from the listing items the aggregator keeps.
    expect((await s.statistics.figureCases('filed', ['2026-03'], { limit: 10 })).items.map((i) => i.caseId)).toEqual([ids[1], ids[2]]);
  });

  it('rebuild --check agrees; a tampered counter is named; rebuild repairs it', async () => {
    const stack = getStack();
    const agree = await runCli('local/stats-cli.ts', stack, ['rebuild', '--check']);
    expect(agree.stderr).toBe('');
    expect(agree.stdout).toContain('cases and draws read: 4');
    expect(agree.stdout).toContain('stored and rebuilt agree');
    expect(agree.code).toBe(0);

    await stack.db.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: keys.statsBucket('2026-03'),
        UpdateExpression: 'ADD #c :n',
        ExpressionAttributeNames: { '#c': 'filed|行政检查' },
        ExpressionAttributeValues: { ':n': 5 },
      }),
    );
    const found = await runCli('local/stats-cli.ts', stack, ['rebuild', '--year', '2026', '--check']);
    expect(found.stdout).toContain('disagree: 2026-03 filed|行政检查: stored 7, rebuilt 2');
    expect(found.code).toBe(1);

    const repaired = await runCli('local/stats-cli.ts', stack, ['rebuild', '--year', '2026']);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain('written');
    const again = await runCli('local/stats-cli.ts', stack, ['rebuild', '--check']);
    expect(again.stdout).toContain('stored and rebuilt agree');
    expect(again.code).toBe(0);
    expect((await runCli('local/stats-cli.ts', stack, ['rebuild', '--year', '26'])).code).toBe(2);
    // Five CLI processes on a loaded machine: a bound, not a timing assertion.
  }, 180_000);
});
