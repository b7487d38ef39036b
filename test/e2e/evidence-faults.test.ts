/**
 * Evidence under faults, over HTTP as Feishu sends it: a download that breaks after part of a
 * multipart upload leaves no object, no staging upload, no item and no entry, and the officer is asked
 * to resend; Open API 5xx and 429 answers are retried and the file is stored once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceKey } from '../../functions/domain/dossier/evidence.ts';
import { bytesOf, MiB } from '../helpers/evidence.ts';
import { USERS } from '../helpers/feishu.ts';
import { cuttingProxy } from '../helpers/proxy.ts';
import { useTestStack } from '../helpers/stack.ts';
import { conversation, sha256, textOf } from './evidence-helpers.ts';

// The proxy starts before the stack, whose Feishu client goes through it to the fake Open API.
let proxy: Awaited<ReturnType<typeof cuttingProxy>>;
let simUrl = '';
let mode: { cutAfter?: number } = {};
beforeAll(async () => {
  proxy = await cuttingProxy(() => simUrl, () => mode);
});
afterAll(() => proxy.close());
const getStack = useTestStack({
  feishuDomain: (url) => {
    simUrl = url;
    return proxy.url;
  },
});
const chat = conversation(getStack);

describe('evidence under faults', () => {
  it('a break after the first part was uploaded leaves nothing behind, and the officer is asked to resend', async () => {
    const { caseId, card } = await chat.fileCase(USERS.zhang, [USERS.zhang, USERS.li]);
    const bytes = bytesOf(7 * MiB + 777, 110);
    mode = { cutAfter: 6 * MiB };
    try {
      const { messages } = await chat.sendFile(USERS.zhang, { bytes, fileName: '录像.mp4', type: 'media', parentId: card.message_id });
      expect(textOf(messages.at(-1))).toContain('文件传输中断，没有保存。请重新发送一次。');
    } finally {
      mode = {};
    }
    expect(await chat.bucketKeys(`cases/${caseId}/`)).toEqual([]);
    expect(await chat.bucketKeys('staging/')).toEqual([]);
    expect(await getStack().services.cases.evidenceItems(caseId)).toEqual([]);
    expect((await getStack().services.cases.records(caseId)).map((r) => r.action)).toEqual(['case.filed']);

    // Sent again, it is stored whole.
    const again = await chat.sendFile(USERS.zhang, { bytes, fileName: '录像.mp4', type: 'media', parentId: card.message_id });
    expect(JSON.stringify(again.messages.at(-1)?.content)).toContain(sha256(bytes));
    expect(await chat.bucketKeys(`cases/${caseId}/`)).toEqual([evidenceKey(caseId, sha256(bytes))]);
  });

  it('retries Open API 5xx and 429 (waiting what x-ogw-ratelimit-reset says) and stores the file once', async () => {
    const { caseId, card } = await chat.fileCase(USERS.zhang, [USERS.zhang, USERS.li]);
    const bytes = bytesOf(64 * 1024, 111);
    getStack().sim.injectFault({ match: '^GET /open-apis/im/v1/messages/[^/]+/resources/', status: 500, count: 1 });
    getStack().sim.injectFault({ match: '^GET /open-apis/im/v1/messages/[^/]+/resources/', status: 429, count: 1, resetSeconds: 1 });
    const { messages } = await chat.sendFile(USERS.zhang, { bytes, type: 'image', parentId: card.message_id });
    expect(JSON.stringify(messages.at(-1)?.content)).toContain(sha256(bytes));
    const gets = getStack().sim.requests().filter((r) => /\/resources\//.test(r.path));
    expect(gets.map((r) => r.status)).toEqual([500, 429, 200]);
    expect(await chat.bucketKeys(`cases/${caseId}/`)).toEqual([evidenceKey(caseId, sha256(bytes))]);
  });
});
