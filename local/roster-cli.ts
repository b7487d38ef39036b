/**
 * `npm run roster -- import <file>` loads the roster (JSON or CSV); `npm run roster -- list` prints it.
 * Talks to the running `npm start` stack if there is one, else opens DATA_DIR's database itself;
 * DYNAMODB_ENDPOINT + TABLE_NAME point it at any other DynamoDB (e.g. the deployed table with AWS credentials).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentClient } from '../functions/adapters/dynamodb/client.ts';
import { DynamoRosterStore } from '../functions/adapters/dynamodb/roster-store.ts';
import { ensureTable } from '../functions/adapters/dynamodb/table.ts';
import { importRoster, rosterFormat } from '../functions/app/roster-import.ts';
import { localDynamoClient, type RunningEngine, startDynamoDbLocal } from './engines.ts';
import { envPath, userPath } from './paths.ts';
import { LOCAL_DEFAULTS } from './stack.ts';

const USAGE = 'usage: npm run roster -- import <file.json|file.csv>\n       npm run roster -- list';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function connect(): Promise<{ client: DynamoDBClient; table: string; engine?: RunningEngine }> {
  const env = process.env;
  if (env.DYNAMODB_ENDPOINT || env.TABLE_NAME) {
    return {
      client: new DynamoDBClient(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
      table: env.TABLE_NAME ?? LOCAL_DEFAULTS.tableName,
    };
  }
  const dataDir = envPath('DATA_DIR', LOCAL_DEFAULTS.dataDir);
  const stateFile = join(dataDir, 'stack.json');
  if (existsSync(stateFile)) {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { pid: number; dynamoEndpoint: string; tableName: string };
    if (alive(state.pid)) return { client: localDynamoClient(state.dynamoEndpoint), table: state.tableName };
  }
  const engine = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
  return { client: localDynamoClient(engine.endpoint), table: LOCAL_DEFAULTS.tableName, engine };
}

async function main(argv: string[]): Promise<number> {
  const [cmd, given] = argv;
  const file = given === undefined ? undefined : userPath(given);
  if (cmd !== 'import' && cmd !== 'list') {
    console.error(USAGE);
    return 2;
  }
  if (cmd === 'import') {
    if (!file) {
      console.error(USAGE);
      return 2;
    }
    if (!existsSync(file)) {
      console.error(`文件不存在: ${given}`);
      return 2;
    }
    if (!rosterFormat(file)) {
      console.error('名册文件须为 .json 或 .csv');
      return 2;
    }
  }
  const { client, table, engine } = await connect();
  try {
    await ensureTable(client, table);
    const store = new DynamoRosterStore(documentClient(client), table);
    if (cmd === 'list') {
      for (const p of await store.listActive()) {
        const cert = p.certificate ? `${p.certificate.number} 至 ${p.certificate.validUntil}` : '无执法证';
        console.log(`${p.openId}\t${p.name}\t${p.department}\t${p.roles.join(',')}\t${cert}`);
      }
      return 0;
    }
    const result = await importRoster(readFileSync(file as string, 'utf8'), rosterFormat(file as string) as 'json' | 'csv', store, new Date());
    if (!result.ok) {
      console.error(`名册有 ${result.problems.length} 处错误，未导入任何记录：`);
      for (const p of result.problems) console.error(`  第 ${p.line} 行: ${p.message}`);
      return 1;
    }
    console.log(`已导入 ${result.written} 人${result.deactivated ? `，${result.deactivated} 人已移出名册` : ''}。`);
    return 0;
  } finally {
    await engine?.stop();
  }
}

process.exitCode = await main(process.argv.slice(2));
