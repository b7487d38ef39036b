/**
 * Card actions: every button and form submit the bot's cards carry, one line each. A tap is answered
 * inline within Feishu's 3 s (DynamoDB only; no Open API calls). Loaded by the webhook on the first tap
 * (handlers/card-path.ts), never at its cold start.
 *
 * To add one: a file next to its feature exporting `cardAction({ value, handle })`, and its line here.
 * The value union the taps are read with, and the CardActionValue type the cards build buttons from,
 * both come from this table: a card cannot carry a value nobody handles.
 */
import { fileCaseAction } from './case/file-case.ts';
import { listCasesAction } from './case/list-cases.ts';
import { setCurrentCaseAction } from './case/set-current.ts';
import { showCaseAction } from './case/show-case.ts';
import { correctDocumentAction } from './documents/correct-document.ts';
import { viewDocumentAction } from './documents/view-document.ts';
import { decideExceptionAction, exceptionFormAction, requestExceptionAction } from './draw/exceptions.ts';
import { recordResultAction } from './draw/record-result.ts';
import { figureCasesPageAction, openFigureAction } from './statistics/figure-cases.ts';
import { exportStatisticsAction } from './statistics/export-statistics.ts';
import { approveAnnualReportAction } from './statistics/annual-report.ts';
import { showDrawAction, startDrawAction } from './draw/start-draw.ts';
import { removeRowAction, rowFormAction, saveRowAction } from './lists/edit-row.ts';
import { showListAction } from './lists/show-lists.ts';
import {
  approveListAction,
  draftListAction,
  generateDirectoryAction,
  publishListAction,
  reviewListAction,
  submitListAction,
  withdrawListAction,
} from './lists/transitions.ts';
import { chooseCaseAction } from './evidence/attach-file.ts';
import { changeActivityAction } from './evidence/change-activity.ts';
import { listEvidenceAction } from './evidence/list-evidence.ts';
import { viewEvidenceAction } from './evidence/view-evidence.ts';
import { decideAction } from './review/decide.ts';
import { recordDiscussionAction } from './review/record-discussion.ts';
import { recordOutcomeAction } from './review/record-outcome.ts';
import { openReviewFormAction, resubmitReviewAction, submitReviewAction } from './review/request-review.ts';
import { openServiceAction, recordServiceAction } from './service/record-service.ts';
import { openPaymentAction, recordPaymentAction } from './service/record-payment.ts';
import { withdrawDecisionAction } from './disclosure/withdraw-decision.ts';
import { publishNowAction } from './disclosure/publish-now.ts';
import { type CardActionDef, type CardActionRegistry, type CardActionValueOf, meets, taggedUnion } from './intents.ts';
import { errorToast, MESSAGES, type Services } from './services.ts';
import type { CardActionResult, CardTap } from '../ports/index.ts';

export const CARD_ACTIONS = {
  'case.file': fileCaseAction,
  'case.list': listCasesAction,
  'case.show': showCaseAction,
  'list.show': showListAction,
  'list.draft': draftListAction,
  'list.generate': generateDirectoryAction,
  'list.row_form': rowFormAction,
  'list.row_save': saveRowAction,
  'list.row_remove': removeRowAction,
  'list.submit': submitListAction,
  'list.review': reviewListAction,
  'list.approve': approveListAction,
  'list.publish': publishListAction,
  'list.withdraw': withdrawListAction,
  'draw.start': startDrawAction,
  'draw.show': showDrawAction,
  'draw.exception_form': exceptionFormAction,
  'draw.exception_request': requestExceptionAction,
  'draw.exception_decide': decideExceptionAction,
  'inspection.record': recordResultAction,
  'case.current': setCurrentCaseAction,
  'evidence.choose_case': chooseCaseAction,
  'evidence.activity': changeActivityAction,
  'evidence.list': listEvidenceAction,
  'evidence.view': viewEvidenceAction,
  'document.view': viewDocumentAction,
  'document.correct': correctDocumentAction,
  'review.open': openReviewFormAction,
  'review.submit': submitReviewAction,
  'review.resubmit': resubmitReviewAction,
  'review.outcome': recordOutcomeAction,
  'review.discuss': recordDiscussionAction,
  'review.decide': decideAction,
  'service.open': openServiceAction,
  'service.record': recordServiceAction,
  'payment.open': openPaymentAction,
  'payment.record': recordPaymentAction,
  'disclosure.withdraw': withdrawDecisionAction,
  'disclosure.publish_now': publishNowAction,
  'stats.cases': openFigureAction,
  'stats.cases_page': figureCasesPageAction,
  'stats.export': exportStatisticsAction,
  'stats.annual_approve': approveAnnualReportAction,
} satisfies CardActionRegistry;

export type CardActionName = keyof typeof CARD_ACTIONS;
/** What a button carries back (`action.value`): `{ action: <name>, ...that action's fields }`. */
export type CardActionValue = CardActionValueOf<typeof CARD_ACTIONS>;

const registered: [CardActionName, CardActionDef][] = Object.entries(CARD_ACTIONS) as [CardActionName, CardActionDef][];

/** Reads every tap's value: the registry's schemas, each with its `action` literal. */
export const cardActionValue = taggedUnion<CardActionValue>(
  'action',
  registered.map(([name, def]) => [name, def.value]),
);

/** Wire name → action: the current names, and the old ones cards already in people's chats send. */
const WIRE_NAMES: ReadonlyMap<string, CardActionName> = new Map(
  registered.flatMap(([name, def]) => [[name, name] as const, ...(def.legacy ?? []).map((old) => [old, name] as const)]),
);

/** The tap's value, or null when no action takes it (a card from an older version, or a forged one). */
export function readCardActionValue(tap: CardTap): CardActionValue | null {
  const raw = typeof tap.value === 'string' ? safeJson(tap.value) : tap.value;
  const parsed = cardActionValue.safeParse(withCurrentName(raw));
  if (parsed.success) return parsed.data;
  for (const [name, def] of registered) {
    const fields = def.fallback?.(tap);
    if (fields === undefined) continue;
    const value = cardActionValue.safeParse({ ...fields, action: name });
    if (value.success) return value.data;
  }
  return null;
}

export async function handleCardAction(tap: CardTap, s: Services): Promise<CardActionResult> {
  const value = readCardActionValue(tap);
  if (!value) {
    s.log.warn('unknown card action', { value: tap.value });
    return errorToast(MESSAGES.staleAction);
  }
  const operator = await s.roster.get(tap.operatorOpenId);
  if (!operator) return errorToast(MESSAGES.notOnRoster);
  const def: CardActionDef = CARD_ACTIONS[value.action];
  // Every action checks on the server who may do it, whatever the card offered.
  if (def.requires && !meets(operator, def.requires)) return errorToast(def.requires.refusal);
  return def.handle(value, { operator, tap, s });
}

function withCurrentName(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const action = (raw as { action?: unknown }).action;
  const name = typeof action === 'string' ? WIRE_NAMES.get(action) : undefined;
  return name === undefined ? raw : { ...raw, action: name };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
