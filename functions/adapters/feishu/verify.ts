/**
 * Inbound Feishu request authentication over the raw body bytes (the README's "The Feishu protocol";
 * the signature test vector is in test/fixtures/feishu/README.md).
 * Pure: the clock is a parameter. Never re-serialise the body before checking it.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const MAX_TIMESTAMP_SKEW_SECONDS = 5 * 60;

export type VerifyFailure =
  | 'missing_key'
  | 'missing_headers'
  | 'bad_timestamp'
  | 'stale_timestamp'
  | 'bad_signature';

export class FeishuAuthError extends Error {
  constructor(readonly reason: VerifyFailure) {
    super(`feishu request rejected: ${reason}`);
    this.name = 'FeishuAuthError';
  }
}

export interface SignatureHeaders {
  timestamp?: string;
  nonce?: string;
  signature?: string;
}

function constantTimeEqualHex(expected: string, got: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(got.toLowerCase(), 'utf8');
  // Compare against a same-length buffer so the length check does not short-circuit the timing.
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

function checkFreshness(timestamp: string, nowMs: number): void {
  if (!/^\d{1,12}$/.test(timestamp)) throw new FeishuAuthError('bad_timestamp');
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > MAX_TIMESTAMP_SKEW_SECONDS) throw new FeishuAuthError('stale_timestamp');
}

/** Events and card.action.trigger: hex(sha256(timestamp + nonce + encryptKey + rawBody)). */
export function eventSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: Buffer | string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey, 'utf8').update(rawBody).digest('hex');
}

/** Legacy card callbacks: hex(sha1(timestamp + nonce + verificationToken + rawBody)). */
export function legacyCardSignature(timestamp: string, nonce: string, token: string, rawBody: Buffer | string): string {
  return createHash('sha1').update(timestamp + nonce + token, 'utf8').update(rawBody).digest('hex');
}

function verify(
  kind: 'event' | 'legacy_card',
  key: string,
  headers: SignatureHeaders,
  rawBody: Buffer,
  nowMs: number,
): void {
  if (!key) throw new FeishuAuthError('missing_key');
  const { timestamp, nonce, signature } = headers;
  if (!timestamp || nonce === undefined || !signature) throw new FeishuAuthError('missing_headers');
  checkFreshness(timestamp, nowMs);
  const expected =
    kind === 'event'
      ? eventSignature(timestamp, nonce, key, rawBody)
      : legacyCardSignature(timestamp, nonce, key, rawBody);
  if (!constantTimeEqualHex(expected, signature)) throw new FeishuAuthError('bad_signature');
}

export function verifyEventSignature(encryptKey: string, headers: SignatureHeaders, rawBody: Buffer, nowMs: number) {
  verify('event', encryptKey, headers, rawBody, nowMs);
}

export function verifyLegacyCardSignature(token: string, headers: SignatureHeaders, rawBody: Buffer, nowMs: number) {
  verify('legacy_card', token, headers, rawBody, nowMs);
}

export function tokensEqual(expected: string, got: unknown): boolean {
  if (!expected || typeof got !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(got).digest();
  return timingSafeEqual(a, b);
}

/** AES-256-CBC, key = SHA-256(encryptKey), IV = first 16 bytes of the base64 blob, PKCS#7. Throws on bad input. */
export function decryptFeishu(encrypt: string, encryptKey: string): string {
  if (!encryptKey) throw new FeishuAuthError('missing_key');
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  const buf = Buffer.from(encrypt, 'base64');
  if (buf.length < 32 || (buf.length - 16) % 16 !== 0) throw new Error('encrypted payload has an invalid length');
  const decipher = createDecipheriv('aes-256-cbc', key, buf.subarray(0, 16));
  return Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString('utf8');
}

/** The sender's side (what Feishu does): random IV, PKCS#7, base64(iv ‖ ciphertext). For the offline tools and tests. */
export function encryptFeishu(plain: string, encryptKey: string, iv: Buffer = randomBytes(16)): string {
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}
