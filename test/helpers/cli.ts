/** Runs an offline CLI (`local/<name>.ts`) as a child process against a test stack's table. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningStack } from '../../local/stack.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// What `npx tsx` resolves to, without npx's own start-up cost.
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(script: string, stack: Pick<RunningStack, 'dynamoEndpoint' | 'tableName'>, args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [script, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        DYNAMODB_ENDPOINT: stack.dynamoEndpoint,
        TABLE_NAME: stack.tableName,
        AWS_REGION: 'local',
        AWS_ACCESS_KEY_ID: 'x',
        AWS_SECRET_ACCESS_KEY: 'x',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
