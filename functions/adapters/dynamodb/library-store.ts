/**
 * 检查对象名录库 and the 回避名单 in the table (ports/draws.ts): one partition each (`TARGETS`,
 * `CONFLICTS`), written by the operator's CLI (BatchWriteItem, with the operator's credentials: no
 * function may write these partitions, infra/constructs/data-table.ts) and read whole by the draw.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient, DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Target } from '../../domain/draw/types.ts';
import type { InspectionLibraryStore, RecordedConflict } from '../../ports/draws.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';

const chunk = <T>(xs: readonly T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

function toTarget(i: Record<string, unknown>): Target {
  const t: Target = {
    creditCode: i.creditCode as string,
    name: i.name as string,
    type: i.targetType as Target['type'],
    riskLevel: i.riskLevel as Target['riskLevel'],
    sectorTags: (i.sectorTags as string[] | undefined) ?? [],
  };
  if (typeof i.address === 'string') t.address = i.address;
  return t;
}

export class DynamoInspectionLibraryStore implements InspectionLibraryStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private partition(pk: string, projection?: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ...(projection ? { ProjectionExpression: projection } : {}),
    });
  }

  private async batchWrite(requests: Record<string, unknown>[]): Promise<void> {
    for (const batch of chunk(requests, 25)) {
      let pending: Record<string, unknown[]> | undefined = { [this.table]: batch };
      for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
        if (attempt > 10) throw new Error('target library write did not complete');
        if (attempt > 0) await sleep(20 * 2 ** Math.min(attempt, 6));
        const res = await this.db.send(new BatchWriteCommand({ RequestItems: pending as never }));
        pending = res.UnprocessedItems as typeof pending;
      }
    }
  }

  async replaceTargets(targets: readonly Target[], at: string): Promise<{ written: number; removed: number }> {
    const before = await this.partition(keys.targets, 'sk');
    const keep = new Set(targets.map((t) => t.creditCode));
    const gone = before.map((i) => i.sk as string).filter((code) => !keep.has(code));
    await this.batchWrite(
      targets.map((t) => ({
        PutRequest: {
          Item: {
            ...keys.target(t.creditCode),
            type: 'target',
            creditCode: t.creditCode,
            name: t.name,
            targetType: t.type,
            riskLevel: t.riskLevel,
            sectorTags: t.sectorTags,
            ...(t.address !== undefined ? { address: t.address } : {}),
            importedAt: at,
          },
        },
      })),
    );
    await this.batchWrite(gone.map((code) => ({ DeleteRequest: { Key: keys.target(code) } })));
    return { written: targets.length, removed: gone.length };
  }

  async targets(): Promise<Target[]> {
    return (await this.partition(keys.targets)).map(toTarget);
  }

  async addConflict(c: RecordedConflict): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { ...keys.conflict(c.openId, c.creditCode), type: 'conflict', ...c } }));
  }

  async removeConflict(openId: string, creditCode: string): Promise<boolean> {
    const res = await this.db.send(new DeleteCommand({ TableName: this.table, Key: keys.conflict(openId, creditCode), ReturnValues: 'ALL_OLD' }));
    return res.Attributes !== undefined;
  }

  async conflicts(): Promise<RecordedConflict[]> {
    return (await this.partition(keys.conflicts)).map((i) => ({
      openId: i.openId as string,
      creditCode: i.creditCode as string,
      reason: i.reason as string,
      recordedBy: i.recordedBy as string,
      recordedAt: i.recordedAt as string,
    }));
  }
}
