import { describe, expect, it } from 'vitest';
import {
  decryptFeishu,
  encryptFeishu as encryptFeishuRaw,
  eventSignature,
  FeishuAuthError,
  tokensEqual,
  verifyEventSignature,
  verifyLegacyCardSignature,
  legacyCardSignature,
} from '../../../functions/adapters/feishu/verify.ts';
import { encryptFeishu } from '../../helpers/feishu.ts';
import { fixture, FIXTURE_SECRETS } from '../../helpers/fixtures.ts';

const NOW = 1767225600 * 1000;

describe('Function: eventSignature', () => {
  it('matches the shared signature test vector', () => {
    const raw = JSON.stringify(fixture('url_verification_encrypted'));
    expect(eventSignature('1767225600', 'INVENTEDnonce0001', FIXTURE_SECRETS.encryptKey, raw)).toBe(
      'f1994694f25d9606f69d66f88474e9c59b2c742cfa85a32cbbd51275142dbd86',
    );
  });
});

describe('Function: verifyEventSignature', () => {
  const raw = Buffer.from(JSON.stringify(fixture('url_verification_encrypted')));
  const good = { timestamp: '1767225600', nonce: 'INVENTEDnonce0001', signature: 'f1994694f25d9606f69d66f88474e9c59b2c742cfa85a32cbbd51275142dbd86' };
  const reason = (fn: () => void) => {
    try {
      fn();
      return 'ok';
    } catch (e) {
      return (e as FeishuAuthError).reason;
    }
  };

  it('accepts the vector within five minutes either side', () => {
    expect(reason(() => verifyEventSignature(FIXTURE_SECRETS.encryptKey, good, raw, NOW))).toBe('ok');
    expect(reason(() => verifyEventSignature(FIXTURE_SECRETS.encryptKey, good, raw, NOW + 299_000))).toBe('ok');
    expect(reason(() => verifyEventSignature(FIXTURE_SECRETS.encryptKey, good, raw, NOW - 299_000))).toBe('ok');
  });
  it('accepts an upper-case signature', () => {
    expect(reason(() => verifyEventSignature(FIXTURE_SECRETS.encryptKey, { ...good, signature: good.signature.toUpperCase() }, raw, NOW))).toBe('ok');
  });
  it('rejects stale and future timestamps beyond five minutes', () => {
    expect(reason(() => verifyEventSignature(FIXTURE_SECRETS.encryptKey, good, raw, NOW + 301_000))).toBe('stale_timestamp');
    expect(reason(() => verifyEventSignature(FIXTURE_SECRETS.encryptKey, good, raw, NOW - 301_000))).toBe('stale_timestamp');
  });
  it('rejects a changed byte, a re-serialised body and a wrong key', () => {
    const pretty = Buffer.from(JSON.stringify(fixture('url_verification_encrypted'), null, 2));
    expect(reason(() => verifyEventSignature(FIXTURE_SECRETS.encryptKey, good, pretty, NOW))).toBe('bad_signature');
    const flipped = Buffer.from(raw);
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    expect(reason(() => verifyEventSignature(FIXTURE_SECRETS.encryptKey, good, flipped, NOW))).toBe('bad_signature');
    expect(reason(() => verifyEventSignature('other-key', good, raw, NOW))).toBe('bad_signature');
    expect(reason(() => verifyEventSignature(FIXTURE_SECRETS.encryptKey, { ...good, signature: 'abc' }, raw, NOW))).toBe('bad_signature');
  });
  it('fails closed without a key or headers, and on a malformed timestamp', () => {
    expect(reason(() => verifyEventSignature('', good, raw, NOW))).toBe('missing_key');
    expect(reason(() => verifyEventSignature(FIXTURE_SECRETS.encryptKey, {}, raw, NOW))).toBe('missing_headers');
    expect(reason(() => verifyEventSignature(FIXTURE_SECRETS.encryptKey, { ...good, signature: undefined }, raw, NOW))).toBe('missing_headers');
    expect(reason(() => verifyEventSignature(FIXTURE_SECRETS.encryptKey, { ...good, timestamp: '17e8' }, raw, NOW))).toBe('bad_timestamp');
  });
});

describe('Function: verifyLegacyCardSignature', () => {
  it('uses SHA-1 over timestamp, nonce, verification token and the raw body', () => {
    const raw = Buffer.from(JSON.stringify(fixture('card_action_legacy_v1')));
    const sig = legacyCardSignature('1767225600', 'n1', FIXTURE_SECRETS.verificationToken, raw);
    expect(sig).toMatch(/^[0-9a-f]{40}$/);
    expect(() =>
      verifyLegacyCardSignature(FIXTURE_SECRETS.verificationToken, { timestamp: '1767225600', nonce: 'n1', signature: sig }, raw, NOW),
    ).not.toThrow();
    // The event scheme's signature is not accepted for a legacy callback.
    const sha256 = eventSignature('1767225600', 'n1', FIXTURE_SECRETS.encryptKey, raw);
    expect(() =>
      verifyLegacyCardSignature(FIXTURE_SECRETS.verificationToken, { timestamp: '1767225600', nonce: 'n1', signature: sha256 }, raw, NOW),
    ).toThrow(FeishuAuthError);
  });
});

describe('Function: decryptFeishu', () => {
  it("decrypts Feishu's official vector", () => {
    expect(decryptFeishu('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=', 'test key')).toBe('hello world');
  });
  it('decrypts the encrypted url_verification fixture', () => {
    const plain = JSON.parse(decryptFeishu(fixture('url_verification_encrypted').encrypt, FIXTURE_SECRETS.encryptKey));
    expect(plain).toEqual({ challenge: 'INVENTED-challenge-encrypted-0001', token: FIXTURE_SECRETS.verificationToken, type: 'url_verification' });
  });
  it('encrypts as Feishu does: the fixture is reproduced byte for byte from its plaintext and fixed IV', () => {
    const plain = JSON.stringify({ challenge: 'INVENTED-challenge-encrypted-0001', token: FIXTURE_SECRETS.verificationToken, type: 'url_verification' });
    expect(encryptFeishuRaw(plain, FIXTURE_SECRETS.encryptKey, Buffer.alloc(16, 7))).toBe(fixture('url_verification_encrypted').encrypt);
  });
  it('round-trips what the test sender encrypts with a random IV', () => {
    expect(decryptFeishu(encryptFeishu('{"a":"中文"}', 'k'), 'k')).toBe('{"a":"中文"}');
  });
  it('throws on a wrong key, truncated input and garbage', () => {
    const blob = fixture('url_verification_encrypted').encrypt as string;
    expect(() => decryptFeishu(blob, 'wrong')).toThrow();
    expect(() => decryptFeishu(blob.slice(0, 40), FIXTURE_SECRETS.encryptKey)).toThrow();
    expect(() => decryptFeishu('not base64 at all', FIXTURE_SECRETS.encryptKey)).toThrow();
    expect(() => decryptFeishu(blob, '')).toThrow(FeishuAuthError);
  });
});

describe('Function: tokensEqual', () => {
  it('compares exactly and refuses empty or non-string tokens', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('abc', 'ab')).toBe(false);
    expect(tokensEqual('', '')).toBe(false);
    expect(tokensEqual('abc', undefined)).toBe(false);
  });
});
