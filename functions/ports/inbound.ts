/**
 * What arrives from Feishu, as the acknowledgement path and the card actions see it. The Feishu
 * adapter (adapters/feishu/inbound.ts) authenticates a push and turns it into one of these.
 */
import type { Card } from '../../cards/common.ts';

export interface RawRequest {
  headers: Record<string, string | undefined>;
  body: Buffer;
}

/** A tap on a card: a button or a form submit. `value` is unchecked here: each card action reads its own. */
export interface CardTap {
  eventId?: string;
  operatorOpenId: string;
  value: unknown;
  formValue?: Record<string, unknown>;
  /** The option chosen in a select outside a form (`action.option`). */
  option?: string;
  messageId?: string;
  chatId?: string;
  token?: string;
}

/** Feishu's message types (`message.message_type`); Feishu may add more. */
export type FeishuMessageType =
  | 'text'
  | 'post'
  | 'image'
  | 'file'
  | 'audio'
  | 'media'
  | 'sticker'
  | 'interactive'
  | 'share_chat'
  | 'share_user'
  | 'merge_forward'
  | 'location'
  | 'system';

/** The fields of `im.message.receive_v1` the bot uses (Feishu's own names). */
export interface MessageReceived {
  sender: { sender_id: { open_id: string }; sender_type: string };
  message: {
    message_id: string;
    chat_id: string;
    chat_type: string;
    message_type: string;
    content: string;
    mentions?: { key: string }[] | undefined;
    /** Set (non-empty) when the message replies to another. */
    parent_id?: string | undefined;
    /** ms since the epoch, as a string. */
    create_time?: string | undefined;
  };
}

export type Inbound =
  | { kind: 'challenge'; challenge: string }
  | { kind: 'message'; eventId: string; event: MessageReceived }
  /** `unreadable`: the action's value was malformed or out of bounds and was dropped (the user gets the "expired card" toast). */
  | { kind: 'card_action'; style: 'v2' | 'legacy'; action: CardTap; unreadable?: true }
  | { kind: 'ignored'; eventType: string };

/** A push that is refused; the reason is for the log only. */
export type Rejection = { kind: 'rejected'; status: 400 | 401 | 403 | 413; reason: string };

/** Authenticates and reads one push (its secrets are the reader's business). */
export type InboundReader = (req: RawRequest, nowMs: number) => Promise<Inbound | Rejection>;

/** The inline answer to a card tap: a toast, and a card that replaces the tapped one. */
export interface CardActionResult {
  toast?: { type: 'success' | 'info' | 'warning' | 'error'; content: string };
  card?: Card;
}
