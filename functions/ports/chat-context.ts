/**
 * What the chat knows about cases, besides the cases themselves: which case a card the bot sent shows
 * (so a file sent as a reply to it goes to that case), each person's current case per chat (设为当前案件),
 * and files waiting for their sender to choose a case.
 */

/** A file received with no case to go to: kept until its sender picks one on the chooser card. */
export interface PendingAttachment {
  messageId: string;
  senderOpenId: string;
  chatId: string;
  chatType: string;
  messageType: string;
  content: string;
  /** The event it came with (replies are keyed by it). */
  eventId: string;
  /** Feishu's `create_time` (ms since the epoch, as a string), when it sent one. */
  createTime?: string;
  /** ISO instant. */
  receivedAt: string;
}

export interface ChatContextStore {
  /** Records that the bot's card message `messageId` shows case `caseId` (again: overwritten, same case). */
  rememberCard(messageId: string, caseId: string): Promise<void>;
  /** The case a bot card message shows; null for any other message. */
  caseOfCard(messageId: string): Promise<string | null>;
  /** The person's current case in that chat (one per person and chat). */
  setCurrentCase(openId: string, chatId: string, caseId: string, at: string): Promise<void>;
  currentCase(openId: string, chatId: string): Promise<string | null>;
  /** Keeps a file until its sender chooses a case (expires after a week). */
  savePending(p: PendingAttachment): Promise<void>;
  getPending(messageId: string): Promise<PendingAttachment | null>;
}
