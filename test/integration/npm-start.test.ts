/**
 * `npm install && npm start` as the README says, on a folder laid out like a fresh clone: no environment
 * (defaults only, so DATA_DIR is the relative `.local-data`), nothing beside it. The ports are the only
 * setting given, so the run cannot collide with a developer's own `npm start`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/engines.ts';
import { cardAction, newId, postFeishu, USERS, validFilingForm } from '../helpers/feishu.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const clone = mkdtempSync(join(tmpdir(), 'enf-clone-'));
// What `npm start` reads; node_modules is linked rather than installed again.
for (const entry of ['package.json', 'tsconfig.json']) copyFileSync(join(repo, entry), join(clone, entry));
for (const entry of ['node_modules', 'functions', 'cards', 'local', 'data']) symlinkSync(join(repo, entry), join(clone, entry));

const running: ChildProcess[] = [];
afterAll(async () => {
  for (const child of running) await stop(child);
  rmSync(clone, { recursive: true, force: true });
});

function npmStart(port: number, simPort: number): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), FEISHU_SIM_PORT: String(simPort) };
  for (const name of ['DATA_DIR', 'ROSTER_FILE', 'INIT_CWD', 'CASE_NUMBER_FORMAT', 'FEISHU_ENCRYPT_KEY', 'FEISHU_VERIFICATION_TOKEN']) delete env[name];
  const child = spawn('npm', ['start'], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

async function healthy(url: string, child: ChildProcess, output: () => string): Promise<number> {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output()}`);
    const status = await fetch(`${url}/healthz`).then((r) => r.status, () => 0);
    if (status === 200) return status;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`npm start did not become healthy:\n${output()}`);
}

/** Waits until the fake Open API has `n` file messages from the bot. */
async function filesSent(sim: string, n: number, output: () => string): Promise<void> {
  for (let i = 0; i < 480; i++) {
    const messages = (await fetch(`${sim}/_sim/messages`).then((r) => r.json(), () => [])) as { msg_type: string }[];
    if (messages.filter((m) => m.msg_type === 'file').length >= n) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the filing's documents were not sent:\n${output()}`);
}

/** npm, its shell, tsx and node share one process group: Ctrl-C reaches all of them, as in a terminal. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function groupAlive(child: ChildProcess): boolean {
  try {
    if (child.pid) process.kill(-child.pid, 0);
    return child.pid !== undefined;
  } catch {
    return false;
  }
}

/**
 * Ctrl-C, then waits until the whole group is gone — npm exits before tsx and node finish shutting
 * down, so its exit alone is not the end (a run once left them behind). SIGKILL after 15 s.
 */
async function stop(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  signalGroup(child, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (groupAlive(child)) {
    if (Date.now() > deadline) signalGroup(child, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm start on a fresh clone, defaults only', () => {
  it('answers /healthz, and a second start on the same folder finds the first run’s case', async () => {
    const [port, simPort] = [await freePort(), await freePort()];
    const bot = `http://127.0.0.1:${port}`;

    const first = npmStart(port, simPort);
    expect(await healthy(bot, first.child, first.output)).toBe(200);
    expect(first.output()).toContain(join(clone, '.local-data'));

    // The README's next step: the help card, readable in the terminal.
    const said = await promisify(execFile)('npm', ['run', '-s', 'say', '--', '张三', '帮助'], {
      cwd: clone,
      env: { ...process.env, PORT: String(port), FEISHU_SIM_PORT: String(simPort) },
    });
    expect(said.stdout).toContain('【执法助手 — 使用帮助】');
    expect(said.stdout).toContain('您好，张三！');
    expect(said.stdout).not.toContain('"tag"');
    const filed = await postFeishu(
      `${bot}/feishu/cards`,
      cardAction({ openId: USERS.zhang, value: { action: 'file_case', form_id: newId('F') }, formValue: validFilingForm() }),
    );
    expect(filed.json.toast?.type).toBe('success');
    const number = /〔(\d{4})〕(\d+)号/.exec(filed.json.toast.content);
    expect(number).toBeTruthy();
    const caseId = `${number?.[1]}-${number?.[2]?.padStart(6, '0')}`;
    // What the filing owes runs after the answer (notices, and the 立案审批表 drawn as a PDF and sent to
    // both officers as files): let it finish before Ctrl-C, as a person would see it arrive.
    await filesSent(`http://127.0.0.1:${simPort}`, 2, first.output);
    await stop(first.child);
    expect(first.output()).toContain('stopped.');
    // The relative default landed in the clone, not in DynamoDB Local's package folder.
    expect(existsSync(join(clone, '.local-data', 'dynamodb'))).toBe(true);

    const second = npmStart(port, simPort);
    expect(await healthy(bot, second.child, second.output)).toBe(200);
    const shown = await postFeishu(`${bot}/feishu/cards`, cardAction({ openId: USERS.zhang, value: { action: 'show_case', case_id: caseId } }));
    expect(JSON.stringify(shown.json)).toContain(validFilingForm().party_name as string);
    await stop(second.child);
  }, 180_000);
});
