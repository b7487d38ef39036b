/**
 * How an intent is declared. A feature file exports definitions made with these helpers — a card
 * action, a job, a chat command, a message type — and a registry lists each in one line:
 * card-actions.ts, jobs.ts, commands.ts, message-types.ts. A definition carries both its wire shape
 * (the zod/mini schema of what arrives) and its handler, so neither exists without the other, and
 * the types the senders use (CardActionValue, Job) are built from the registries.
 */
import * as z from 'zod/mini';
import type { Card } from '../../cards/common.ts';
import type { HelpCommandView } from '../../cards/types.ts';
import { CASE_ID_PATTERN } from '../domain/case/case-number.ts';
import type { Person, Role } from '../domain/roster/types.ts';
import type { CardActionResult, CardTap } from '../ports/index.ts';
import type { Services, WorkerServices } from './services.ts';

/** A role the person must hold for an intent, and what they are told when they do not. */
export interface Requirement {
  role: Role;
  refusal: string;
}

export const meets = (person: Person, r: Requirement | undefined): boolean => r === undefined || person.roles.includes(r.role);

/** Flattens an intersection so editor hovers and compiler messages show one object type. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The discriminated union of a registry: each entry's schema with `tag` set to its key. The caller
 * states the union's type, computed from the same registry (CardActionValueOf, JobOf).
 */
export function taggedUnion<T>(tag: string, entries: [name: string, schema: z.ZodMiniObject][]): z.ZodMiniType<T> {
  const options = entries.map(([name, schema]) => z.extend(schema, { [tag]: z.literal(name) }));
  return z.discriminatedUnion(tag, options as unknown as [z.ZodMiniObject, ...z.ZodMiniObject[]]) as unknown as z.ZodMiniType<T>;
}

// ---------------------------------------------------------------------------------------------
// Card actions: a button or form submit, answered inline (DynamoDB only, within Feishu's 3 s)
// ---------------------------------------------------------------------------------------------

export interface CardActionContext {
  /** The person who tapped, on the roster (others are answered before any action runs). */
  operator: Person;
  /** The tap as it arrived: form values, the card's message id. */
  tap: CardTap;
  s: Services;
}

export interface CardActionDef<V extends z.ZodMiniObject = z.ZodMiniObject> {
  /** The button value's fields besides `action` (its name is the registry key). */
  value: V;
  /**
   * Wire names that older cards, still in people's chats, send for this action. New cards send the
   * registry key; these keep working for as long as such cards exist.
   */
  legacy?: readonly string[];
  /** Reads a tap whose value is missing or unreadable but that is still this action (older cards). */
  fallback?: (tap: CardTap) => z.input<V> | undefined;
  requires?: Requirement;
  handle(value: z.output<V>, ctx: CardActionContext): Promise<CardActionResult>;
}

/** A case id in a button's value or a job's payload (`2026-000001`). */
export const CASE_ID = z.string().check(z.regex(CASE_ID_PATTERN));

/** Declares a card action; the handler's value is typed by the schema. */
export const cardAction = <V extends z.ZodMiniObject>(def: CardActionDef<V>): CardActionDef<V> => def;

/** What a registry of card actions must hold: wire name → definition. */
export type CardActionRegistry = Record<string, CardActionDef>;

/** The values buttons carry, one variant per registered action. */
export type CardActionValueOf<R extends CardActionRegistry> = {
  [K in keyof R & string]: Simplify<{ action: K } & z.output<R[K]['value']>>;
}[keyof R & string];

// ---------------------------------------------------------------------------------------------
// Jobs: slow work for the worker (Lambda async Invoke; in-process offline)
// ---------------------------------------------------------------------------------------------

export interface JobDef<P extends z.ZodMiniObject = z.ZodMiniObject> {
  /** The job's fields besides `kind` (its name is the registry key). */
  payload: P;
  /** Runs one job. Every effect is idempotent: Lambda retries a failed job twice, the tick re-submits. */
  run(job: z.output<P>, s: WorkerServices): Promise<void>;
}

export const job = <P extends z.ZodMiniObject>(def: JobDef<P>): JobDef<P> => def;

export type JobRegistry = Record<string, JobDef>;

export type JobOf<R extends JobRegistry> = {
  [K in keyof R & string]: Simplify<{ kind: K } & z.output<R[K]['payload']>>;
}[keyof R & string];

// ---------------------------------------------------------------------------------------------
// Chat: message types and commands (in the worker, off the acknowledgement path)
// ---------------------------------------------------------------------------------------------

export interface Reply {
  /**
   * Answers in a text message; the text may quote what the person typed (it is made literal). `part`
   * names one of several answers to the same message (an acknowledgement, then a receipt): each part
   * has its own send uuid, so a retried job repeats none of them and drops none.
   */
  text(text: string, part?: string): Promise<void>;
  /** Answers with a card; resolves to the card message's id (to record which case it shows). */
  card(card: Card, part?: string): Promise<string | undefined>;
}

/** A received message from a person on the roster, with the ways to answer it. */
export interface MessageContext {
  person: Person;
  message: {
    eventId: string;
    messageId: string;
    chatId: string;
    chatType: string;
    messageType: string;
    /** Feishu's content JSON, as sent (its shape depends on the message type). */
    content: string;
    mentionKeys: string[];
    /** The message this one replies to (a card of the bot's, when a file is sent as a reply to it). */
    parentId?: string;
    /** Feishu's `create_time`: ms since the epoch, as a string. */
    createTime?: string;
  };
  reply: Reply;
  /**
   * Case data is for the person asking: in a group chat it goes to them by direct message. Resolves to
   * the card message's id.
   */
  privateCard(card: Card, part?: string): Promise<string | undefined>;
  s: WorkerServices;
}

/** Handles one Feishu message type (`text`, `image`, `file`, …). What it resolves to is not used. */
export type MessageTypeHandler = (ctx: MessageContext) => Promise<unknown>;

export interface CommandContext extends MessageContext {
  /** What follows the command word, trimmed ('' when nothing does). */
  arg: string;
  /** The commands the help card lists (from the command table). */
  help: HelpCommandView[];
}

export interface ChatCommand {
  /** The words that start it (matched case-insensitively, as the first word of the message). */
  words: readonly string[];
  /** Also matches a message that starts with the first word, without a space (`案件1号`). */
  prefix?: boolean;
  /** Its line on the help card; a command without one is not listed. */
  help?: HelpCommandView;
  requires?: Requirement;
  /** What it resolves to is not used (an answer's message id, say). */
  run(ctx: CommandContext): Promise<unknown>;
}

export const command = (def: ChatCommand): ChatCommand => def;
