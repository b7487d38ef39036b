/**
 * The dependency direction, read from the source: use cases see only ports (app/ imports nothing from
 * adapters/ or handlers/), ports are interfaces and their errors, domain code is pure. A static import
 * or a dynamic `import()` counts alike.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** Every module a file imports, resolved to a path from the project root (packages as written). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => (m[1] ?? m[2] ?? m[3]) as string);
  return specs.map((s) => (s.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), s)) : s));
}

function offending(dir: string, forbidden: (target: string) => boolean): string[] {
  return sources(dir).flatMap((file) => importsOf(file).filter(forbidden).map((target) => `${file} → ${target}`));
}

describe('Architecture', () => {
  it('reads the imports it checks (a sanity check of the scanner)', () => {
    expect(importsOf('functions/handlers/webhook.ts')).toEqual(
      expect.arrayContaining(['functions/adapters/feishu/inbound.ts', 'functions/app/webhook.ts', 'functions/handlers/card-path.ts']),
    );
    expect(sources('functions/app').length).toBeGreaterThan(10);
  });

  it('app/ imports nothing from adapters/ or handlers/: use cases see only ports', () => {
    expect(offending('functions/app', (t) => t.startsWith('functions/adapters/') || t.startsWith('functions/handlers/'))).toEqual([]);
  });

  it('ports/ import nothing from adapters/, app/ or handlers/', () => {
    expect(offending('functions/ports', (t) => /^functions\/(adapters|app|handlers)\//.test(t))).toEqual([]);
  });

  it('domain/ imports only domain/ and zod/mini (plus node:crypto for hashes): no AWS, no Feishu, no app', () => {
    expect(offending('functions/domain', (t) => !t.startsWith('functions/domain/') && t !== 'zod/mini' && t !== 'node:crypto')).toEqual([]);
  });

  it('cards/ import only cards/ and domain types, apart from the card action values they carry', () => {
    expect(
      offending('cards', (t) => !t.startsWith('cards/') && !t.startsWith('functions/domain/') && t !== 'functions/app/card-actions.ts'),
    ).toEqual([]);
  });
});
