/**
 * The acknowledgement path: authenticate, deduplicate, hand slow work to the job queue, answer.
 * It never waits on Feishu's Open API and never loads the Feishu SDK.
 */
import type { Logger } from '../config/logger.ts';
import type { CardActionResult, CardTap, EventMarkers, InboundReader, JobQueue, RawRequest } from '../ports/index.ts';
import type { Job } from './jobs.ts';

export interface WebhookDeps {
  /** Authenticates and reads the push (Feishu's signature and encryption: adapters/feishu/inbound.ts). */
  inbound: InboundReader;
  markers: EventMarkers;
  jobs: JobQueue<Job>;
  /** The card actions (app/card-actions.ts), loaded on the first tap. */
  onCardAction: (tap: CardTap) => Promise<CardActionResult>;
  now: () => number;
  log: Logger;
  /** Answer by then whatever is still pending (tests shorten it). */
  deadlineMs?: number;
}

export interface HttpResult {
  status: number;
  body: unknown;
}

export const BUSY_TOAST = '系统繁忙，请稍后重试';

/**
 * Feishu waits 3 s for an answer (API Gateway, Lambda and the network take some of it). Past this the
 * caller gets "try again" — a 500 for events, so Feishu re-delivers; a toast for card taps — and the
 * work still pending ends on its clients' own timeouts.
 */
export const ACK_DEADLINE_MS = 2_500;

/** A temporary failure: Feishu re-delivers an event it did not get a 200 for. */
const RETRY_LATER: HttpResult = { status: 500, body: { error: 'temporarily unavailable' } };
const OK: HttpResult = { status: 200, body: {} };

function cardAnswer(style: 'v2' | 'legacy', result: CardActionResult): HttpResult {
  if (style === 'legacy') return { status: 200, body: result.card ?? {} };
  const body: Record<string, unknown> = {};
  if (result.toast) body.toast = result.toast;
  if (result.card) body.card = { type: 'raw', data: result.card };
  return { status: 200, body };
}

export async function handleFeishuPush(req: RawRequest, deps: WebhookDeps): Promise<HttpResult> {
  // What to answer if the deadline passes first; set once the request is known to be a card tap.
  let late: HttpResult = RETRY_LATER;
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const deadline = new Promise<HttpResult>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      deps.log.error('acknowledgement deadline passed', { deadlineMs: deps.deadlineMs ?? ACK_DEADLINE_MS });
      resolve(late);
    }, deps.deadlineMs ?? ACK_DEADLINE_MS);
  });
  const work = answer(req, deps, (r) => (late = r));
  // Past the deadline nobody awaits the work: its failure is logged, never unhandled.
  work.catch((err: unknown) => {
    if (timedOut) deps.log.error('acknowledgement failed after the deadline', { err });
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function answer(req: RawRequest, deps: WebhookDeps, ifLate: (r: HttpResult) => void): Promise<HttpResult> {
  const inbound = await deps.inbound(req, deps.now());
  switch (inbound.kind) {
    case 'rejected':
      // The reason is for the log only; the caller sees the status and an empty body.
      deps.log.warn('feishu push rejected', { status: inbound.status, reason: inbound.reason });
      return { status: inbound.status, body: {} };
    case 'challenge':
      return { status: 200, body: { challenge: inbound.challenge } };
    case 'ignored':
      deps.log.info('feishu event ignored', { eventType: inbound.eventType });
      return OK;
    case 'message': {
      const { event, eventId } = inbound;
      if (event.sender.sender_type !== 'user') return OK;
      let claim: Awaited<ReturnType<EventMarkers['claim']>>;
      try {
        claim = await deps.markers.claim(eventId, deps.now());
      } catch (err) {
        // Cannot tell a first delivery from a repeat: let Feishu re-deliver later.
        deps.log.error('event claim failed', { eventId, err });
        return RETRY_LATER;
      }
      if (claim.state === 'done') {
        deps.log.info('duplicate event', { eventId });
        return OK;
      }
      if (claim.state === 'busy') {
        // Another delivery is handing it on right now; if that one dies, its lease expires and a later
        // re-delivery runs. Not a 200, so Feishu keeps this one.
        deps.log.warn('event is being handed on by another delivery', { eventId });
        return RETRY_LATER;
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
          ...(event.message.parent_id ? { parentId: event.message.parent_id } : {}),
          ...(event.message.create_time && /^\d{1,16}$/.test(event.message.create_time) ? { createTime: event.message.create_time } : {}),
          lease: claim.lease,
        });
      } catch (err) {
        // Not handed on: give up the lease so Feishu's re-delivery runs at once.
        deps.log.error('job submit failed', { eventId, err });
        await deps.markers.release(eventId, claim.lease).catch((e) => deps.log.error('marker release failed', { eventId, err: e }));
        return RETRY_LATER;
      }
      // The worker completes the claim when it takes the job: one write less before the 200, and a
      // hand-off that never arrives leaves the lease to expire, so Feishu's re-delivery runs.
      return OK;
    }
    case 'card_action': {
      const { style, action } = inbound;
      ifLate(cardAnswer(style, { toast: { type: 'error', content: BUSY_TOAST } }));
      if (inbound.unreadable) deps.log.warn('card action value unreadable or out of bounds; dropped', { eventId: action.eventId });
      let result: CardActionResult;
      try {
        result = await deps.onCardAction(action);
      } catch (err) {
        deps.log.error('card action failed', { err, value: action.value });
        result = { toast: { type: 'error', content: BUSY_TOAST } };
      }
      return cardAnswer(style, result);
    }
  }
}
