/**
 * The CLI as `npm run deadline` runs it (tsx). Spawned as `node --import tsx` rather than `npx tsx`,
 * which is the same loader without the extra npx and tsx wrapper processes (≈1 s each on CI).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'local/deadline-cli.ts', ...args],
      { cwd: root, env: { ...process.env, ...env } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run deadline -- <规则> <起算日>', () => {
  it.concurrent('prints the due date on the first line, then the explanation (machine in Los Angeles)', async () => {
    const r = await run(['处罚决定公开', '2026-09-28'], { TZ: 'America/Los_Angeles' });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('2026-10-13');
    expect(lines[1]).toBe('【处罚决定公开】期限届满日：2026-10-13（星期二）');
    expect(r.stdout).toContain('2026-10-01 至 2026-10-07 国庆节放假，不计');
  });

  it.concurrent('same answer with the machine at UTC+14 and another date format', async () => {
    const r = await run(['起诉期限', '2025/8/31'], { TZ: 'Pacific/Kiritimati' });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('2026-02-28');
  });

  it.concurrent('unknown rule → rule names, exit 2', async () => {
    const r = await run(['处罚', '2026-09-28']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('处罚决定公开、许可决定公开');
  });

  it.concurrent('bad date → example, exit 2', async () => {
    const r = await run(['处罚决定公开', '2026-02-30']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('npm run deadline -- 处罚决定公开 2026-09-28');
  });
});

describe('npm run deadline -- --tasks', () => {
  it.concurrent('lists the plan tasks: dated ones with their deadline, standing ones as 长期执行', async () => {
    const r = await run(['--tasks']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(lines).toContain('1-1-1\t2020-06-30（2020年6月底前）\t各执法科室\t加强事前公开：编制、公示《行政执法事项清单》。');
    expect(lines.some((l) => /\t长期执行\t办公室\t/.test(l))).toBe(true);
  });
});
