/**
 * What the chat knows about cases, in memory: for tests. Honours the ChatContextStore contract
 * (test/contract/chat-context.contract.ts runs against it and the DynamoDB store alike).
 */
import type { ChatContextStore, PendingAttachment } from '../../ports/index.ts';

export class MemoryChatContext implements ChatContextStore {
  private readonly cards = new Map<string, string>();
  private readonly current = new Map<string, string>();
  private readonly pending = new Map<string, PendingAttachment>();

  async rememberCard(messageId: string, caseId: string): Promise<void> {
    this.cards.set(messageId, caseId);
  }

  async caseOfCard(messageId: string): Promise<string | null> {
    return this.cards.get(messageId) ?? null;
  }

  async setCurrentCase(openId: string, chatId: string, caseId: string, _at: string): Promise<void> {
    this.current.set(`${openId}\u0000${chatId}`, caseId);
  }

  async currentCase(openId: string, chatId: string): Promise<string | null> {
    return this.current.get(`${openId}\u0000${chatId}`) ?? null;
  }

  async savePending(p: PendingAttachment): Promise<void> {
    this.pending.set(p.messageId, structuredClone(p));
  }

  async getPending(messageId: string): Promise<PendingAttachment | null> {
    const p = this.pending.get(messageId);
    return p ? structuredClone(p) : null;
  }
}
