/** The worked test vector of functions/domain/draw/README.md, run by this code and by the README's Python reference. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type AppliedException,
  applyExceptions,
  commitmentHash,
  computeDraw,
  type DrawParams,
  freezeLibraries,
  type Libraries,
  resultHash,
  seedHash,
} from '../../../functions/domain/draw/index.ts';

const readme = readFileSync(new URL('../../../functions/domain/draw/README.md', import.meta.url), 'utf8');

function block(marker: string, lang: string): string {
  const m = new RegExp(`<!-- ${marker} -->\\n\`\`\`${lang}\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (!m) throw new Error(`README block ${marker} not found`);
  return m[1] as string;
}

interface Vector {
  drawId: string;
  seed: string;
  params: DrawParams;
  libraries: Libraries;
  exceptions: Omit<AppliedException, 'id' | 'approvedAt'>[];
}

const input = JSON.parse(block('vector:input', 'json')) as Vector;
const expected = JSON.parse(block('vector:expected', 'json')) as Record<string, unknown>;

function run(v: Vector) {
  const frozen = freezeLibraries(v.libraries);
  if (!frozen.ok) throw new Error(frozen.errors.join());
  const commitment = {
    algorithm: 'SJDRAW-1',
    drawId: v.drawId,
    params: v.params,
    libraryHashes: frozen.hashes,
    seedHash: seedHash(v.seed),
  };
  const computed = computeDraw(frozen.libraries, v.params, v.seed);
  const result = computed.targets;
  const applied = v.exceptions.map((e) => ({ ...e, id: `e${e.seq}`, approvedAt: '2026-09-02T00:00:00Z' }));
  const eff = applyExceptions(
    { libraries: frozen.libraries, commitment: { ...commitment, hash: commitmentHash(commitment) }, seed: v.seed, result: { frameSize: 0, eligibleInspectors: 0, targets: result, hash: '' } },
    applied,
  );
  const { hash: effectiveHash, ...effective } = eff;
  return {
    libraryHashes: frozen.hashes,
    seedHash: commitment.seedHash,
    commitmentHash: commitmentHash(commitment),
    result,
    resultHash: resultHash(result),
    effective,
    effectiveHash,
  };
}

const python = spawnSync('python3', ['--version']).status === 0;

describe('the README test vector', () => {
  it('this implementation gives exactly the documented output', () => {
    expect(run(input)).toEqual(expected);
  });

  it('the vector exercises what it claims: unsorted tags, an expired and a last-day certificate, a conflict, a reserve, a recusal', () => {
    const out = run(input);
    const all = [...out.result, ...out.effective.targets].flatMap((t) => t.inspectors.map((i) => i.name));
    expect(all).not.toContain('王五');
    expect(all).toContain('赵六');
    const reserve = out.effective.targets.find((t) => t.name === '泸定县大渡河机械厂');
    expect(reserve?.position).toBe(4);
    expect(reserve?.inspectors.map((i) => i.name)).not.toContain('李四');
    expect(out.result.map((t) => t.name)).not.toContain('丹巴县某某五金店');
    expect(out.effective.effects.map((e) => e.kind)).toEqual(['struck_off', 'recusal']);
  });

  it('changing any input changes the output (the vector pins every step)', () => {
    // Without the exceptions, which name targets and inspectors of this very result.
    const copy = () => ({ ...(JSON.parse(JSON.stringify(input)) as Vector), exceptions: [] });
    const base = run(copy());
    const variant = (f: (v: Vector) => void) => {
      const v = copy();
      f(v);
      return run(v);
    };
    expect(variant((v) => (v.seed = `${v.seed.slice(0, 63)}0`)).resultHash).not.toBe(base.resultHash);
    expect(variant((v) => (v.libraries.targets[0]!.name = '改名')).libraryHashes.targets).not.toBe(base.libraryHashes.targets);
    expect(variant((v) => (v.params.inspectorsPerTarget = 3)).commitmentHash).not.toBe(base.commitmentHash);
    expect(variant((v) => (v.drawId = 'vector-2')).commitmentHash).not.toBe(base.commitmentHash);
  });

  it.skipIf(!python)('the Python reference in the README gives the same output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sjdraw-'));
    try {
      writeFileSync(join(dir, 'sjdraw1.py'), block('reference:python', 'python'));
      writeFileSync(join(dir, 'vector.json'), JSON.stringify(input));
      const out = execFileSync('python3', [join(dir, 'sjdraw1.py'), join(dir, 'vector.json')], { encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
