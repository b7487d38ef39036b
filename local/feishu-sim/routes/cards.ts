/**
 * Cards: every card the fake is sent (create, reply, PATCH, delayed update) goes through the project's
 * strict JSON 2.0 validator (local/card-validator.ts). Over 30 KB (measured on the `content` string as
 * it stands in the request body) is 230025, anything else wrong is 230099. The delayed-update route
 * answers its own doc's code, 11311 ("卡片格式不符合要求"), for both. Stricter than Feishu in one way:
 * JSON 2.0 cards only, because the bot sends no other and the validator knows no other.
 */
import { CARD_MAX_BYTES, cardContentByteSize, cardIssues } from '../../card-validator.ts';
import { fieldValidation, HttpError, isObject, type Json, requireString } from '../http.ts';
import type { SimState } from '../state.ts';
import type { OpenApiRoute } from './route.ts';

/** Feishu's answer to a card it will not take: 230025 when too large, else 230099 naming the problems. */
export function cardRefusal(card: Json, opts: { updated?: boolean }): HttpError | null {
  const size = cardContentByteSize(card);
  if (size > CARD_MAX_BYTES) {
    return new HttpError(400, 230025, `The length of the message content reaches its limit (${size} > ${CARD_MAX_BYTES} bytes)`);
  }
  const issues = card.schema === '2.0' ? cardIssues(card, opts) : ['schema: the fake Open API takes JSON 2.0 cards only'];
  if (issues.length === 0) return null;
  const shown = issues.slice(0, 5).join('; ') + (issues.length > 5 ? `; and ${issues.length - 5} more` : '');
  return new HttpError(
    400,
    230099,
    `Failed to create card content, ext=ErrCode: 200621; ErrMsg: parse card json err, please check whether the card json is correct; ErrorValue: ${shown}`,
  );
}

/** POST /open-apis/interactive/v1/card/update: the delayed update by a callback's token. */
function cardUpdateRoute(s: SimState, body: Json): Json {
  const token = requireString(body, 'token');
  let card: unknown = body.card;
  if (typeof card === 'string') {
    try {
      card = JSON.parse(card);
    } catch {
      throw fieldValidation('card must be a JSON object');
    }
  }
  if (!isObject(card)) throw fieldValidation('card is required and must be an object');
  const refusal = cardRefusal(card, { updated: true });
  // This older API has its own codes: 11311 "卡片格式不符合要求" (its doc names none for 30 KB).
  if (refusal) throw new HttpError(400, 11311, refusal.message);
  const messageId = s.cardTokens.get(token) ?? null;
  const at = s.stamp();
  s.cardUpdates.push({ token, card, message_id: messageId, at });
  const target = messageId ? s.byId.get(messageId) : undefined;
  if (target) {
    target.content = card;
    target.updated_at = at;
  }
  return { code: 0, msg: 'success' };
}

export function cardRoutes(s: SimState): OpenApiRoute[] {
  return [{ method: 'POST', path: /^\/open-apis\/interactive\/v1\/card\/update$/, auth: true, json: true, run: (r) => cardUpdateRoute(s, r.body) }];
}
