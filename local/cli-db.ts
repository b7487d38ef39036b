/**
 * The database the offline CLIs (`npm run roster`, `lists`, `draw`, `stats`) talk to:
 * DYNAMODB_ENDPOINT / TABLE_NAME when set (the deployed table, with AWS credentials), else
 * the running `npm start` stack's DynamoDB Local, else DATA_DIR's database opened here.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentClient } from '../functions/adapters/dynamodb/client.ts';
import { ensureTable } from '../functions/adapters/dynamodb/table.ts';
import { localDynamoClient, type RunningEngine, startDynamoDbLocal } from './engines.ts';
import { envPath } from './paths.ts';
import { LOCAL_DEFAULTS } from './stack.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface CliDb {
  db: DynamoDBDocumentClient;
  table: string;
  close(): Promise<void>;
}

export async function openDb(): Promise<CliDb> {
  const env = process.env;
  let client: DynamoDBClient;
  let table = LOCAL_DEFAULTS.tableName;
  let engine: RunningEngine | undefined;
  if (env.DYNAMODB_ENDPOINT || env.TABLE_NAME) {
    client = new DynamoDBClient(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {});
    table = env.TABLE_NAME ?? LOCAL_DEFAULTS.tableName;
  } else {
    const dataDir = envPath('DATA_DIR', LOCAL_DEFAULTS.dataDir);
    const stateFile = join(dataDir, 'stack.json');
    const state = existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as { pid: number; dynamoEndpoint: string; tableName: string }) : null;
    if (state && alive(state.pid)) {
      client = localDynamoClient(state.dynamoEndpoint);
      table = state.tableName;
    } else {
      engine = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
      client = localDynamoClient(engine.endpoint);
    }
  }
  await ensureTable(client, table);
  return {
    db: documentClient(client),
    table,
    close: async () => {
      client.destroy();
      await engine?.stop();
    },
  };
}

/** `--name value` options and the positional arguments. */
export function parseArgs(argv: readonly string[]): { positional: string[]; options: Map<string, string | true> } {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith('--')) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        options.set(a.slice(2), next);
        i += 1;
      } else options.set(a.slice(2), true);
    } else positional.push(a);
  }
  return { positional, options };
}
