/**
 * The acknowledgement path: authenticate, deduplicate, hand slow work to the job queue, answer.
 * It never waits on Feishu's Open API and never loads the Feishu SDK.
 */
import type { FeishuSecrets } from '../config/index.ts';
import type { Logger } from '../config/logger.ts';
import { type CardAction, parseInbound, type RawRequest } from '../adapters/feishu/inbound.ts';
import type { Card, EventMarkers, JobQueue } from '../ports/index.ts';

export interface CardActionResult {
  toast?: { type: 'success' | 'info' | 'warning' | 'error'; content: string };
  card?: Card;
}

export interface WebhookDeps {
  secrets: () => Promise<Pick<FeishuSecrets, 'encryptKey' | 'verificationToken'>>;
  markers: EventMarkers;
  jobs: JobQueue;
  onCardAction: (action: CardAction) => Promise<CardActionResult>;
  now: () => number;
  log: Logger;
}

export interface HttpResult {
  status: number;
  body: unknown;
}

export const BUSY_TOAST = '系统繁忙，请稍后重试';

export async function handleFeishuPush(req: RawRequest, deps: WebhookDeps): Promise<HttpResult> {
  const secrets = await deps.secrets();
  const inbound = parseInbound(req, secrets, deps.now());
  switch (inbound.kind) {
    case 'rejected':
      deps.log.warn('feishu push rejected', { status: inbound.status, reason: inbound.reason });
      return { status: inbound.status, body: { error: inbound.reason } };
    case 'challenge':
      return { status: 200, body: { challenge: inbound.challenge } };
    case 'ignored':
      deps.log.info('feishu event ignored', { eventType: inbound.eventType });
      return { status: 200, body: {} };
    case 'message': {
      const { event, eventId } = inbound;
      if (event.sender.sender_type !== 'user') return { status: 200, body: {} };
      let first: boolean;
      try {
        first = await deps.markers.claim(eventId, deps.now());
      } catch (err) {
        // Cannot tell a first delivery from a repeat: let Feishu re-deliver later.
        deps.log.error('event claim failed', { eventId, err });
        return { status: 500, body: { error: 'temporarily unavailable' } };
      }
      if (!first) {
        deps.log.info('duplicate event', { eventId });
        return { status: 200, body: {} };
      }
      try {
        await deps.jobs.submit({
          kind: 'message',
          eventId,
          senderOpenId: event.sender.sender_id.open_id,
          messageId: event.message.message_id,
          chatId: event.message.chat_id,
          chatType: event.message.chat_type,
          messageType: event.message.message_type,
          content: event.message.content,
          mentionKeys: (event.message.mentions ?? []).map((m) => m.key),
        });
      } catch (err) {
        // Not handed on: forget the event so Feishu's re-delivery gets another chance.
        deps.log.error('job submit failed', { eventId, err });
        await deps.markers.release(eventId).catch((e) => deps.log.error('marker release failed', { eventId, err: e }));
        return { status: 500, body: { error: 'temporarily unavailable' } };
      }
      return { status: 200, body: {} };
    }
    case 'card_action': {
      let result: CardActionResult;
      try {
        result = await deps.onCardAction(inbound.action);
      } catch (err) {
        deps.log.error('card action failed', { err, value: inbound.action.value });
        result = { toast: { type: 'error', content: BUSY_TOAST } };
      }
      if (inbound.style === 'legacy') return { status: 200, body: result.card ?? {} };
      const body: Record<string, unknown> = {};
      if (result.toast) body.toast = result.toast;
      if (result.card) body.card = { type: 'raw', data: result.card };
      return { status: 200, body };
    }
  }
}
