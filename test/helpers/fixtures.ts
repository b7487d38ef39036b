import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The Feishu fixtures in test/fixtures/feishu (invented ids and keys; see its README). */
const dir = fileURLToPath(new URL('../fixtures/feishu/', import.meta.url));

export function fixture(name: string): Record<string, any> {
  return structuredClone(JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')));
}

export const FIXTURE_SECRETS = {
  encryptKey: 'INVENTED-encrypt-key-0001',
  verificationToken: 'INVENTED-verification-token-0001',
};
