import { describe, expect, it } from 'vitest';
import { type InboundOptions, MAX_BODY_BYTES, parseInbound } from '../../../functions/adapters/feishu/inbound.ts';
import { CARD_VALUE_LIMITS, withinCardValueLimits } from '../../../functions/adapters/feishu/schemas.ts';
import { encryptFeishu } from '../../../functions/adapters/feishu/verify.ts';
import { feishuRequest, feishuRequestFromJson } from '../../helpers/feishu.ts';
import { fixture, FIXTURE_SECRETS } from '../../helpers/fixtures.ts';

const now = () => Date.now();
const parse = (payload: unknown, o: Parameters<typeof feishuRequest>[1] = {}, secrets = FIXTURE_SECRETS, options: InboundOptions = {}) => {
  const { body, headers } = feishuRequest(payload, o);
  return parseInbound({ headers, body: Buffer.from(body) }, secrets, now(), options);
};
const raw = (text: string, headers: Record<string, string> = {}) =>
  parseInbound({ headers, body: Buffer.from(text) }, FIXTURE_SECRETS, now());

describe('Function: parseInbound', () => {
  it('answers the plain url_verification fixture without signature headers', () => {
    expect(raw(JSON.stringify(fixture('url_verification')))).toEqual({
      kind: 'challenge',
      challenge: 'INVENTED-challenge-7f3c2a10-1b2d-4c5e-9f60-0a1b2c3d4e5f',
    });
  });
  it('answers the encrypted url_verification fixture', () => {
    expect(raw(JSON.stringify(fixture('url_verification_encrypted')))).toEqual({
      kind: 'challenge',
      challenge: 'INVENTED-challenge-encrypted-0001',
    });
  });
  it('refuses a url_verification with the wrong token with the same 401 as any unsigned body', () => {
    const v = { ...fixture('url_verification'), token: 'nope' };
    expect(raw(JSON.stringify(v))).toMatchObject({ kind: 'rejected', status: 401, reason: 'unsigned: url_verification: verification token mismatch' });
    const encrypted = { encrypt: encryptFeishu(JSON.stringify(v), FIXTURE_SECRETS.encryptKey) };
    expect(raw(JSON.stringify(encrypted))).toMatchObject({ kind: 'rejected', status: 401 });
  });

  it('reads the text message fixture, encrypted and signed', () => {
    const r = parse(fixture('im_message_receive_v1_text'));
    expect(r).toMatchObject({ kind: 'message', eventId: '4d2a9e7c1b3f5a6e8d0c2b4a6f8e0d1c' });
    if (r.kind === 'message') expect(r.event.message.mentions?.[0]?.key).toBe('@_user_1');
  });
  it('reads the file message fixture, plain and signed', () => {
    expect(parse(fixture('im_message_receive_v1_file'), { encrypt: false })).toMatchObject({
      kind: 'message',
      event: { message: { message_type: 'file' } },
    });
  });
  it('reads the card.action.trigger fixture with its form values', () => {
    const r = parse(fixture('card_action_trigger_v2'));
    expect(r).toMatchObject({
      kind: 'card_action',
      style: 'v2',
      action: {
        eventId: '9c1e3a5b7d9f1b3d5f7a9c1e3b5d7f9a',
        operatorOpenId: 'ou_9f8e7d6c5b4a39281706f5e4d3c2b1a0',
        value: { action: 'submit_review', request_id: 'req-INVENTED-42' },
        formValue: { decision: 'approve' },
        messageId: 'om_d8e1a2b3c4d5e6f708192a3b4c5d6e7f',
        token: 'c-INVENTED0123456789abcdef0123456789abcdef',
      },
    });
  });
  it('reads the legacy card callback fixture with its SHA-1 signature only when legacy callbacks are on', () => {
    expect(parse(fixture('card_action_legacy_v1'), { legacy: true }, FIXTURE_SECRETS, { legacyCardCallbacks: true })).toMatchObject({
      kind: 'card_action',
      style: 'legacy',
      action: { operatorOpenId: 'ou_9f8e7d6c5b4a39281706f5e4d3c2b1a0', value: { action: 'approve' } },
    });
  });
  it('refuses a token-signed legacy card callback by default, saying why in the reason only', () => {
    const r = parse(fixture('card_action_legacy_v1'), { legacy: true });
    expect(r).toMatchObject({ kind: 'rejected', status: 401 });
    if (r.kind === 'rejected') expect(r.reason).toContain('FEISHU_LEGACY_CARD_CALLBACKS is off');
    // A legacy-shaped body signed with the Encrypt Key is not a card tap either: acknowledged, ignored.
    expect(parse(fixture('card_action_legacy_v1'), { encrypt: false })).toMatchObject({ kind: 'rejected', status: 403 });
  });

  it('rejects forged, unsigned, stale and wrong-token requests', () => {
    const ev = fixture('im_message_receive_v1_text');
    expect(parse(ev, { signature: '0'.repeat(64) })).toMatchObject({ status: 401, reason: 'bad_signature' });
    expect(parse(ev, { sign: false })).toMatchObject({ status: 401, reason: 'unsigned: not a url_verification' });
    expect(parse(ev, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).toMatchObject({ status: 401, reason: 'stale_timestamp' });
    expect(parse(ev, { key: 'attacker-key' })).toMatchObject({ status: 401, reason: 'bad_signature' });
    expect(parse({ ...ev, header: { ...ev.header, token: 'wrong' } })).toMatchObject({ status: 403 });
    expect(parse(fixture('card_action_legacy_v1'), { legacy: true, signature: 'f'.repeat(40) }, FIXTURE_SECRETS, { legacyCardCallbacks: true })).toMatchObject({ status: 401 });
  });
  it('fails closed when either key is not configured, with the same 401 (the reason is for the log)', () => {
    const ev = fixture('im_message_receive_v1_text');
    expect(parse(ev, {}, { ...FIXTURE_SECRETS, encryptKey: '' })).toMatchObject({ status: 401, reason: 'feishu keys not configured' });
    expect(parse(ev, {}, { ...FIXTURE_SECRETS, verificationToken: '' })).toMatchObject({ status: 401, reason: 'feishu keys not configured' });
    expect(raw(JSON.stringify(fixture('url_verification')))).toMatchObject({ kind: 'challenge' });
    const noKeys = parseInbound({ headers: {}, body: Buffer.from(JSON.stringify(fixture('url_verification'))) }, { encryptKey: '', verificationToken: '' }, now());
    expect(noKeys).toMatchObject({ status: 401 });
  });

  it('gives every unsigned body that is not a valid url_verification one status, whatever it decrypts to', () => {
    const key = FIXTURE_SECRETS.encryptKey;
    const event = JSON.stringify(fixture('im_message_receive_v1_text'));
    const unsigned = {
      'padding failure': paddingFailure(event, key),
      'plaintext not JSON': encryptFeishu('not json at all', key),
      'valid event plaintext': encryptFeishu(event, key),
      'url_verification, wrong token': encryptFeishu(JSON.stringify({ ...fixture('url_verification'), token: 'x' }), key),
      'url_verification, malformed': encryptFeishu(JSON.stringify({ type: 'url_verification' }), key),
      'too short to decrypt': 'AAAA',
    };
    const reasons = new Set<string>();
    for (const [name, encrypt] of Object.entries(unsigned)) {
      const r = raw(JSON.stringify({ encrypt }));
      expect(r, name).toMatchObject({ kind: 'rejected', status: 401 });
      if (r.kind === 'rejected') reasons.add(r.reason);
    }
    // Each has its own reason in the log.
    expect(reasons.size).toBeGreaterThanOrEqual(4);
  });
  it('rejects malformed and oversized bodies', () => {
    expect(raw('not json')).toMatchObject({ status: 400 });
    expect(raw('[1,2]')).toMatchObject({ status: 400 });
    expect(raw('')).toMatchObject({ status: 400 });
    expect(raw(JSON.stringify({ encrypt: 'AAAA' }))).toMatchObject({ status: 401 });
    expect(parse(JSON.parse(JSON.stringify({ encrypt: 'AAAA' })), { encrypt: false })).toMatchObject({ status: 400, reason: 'cannot decrypt' });
    expect(raw('x'.repeat(MAX_BODY_BYTES + 1))).toMatchObject({ status: 413 });
    const broken = fixture('im_message_receive_v1_text');
    delete broken.event.message.message_id;
    expect(parse(broken)).toMatchObject({ status: 400, reason: 'malformed im.message.receive_v1' });
    const noHeader = fixture('im_message_receive_v1_text');
    delete noHeader.header;
    expect(parse(noHeader)).toMatchObject({ status: 400 });
  });
  it('acknowledges event types it does not handle', () => {
    const ev = fixture('im_message_receive_v1_text');
    ev.header.event_type = 'im.chat.member.bot.added_v1';
    expect(parse(ev)).toEqual({ kind: 'ignored', eventType: 'im.chat.member.bot.added_v1' });
  });

  it('drops a card action value that is too deep or too large: the tap is still a card action (answered with a toast)', () => {
    const ev = fixture('card_action_trigger_v2');
    ev.event.action.value = { action: 'show_case', deep: 'DEEP' };
    // 5,000 levels: more than JSON.stringify (and so the old logger) can serialise.
    const text = JSON.stringify(ev).replace('"DEEP"', `${'['.repeat(5000)}1${']'.repeat(5000)}`);
    const { body, headers } = feishuRequestFromJson(text);
    expect(parseInbound({ headers, body: Buffer.from(body) }, FIXTURE_SECRETS, now())).toMatchObject({
      kind: 'card_action',
      unreadable: true,
      action: { value: undefined, formValue: undefined },
    });
    const wide = fixture('card_action_trigger_v2');
    wide.event.action.form_value = { officers: Array.from({ length: CARD_VALUE_LIMITS.nodes }, (_, i) => `ou_${i}`) };
    expect(parse(wide)).toMatchObject({ kind: 'card_action', unreadable: true });
    const weird = fixture('card_action_trigger_v2');
    weird.event.action = 12;
    expect(parse(weird)).toMatchObject({ kind: 'card_action', unreadable: true });
    expect(parse(fixture('card_action_trigger_v2'))).not.toHaveProperty('unreadable');
  });
});

describe('Function: withinCardValueLimits', () => {
  it('accepts our own values and a filled-in filing form', () => {
    expect(withinCardValueLimits({ action: 'file_case', form_id: 'F1' })).toBe(true);
    expect(withinCardValueLimits({ party_name: '某公司', officers: ['ou_a', 'ou_b'], summary: '案'.repeat(2000) })).toBe(true);
    expect(withinCardValueLimits('a string value')).toBe(true);
  });
  it('refuses values past the depth, node or size bound', () => {
    let v: unknown = 'x';
    for (let i = 0; i < CARD_VALUE_LIMITS.depth; i++) v = { a: v };
    expect(withinCardValueLimits(v)).toBe(true);
    expect(withinCardValueLimits({ a: v })).toBe(false);
    expect(withinCardValueLimits(Array.from({ length: CARD_VALUE_LIMITS.nodes }, () => 1))).toBe(false);
    expect(withinCardValueLimits({ s: 'x'.repeat(CARD_VALUE_LIMITS.chars) })).toBe(false);
  });
});

/** A ciphertext whose last block decrypts to an invalid PKCS#7 pad byte (0), every time. */
function paddingFailure(plain: string, key: string): string {
  const buf = Buffer.from(encryptFeishu(plain, key), 'base64');
  const padByte = 16 - (Buffer.byteLength(plain) % 16);
  // CBC: flipping a byte of the previous block flips the same byte of the last plaintext block.
  const i = buf.length - 17;
  buf[i] = (buf[i] as number) ^ padByte;
  return buf.toString('base64');
}
