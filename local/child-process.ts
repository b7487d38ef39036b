/** Runs one of the offline stack's parts (a TypeScript entry) in a node process of its own. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));
/** Set for children started here: their stdin is a pipe from the parent, closed when it goes away. */
const PARENT_PIPE = 'LOCAL_CHILD_PARENT_PIPE';

export interface ChildProcess {
  /** The URL the child printed once it listened. */
  url: string;
  pid: number;
  /** SIGTERM, then resolves when it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx <entry>` with `env` added, and resolves once it prints a line matching
 * `ready` (its first group is the URL). Its stderr is kept for the error if it exits before that.
 */
export function spawnTsx(entry: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: PROJECT, // where `tsx` resolves
    env: { ...process.env, ...env, [PARENT_PIPE]: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const url = ready.exec(out)?.[1];
      if (!url) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({ url, pid: child.pid ?? 0, stop });
    };
    child.stdout.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`${entry} exited (code ${code}, signal ${signal}) before it listened: ${stderr.slice(-800)}`)));
  });
}

/**
 * In a child started by spawnTsx: runs `stop` when the parent goes away, however it ends (even
 * SIGKILL closes the stdin pipe), so no fake or worker is left listening. Does nothing otherwise.
 */
export function stopWithParent(stop: () => void): void {
  if (process.env[PARENT_PIPE] !== '1') return;
  process.stdin.on('data', () => {});
  process.stdin.once('end', stop);
  process.stdin.once('error', stop);
}
