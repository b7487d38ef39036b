/**
 * Chat commands: what a person types to the bot, one line each. This table is the parser (each
 * command's words), the help card's list (each command's `help`) and the role check (`requires`).
 *
 * To add one: a file next to its feature exporting `command({ words, help, run })`, and its line here.
 */
import { fileCaseCommand } from './case/file-case.ts';
import { listCasesCommand } from './case/list-cases.ts';
import { showCaseCommand } from './case/show-case.ts';
import { computeDeadlineCommand } from './deadlines/compute-deadline.ts';
import { listDocumentsCommand } from './documents/list-documents.ts';
import { listDrawsCommand } from './draw/list-draws.ts';
import { showStatisticsCommand } from './statistics/show-statistics.ts';
import { exportStatisticsCommand } from './statistics/export-statistics.ts';
import { startDrawCommand } from './draw/start-draw.ts';
import { showListsCommand } from './lists/show-lists.ts';
import { listCaseDeadlinesCommand, listMyDeadlinesCommand } from './deadlines/list-deadlines.ts';
import { archiveCaseCommand } from './dossier/archive-case.ts';
import { showDossierCommand } from './dossier/show-dossier.ts';
import { verifyCaseCommand } from './dossier/verify-case.ts';
import { listEvidenceCommand } from './evidence/list-evidence.ts';
import { recordNoteCommand } from './evidence/record-note.ts';
import { showHelpCommand } from './help/show-help.ts';
import { requestReviewCommand } from './review/request-review.ts';
import { showTrailCommand } from './review/show-trail.ts';
import { recordServiceCommand } from './service/record-service.ts';
import { recordPaymentCommand } from './service/record-payment.ts';
import { withdrawDecisionCommand } from './disclosure/withdraw-decision.ts';
import { type ChatCommand, type MessageContext, meets } from './intents.ts';
import { MESSAGES } from './services.ts';

/** In the help card's order. */
export const COMMANDS = {
  'help.show': showHelpCommand,
  'case.file': fileCaseCommand,
  'case.list': listCasesCommand,
  'case.show': showCaseCommand,
  'evidence.note': recordNoteCommand,
  'evidence.list': listEvidenceCommand,
  'dossier.show': showDossierCommand,
  'document.list': listDocumentsCommand,
  'case.verify': verifyCaseCommand,
  'case.archive': archiveCaseCommand,
  'review.request': requestReviewCommand,
  'review.trail': showTrailCommand,
  'deadlines.compute': computeDeadlineCommand,
  'lists.show': showListsCommand,
  'draw.start': startDrawCommand,
  'draw.list': listDrawsCommand,
  'deadlines.case': listCaseDeadlinesCommand,
  'deadlines.mine': listMyDeadlinesCommand,
  'service.record': recordServiceCommand,
  'service.payment': recordPaymentCommand,
  'disclosure.withdraw': withdrawDecisionCommand,
  'stats.show': showStatisticsCommand,
  'stats.export': exportStatisticsCommand,
} satisfies Record<string, ChatCommand>;

export type CommandName = keyof typeof COMMANDS;

const registered = Object.entries(COMMANDS) as [CommandName, ChatCommand][];

/** The help card's list. */
export const HELP_COMMANDS = registered.flatMap(([, c]) => (c.help ? [c.help] : []));

export type ParsedCommand = { name: CommandName; arg: string } | { name: 'unknown'; text: string };

/** Removes @-mention placeholders (`@_user_1`, `@_all`) and normalises spaces. */
export function cleanText(text: string, mentionKeys: string[] = []): string {
  let t = text;
  for (const key of mentionKeys) t = t.split(key).join(' ');
  return t.replace(/@_(user_\d+|all)/g, ' ').replace(/[\s\u3000]+/g, ' ').trim();
}

/** The command whose word starts the text (the first word; for a `prefix` command, its first letters). */
export function parseCommand(text: string): ParsedCommand {
  const t = text.trim();
  const [head = '', ...rest] = t.split(' ');
  const word = head.toLowerCase();
  const byWord = registered.find(([, c]) => c.words.some((w) => w.toLowerCase() === word));
  if (byWord) return { name: byWord[0], arg: rest.join(' ').trim() };
  for (const [name, c] of registered) {
    const first = c.words[0];
    if (c.prefix && first !== undefined && t.startsWith(first) && t.length > first.length) return { name, arg: t.slice(first.length).trim() };
  }
  return { name: 'unknown', text: t };
}

/** Runs what the person typed (already cleaned), after the command's role check. */
export async function runCommand(text: string, ctx: MessageContext): Promise<unknown> {
  const parsed = parseCommand(text);
  if (parsed.name === 'unknown') return ctx.reply.text(MESSAGES.unknownCommand);
  const c: ChatCommand = COMMANDS[parsed.name];
  if (c.requires && !meets(ctx.person, c.requires)) return ctx.reply.text(c.requires.refusal);
  return c.run({ ...ctx, arg: parsed.arg, help: HELP_COMMANDS });
}
