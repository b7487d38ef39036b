import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Person } from '../../domain/roster/types.ts';
import type { RosterStore } from '../../ports/index.ts';
import { GSI1, keys } from './keys.ts';
import { queryAll } from './query.ts';

function toPerson(item: Record<string, unknown>): Person {
  return {
    openId: item.openId as string,
    name: item.name as string,
    department: item.department as string,
    roles: item.roles as Person['roles'],
    certificate: (item.certificate as Person['certificate']) ?? null,
    ...(Array.isArray(item.specialties) && item.specialties.length > 0 ? { specialties: item.specialties as string[] } : {}),
  };
}

const chunk = <T>(xs: T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

export class DynamoRosterStore implements RosterStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(openId: string): Promise<Person | null> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.person(openId) }));
    return res.Item && res.Item.active === true ? toPerson(res.Item) : null;
  }

  async getMany(openIds: string[]): Promise<Map<string, Person>> {
    const out = new Map<string, Person>();
    for (const ids of chunk([...new Set(openIds)], 100)) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [this.table]: { Keys: ids.map((id) => keys.person(id)) },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
        if (attempt > 8) throw new Error('roster read did not complete');
        if (attempt > 0) await sleep(20 * 2 ** attempt);
        const res = await this.db.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of res.Responses?.[this.table] ?? []) {
          if (item.active === true) out.set(item.openId as string, toPerson(item));
        }
        request = res.UnprocessedKeys as typeof request;
      }
    }
    return out;
  }

  async listActive(): Promise<Person[]> {
    return (await queryAll(this.db, {
      TableName: this.table,
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :r',
      ExpressionAttributeValues: { ':r': keys.rosterIndex },
    })).map(toPerson);
  }

  async replaceAll(people: Person[], at: string): Promise<{ written: number; deactivated: number }> {
    const before = await this.listActive();
    const keep = new Set(people.map((p) => p.openId));
    const puts = people.map((p) => ({
      PutRequest: {
        Item: {
          ...keys.person(p.openId),
          type: 'person',
          gsi1pk: keys.rosterIndex,
          gsi1sk: `${p.department}#${p.name}#${p.openId}`,
          ...p,
          active: true,
          importedAt: at,
        },
      },
    }));
    for (const batch of chunk(puts, 25)) {
      let pending: Record<string, unknown[]> | undefined = { [this.table]: batch };
      for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
        if (attempt > 8) throw new Error('roster write did not complete');
        if (attempt > 0) await sleep(20 * 2 ** attempt);
        const res = await this.db.send(new BatchWriteCommand({ RequestItems: pending as never }));
        pending = res.UnprocessedItems as typeof pending;
      }
    }
    const gone = before.filter((p) => !keep.has(p.openId));
    for (const p of gone) {
      // Leaving the roster keeps the person's history (names on old cases) but ends their access.
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.person(p.openId),
          UpdateExpression: 'SET active = :f, deactivatedAt = :at REMOVE gsi1pk, gsi1sk',
          ExpressionAttributeValues: { ':f': false, ':at': at },
        }),
      );
    }
    return { written: people.length, deactivated: gone.length };
  }
}
