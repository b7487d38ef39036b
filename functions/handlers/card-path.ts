/**
 * Card callbacks, loaded by the webhook on the first tap (dynamic import): the filing rules, the cards
 * and the deadline engine are not needed to acknowledge an event or answer a url_verification.
 */
import type { CardAction } from '../adapters/feishu/inbound.ts';
import { handleCardAction } from '../app/card-actions.ts';
import type { CardActionResult } from '../app/webhook.ts';
import { buildServices, type CoreDeps } from './wiring.ts';

export function createCardActionHandler(core: CoreDeps): (action: CardAction) => Promise<CardActionResult> {
  const services = buildServices(core);
  return (action) => handleCardAction(action, services);
}
