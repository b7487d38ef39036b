/**
 * The evidence conversation over HTTP exactly as Feishu sends it: signed, encrypted pushes to the
 * webhook, card callbacks built from the cards the bot actually sent (a button found by its text, its
 * value sent back), the bytes served by the fake Open API and stored in s3rver.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { createEvidenceS3Client } from '../../functions/adapters/s3/client.ts';
import type { SimMessage } from '../../local/feishu-sim.ts';
import type { RunningStack } from '../../local/stack.ts';
import { cardAction, messageEvent, newId, postFeishu, validFilingForm } from '../helpers/feishu.ts';

export const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

export function conversation(getStack: () => RunningStack) {
  const events = () => `${getStack().botUrl}/feishu/events`;
  const cards = () => `${getStack().botUrl}/feishu/cards`;
  const s3 = () => createEvidenceS3Client({ endpoint: getStack().s3Endpoint as string });

  /** What the bot sent from now on. */
  const mark = () => {
    const before = getStack().sim.messages().length;
    return () => getStack().sim.messages().slice(before);
  };

  async function say(openId: string, text: string, extra: { parentId?: string } = {}): Promise<SimMessage[]> {
    const since = mark();
    const res = await postFeishu(events(), messageEvent({ openId, text, ...extra }));
    expect(res.status).toBe(200);
    await getStack().jobs.idle();
    return since();
  }

  let keys = 0;
  /** Registers `bytes` with the fake Open API and builds the file message's event (not sent). */
  function fileEvent(
    openId: string,
    o: { bytes: Buffer; type?: 'image' | 'file' | 'media' | 'audio'; fileName?: string; parentId?: string; eventId?: string; messageId?: string },
  ): ReturnType<typeof messageEvent> {
    keys += 1;
    const type = o.type ?? 'file';
    const key = `${type === 'image' ? 'img' : 'file'}_v3_e2e_${keys}`;
    const messageId = o.messageId ?? newId('om_');
    getStack().sim.registerResource({
      message_id: messageId,
      file_key: key,
      type: type === 'image' ? 'image' : 'file',
      data: o.bytes,
      ...(o.fileName ? { file_name: o.fileName } : {}),
      content_type: type === 'image' ? 'image/jpeg' : type === 'media' ? 'video/mp4' : 'application/octet-stream',
    });
    const content = type === 'image' ? { image_key: key } : { file_key: key, ...(o.fileName ? { file_name: o.fileName } : {}) };
    return messageEvent({ openId, messageType: type, content: JSON.stringify(content), messageId, ...(o.parentId ? { parentId: o.parentId } : {}), ...(o.eventId ? { eventId: o.eventId } : {}) });
  }

  /** Sends a file message (its bytes served by the fake) and waits until the worker is done. */
  async function sendFile(openId: string, o: Parameters<typeof fileEvent>[1]): Promise<{ messages: SimMessage[]; event: ReturnType<typeof messageEvent> }> {
    const event = fileEvent(openId, o);
    const since = mark();
    const res = await postFeishu(events(), event);
    expect(res.status).toBe(200);
    await getStack().jobs.idle();
    return { messages: since(), event };
  }

  /** Taps the button with `text` on a card the bot sent, sending back its value as Feishu does. */
  async function tap(openId: string, message: SimMessage, text: string, extra: { option?: string } = {}) {
    const value = extra.option === undefined ? buttonValue(message.content, text) : selectValue(message.content);
    const res = await postFeishu(cards(), cardAction({ openId, value, messageId: message.message_id, chatId: message.chat_id, ...extra }));
    await getStack().jobs.idle();
    return res;
  }

  /** 立案 and 提交 by 张三 with 李四: the case card the form turned into (a real bot message). */
  async function fileCase(filer: string, officers: string[]): Promise<{ caseNumber: string; caseId: string; card: SimMessage }> {
    const [form] = await say(filer, '立案');
    const formId = /"form_id":"([^"]+)"/.exec(JSON.stringify(form?.content))?.[1];
    const submit = await postFeishu(cards(), cardAction({ openId: filer, value: { action: 'case.file', form_id: formId }, formValue: validFilingForm({ officers }), messageId: form!.message_id, chatId: form!.chat_id }));
    expect(submit.json.toast.type).toBe('success');
    await getStack().jobs.idle();
    const caseNumber = /(甘经信立〔\d{4}〕\d+号)/.exec(submit.json.toast.content)?.[1] as string;
    const year = /〔(\d{4})〕/.exec(caseNumber)?.[1];
    const seq = /〕(\d+)号/.exec(caseNumber)?.[1];
    const card = getStack().sim.messages().find((m) => m.message_id === form!.message_id) as SimMessage;
    return { caseNumber, caseId: `${year}-${String(seq).padStart(6, '0')}`, card };
  }

  async function bucketKeys(prefix = ''): Promise<string[]> {
    const client = s3();
    try {
      const res = await client.send(new ListObjectsV2Command({ Bucket: getStack().bucket, Prefix: prefix }));
      return (res.Contents ?? []).map((o) => o.Key as string).sort();
    } finally {
      client.destroy();
    }
  }

  async function objectBytes(key: string): Promise<Buffer> {
    const client = s3();
    try {
      const res = await client.send(new GetObjectCommand({ Bucket: getStack().bucket, Key: key }));
      return Buffer.from(await (res.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    } finally {
      client.destroy();
    }
  }

  /** Someone with the bucket's keys writes over an object, not through the bot. */
  async function replaceObject(key: string, bytes: Buffer): Promise<void> {
    const client = s3();
    try {
      await client.send(new PutObjectCommand({ Bucket: getStack().bucket, Key: key, Body: bytes }));
    } finally {
      client.destroy();
    }
  }

  return { say, fileEvent, sendFile, tap, fileCase, bucketKeys, objectBytes, replaceObject, mark };
}

export const cardJson = (m: SimMessage | undefined) => JSON.stringify(m?.content ?? null);
export const textOf = (m: SimMessage | undefined) => (m?.content as { text?: string } | undefined)?.text ?? '';
/** The card's text as a person reads it (the escapes the bot puts in undone). */
export const readable = (m: SimMessage | undefined) => cardJson(m).replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));

/** The callback value of the button whose text is `text`. */
export function buttonValue(card: unknown, text: string): unknown {
  let found: unknown;
  const walk = (v: unknown): void => {
    if (found !== undefined || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as Record<string, unknown>;
    if (o.tag === 'button' && (o.text as { content?: string })?.content === text) {
      found = (o.behaviors as { type: string; value?: unknown }[]).find((b) => b.type === 'callback')?.value;
      return;
    }
    Object.values(o).forEach(walk);
  };
  walk(card);
  if (found === undefined) throw new Error(`no button “${text}” on the card: ${JSON.stringify(card).slice(0, 300)}`);
  return found;
}

/** The value of the card's drop-down (select_static) that calls back. */
export function selectValue(card: unknown): unknown {
  const text = JSON.stringify(card);
  const m = /"tag":"select_static".*?"behaviors":\[\{"type":"callback","value":(\{[^}]*\})/.exec(text);
  if (!m) throw new Error('no drop-down on the card');
  return JSON.parse(m[1] as string);
}

/** The URL of the card's link button. */
export function linkOf(card: unknown): string {
  const m = /"type":"open_url","default_url":"([^"]+)"/.exec(JSON.stringify(card));
  if (!m) throw new Error('no link on the card');
  return JSON.parse(`"${m[1]}"`) as string;
}
