/**
 * Card callbacks, loaded by the webhook on the first tap (dynamic import): the card actions, their
 * filing rules, the cards and the deadline engine are not needed to acknowledge an event or answer a
 * url_verification.
 */
import { handleCardAction } from '../app/card-actions.ts';
import type { CardActionResult, CardTap } from '../ports/index.ts';
import { buildServices, type CoreDeps } from './wiring.ts';

export function createCardActionHandler(core: CoreDeps): (tap: CardTap) => Promise<CardActionResult> {
  const services = buildServices(core);
  return (tap) => handleCardAction(tap, services);
}
