/**
 * The ChatContextStore contract, run against the DynamoDB store (on DynamoDB Local) and the in-memory
 * one (chat-context.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatContextStore, PendingAttachment } from '../../functions/ports/index.ts';

export function chatContextContract(name: string, makeStore: () => Promise<ChatContextStore>): void {
  describe(`ChatContextStore contract: ${name}`, () => {
    let store: ChatContextStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    it('knows which case a bot card shows, and nothing for other messages', async () => {
      await store.rememberCard('om_card_1', '2026-000001');
      await store.rememberCard('om_card_2', '2026-000002');
      expect(await store.caseOfCard('om_card_1')).toBe('2026-000001');
      expect(await store.caseOfCard('om_card_2')).toBe('2026-000002');
      expect(await store.caseOfCard('om_user_message')).toBeNull();
    });

    it('keeps one current case per person and chat', async () => {
      await store.setCurrentCase('ou_a', 'oc_1', '2026-000001', '2026-03-02T02:00:00.000Z');
      await store.setCurrentCase('ou_a', 'oc_2', '2026-000002', '2026-03-02T02:00:00.000Z');
      await store.setCurrentCase('ou_b', 'oc_1', '2026-000003', '2026-03-02T02:00:00.000Z');
      expect(await store.currentCase('ou_a', 'oc_1')).toBe('2026-000001');
      expect(await store.currentCase('ou_a', 'oc_2')).toBe('2026-000002');
      expect(await store.currentCase('ou_b', 'oc_1')).toBe('2026-000003');
      await store.setCurrentCase('ou_a', 'oc_1', '2026-000004', '2026-03-02T03:00:00.000Z');
      expect(await store.currentCase('ou_a', 'oc_1')).toBe('2026-000004');
      expect(await store.currentCase('ou_c', 'oc_1')).toBeNull();
    });

    it('keeps a file waiting for its case, as it was received', async () => {
      const p: PendingAttachment = {
        messageId: 'om_file_1',
        senderOpenId: 'ou_a',
        chatId: 'oc_1',
        chatType: 'p2p',
        messageType: 'file',
        content: JSON.stringify({ file_key: 'file_v3_x', file_name: '笔录.pdf' }),
        eventId: 'ev_1',
        createTime: '1772416800000',
        receivedAt: '2026-03-02T02:00:00.000Z',
      };
      await store.savePending(p);
      expect(await store.getPending('om_file_1')).toEqual(p);
      expect(await store.getPending('om_other')).toBeNull();
    });
  });
}
