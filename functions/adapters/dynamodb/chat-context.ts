/**
 * What the chat knows about cases (ports/chat-context.ts) in the single table: `CARDMSG#<message_id>`
 * (the case a bot card shows), `CURRENT#<open_id>` / `<chat_id>` (a person's current case in a chat),
 * `PENDING#<message_id>` (a file waiting for its sender to choose a case; TTL a week).
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ChatContextStore, PendingAttachment } from '../../ports/index.ts';
import { keys } from './keys.ts';

/** A file not assigned within a week is forgotten (the chooser card then says it expired). */
export const PENDING_TTL_SECONDS = 7 * 24 * 60 * 60;

export class DynamoChatContext implements ChatContextStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async read(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    return (await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }))).Item;
  }

  async rememberCard(messageId: string, caseId: string): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { ...keys.cardMessage(messageId), type: 'card-message', caseId } }));
  }

  async caseOfCard(messageId: string): Promise<string | null> {
    return ((await this.read(keys.cardMessage(messageId)))?.caseId as string | undefined) ?? null;
  }

  async setCurrentCase(openId: string, chatId: string, caseId: string, at: string): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { ...keys.currentCase(openId, chatId), type: 'current-case', caseId, at } }));
  }

  async currentCase(openId: string, chatId: string): Promise<string | null> {
    return ((await this.read(keys.currentCase(openId, chatId)))?.caseId as string | undefined) ?? null;
  }

  async savePending(p: PendingAttachment): Promise<void> {
    const expiresAt = Math.floor(Date.parse(p.receivedAt) / 1000) + PENDING_TTL_SECONDS;
    await this.db.send(new PutCommand({ TableName: this.table, Item: { ...keys.pending(p.messageId), type: 'pending', ...p, expiresAt } }));
  }

  async getPending(messageId: string): Promise<PendingAttachment | null> {
    const item = await this.read(keys.pending(messageId));
    if (!item) return null;
    const { pk: _pk, sk: _sk, type: _type, expiresAt: _e, ...rest } = item;
    return rest as unknown as PendingAttachment;
  }
}
