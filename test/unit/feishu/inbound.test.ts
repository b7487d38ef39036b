import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, parseInbound } from '../../../functions/adapters/feishu/inbound.ts';
import { feishuRequest } from '../../helpers/feishu.ts';
import { fixture, FIXTURE_SECRETS } from '../../helpers/fixtures.ts';

const now = () => Date.now();
const parse = (payload: unknown, o: Parameters<typeof feishuRequest>[1] = {}, secrets = FIXTURE_SECRETS) => {
  const { body, headers } = feishuRequest(payload, o);
  return parseInbound({ headers, body: Buffer.from(body) }, secrets, now());
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
  it('refuses a url_verification with the wrong token', () => {
    const v = { ...fixture('url_verification'), token: 'nope' };
    expect(raw(JSON.stringify(v))).toMatchObject({ kind: 'rejected', status: 403 });
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
  it('reads the legacy card callback fixture with its SHA-1 signature', () => {
    expect(parse(fixture('card_action_legacy_v1'), { legacy: true })).toMatchObject({
      kind: 'card_action',
      style: 'legacy',
      action: { operatorOpenId: 'ou_9f8e7d6c5b4a39281706f5e4d3c2b1a0', value: { action: 'approve' } },
    });
  });

  it('rejects forged, unsigned, stale and wrong-token requests', () => {
    const ev = fixture('im_message_receive_v1_text');
    expect(parse(ev, { signature: '0'.repeat(64) })).toMatchObject({ status: 401, reason: 'bad_signature' });
    expect(parse(ev, { sign: false })).toMatchObject({ status: 401, reason: 'missing_headers' });
    expect(parse(ev, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).toMatchObject({ status: 401, reason: 'stale_timestamp' });
    expect(parse(ev, { key: 'attacker-key' })).toMatchObject({ status: 401, reason: 'bad_signature' });
    expect(parse({ ...ev, header: { ...ev.header, token: 'wrong' } })).toMatchObject({ status: 403 });
    expect(parse(fixture('card_action_legacy_v1'), { legacy: true, signature: 'f'.repeat(40) })).toMatchObject({ status: 401 });
  });
  it('fails closed when either key is not configured', () => {
    const ev = fixture('im_message_receive_v1_text');
    expect(parse(ev, {}, { ...FIXTURE_SECRETS, encryptKey: '' })).toMatchObject({ status: 503 });
    expect(parse(ev, {}, { ...FIXTURE_SECRETS, verificationToken: '' })).toMatchObject({ status: 503 });
  });
  it('rejects malformed and oversized bodies', () => {
    expect(raw('not json')).toMatchObject({ status: 400 });
    expect(raw('[1,2]')).toMatchObject({ status: 400 });
    expect(raw('')).toMatchObject({ status: 400 });
    expect(raw(JSON.stringify({ encrypt: 'AAAA' }))).toMatchObject({ status: 400 });
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
});
