/**
 * `npm run roster -- import <file>` / `list` as a child process against the run's DynamoDB Local.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoRosterStore } from '../../functions/adapters/dynamodb/roster-store.ts';
import { ensureTable } from '../../functions/adapters/dynamodb/table.ts';
import { type CliRun, runCli } from '../helpers/cli.ts';

const endpoint = inject('dynamoEndpoint');
let dir: string;
let client: DynamoDBClient;

/** `npm run roster -- <args>` against the run's DynamoDB Local and the given table. */
const cli = (tableName: string, ...args: string[]): Promise<CliRun> => runCli('local/roster-cli.ts', { dynamoEndpoint: endpoint, tableName }, args);

const table = () => `roster-cli-${randomUUID()}`;
// Tables made up front, in parallel (the CLI would otherwise create them, which is slow on DynamoDB Local).
const GOOD = table();
const BAD = table();
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const store = (t: string) => new DynamoRosterStore(DynamoDBDocumentClient.from(client), t);
/** `list` output → open_id → rest of the line. */
const listed = (out: string) => new Map(out.trim().split('\n').filter(Boolean).map((l) => [l.split('\t')[0], l]));

const PEOPLE = [
  { open_id: 'ou_cli_a', name: '张三', department: '运行监测科', roles: ['officer'], certificate: { number: '甘执0001', valid_until: '2029-12-31' } },
  { open_id: 'ou_cli_b', name: '李四', department: '运行监测科', roles: ['officer', 'reviewer'], certificate: { number: '甘执0002', valid_until: '2028-06-30' } },
  { open_id: 'ou_cli_c', name: '孙八', department: '办公室', roles: ['office'], certificate: null },
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roster-cli-'));
  client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await Promise.all([ensureTable(client, GOOD), ensureTable(client, BAD)]);
  // An existing roster that a failed import must leave untouched.
  await store(BAD).replaceAll([{ openId: 'ou_cli_a', name: '张三', department: '运行监测科', roles: ['officer'], certificate: null }], '2026-01-01T00:00:00.000Z');
});
afterAll(() => {
  client?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

// Child processes are slow on a loaded CI machine; generous per-test limits, sequential runs.
describe('roster CLI', { timeout: 60_000 }, () => {
  it('imports a good JSON file, lists it, and deactivates whoever a re-import leaves out', async () => {
    const t = GOOD;
    const first = await cli(t, 'import', file('good.json', JSON.stringify(PEOPLE, null, 2)));
    expect(first.stderr).not.toMatch(/错误|Error/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('已导入 3 人');

    const list = await cli(t, 'list');
    expect(list.code).toBe(0);
    const rows = listed(list.stdout);
    expect([...rows.keys()].sort()).toEqual(['ou_cli_a', 'ou_cli_b', 'ou_cli_c']);
    expect(rows.get('ou_cli_a')).toContain('张三');
    expect(rows.get('ou_cli_a')).toContain('甘执0001');
    expect(rows.get('ou_cli_b')).toContain('officer,reviewer');
    expect(rows.get('ou_cli_c')).toContain('无执法证');

    // Re-import without 李四 → 李四 leaves the roster (deactivated, not listed, not found).
    const again = await cli(t, 'import', file('again.json', JSON.stringify([PEOPLE[0], PEOPLE[2]])));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('已导入 2 人');
    expect(again.stdout).toContain('1 人已移出名册');
    // `list` prints listActive(); read it directly rather than starting another process.
    const [gone, active] = await Promise.all([store(t).get('ou_cli_b'), store(t).listActive()]);
    expect(gone).toBeNull();
    expect(active.map((p) => p.openId).sort()).toEqual(['ou_cli_a', 'ou_cli_c']);
  });

  it('rejects a CSV with two bad rows: exit 1, both lines named, nothing written', async () => {
    const t = BAD;

    const csv = [
      'open_id,name,department,roles,certificate_number,certificate_valid_until',
      'ou_cli_a,张三改名,运行监测科,officer,甘执0001,2029-12-31',
      'ou_cli_x,王五,产业发展科,boss,甘执0005,2029-12-31', // line 3: unknown role
      'ou_cli_y,"周""九""",产业发展科,officer;reviewer,,',
      'ou_cli_z,赵六,产业发展科,officer,甘执0006,2026-02-30', // line 5: bad date
    ].join('\r\n');
    const bad = await cli(t, 'import', file('bad.csv', csv));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('第 3 行');
    expect(bad.stderr).toContain('第 5 行');
    expect(bad.stderr).not.toContain('第 4 行');
    expect(bad.stdout).not.toContain('已导入');

    const s = store(t);
    const [active, y, a] = await Promise.all([s.listActive(), s.get('ou_cli_y'), s.get('ou_cli_a')]);
    expect(active.map((p) => p.openId)).toEqual(['ou_cli_a']);
    expect(y).toBeNull();
    expect(a?.name).toBe('张三'); // not renamed by the rejected file
  });

  it('answers usage errors with exit 2 without touching the database', async () => {
    const t = table();
    const txt = file('roster.txt', JSON.stringify(PEOPLE));
    const runs = await Promise.all([
      cli(t),
      cli(t, 'bogus'),
      cli(t, 'import'),
      cli(t, 'import', join(dir, 'missing.json')),
      cli(t, 'import', txt),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(2);
    expect(runs[0]?.stderr).toContain('usage');
    expect(runs[1]?.stderr).toContain('usage');
    expect(runs[2]?.stderr).toContain('usage');
    expect(runs[3]?.stderr).toContain('文件不存在');
    expect(runs[4]?.stderr).toContain('.json');
  });
});
