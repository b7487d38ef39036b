/** Every test file that replaces a module is listed to run isolated (test/helpers/isolated-files.ts). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { MOCKS_MODULES } from '../helpers/isolated-files.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

it('lists exactly the test files that call vi.mock or vi.doMock', () => {
  const replacing = testFiles(join(ROOT, 'test'))
    .filter((f) => /\bvi\.(do)?[mM]ock\(/.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')))
    .map((f) => relative(ROOT, f))
    .sort();
  expect(replacing).toEqual([...MOCKS_MODULES].sort());
});
