/**
 * Compile-time proofs about the registries, checked by `tsc --noEmit` (the first half of `npm test`;
 * vitest does not run this file). Each `@ts-expect-error` marks something that must not compile: were it
 * to compile, tsc would fail with "Unused '@ts-expect-error' directive".
 */
import * as z from 'zod/mini';
import { type CallbackBehavior, callbackButton } from '../../cards/common.ts';
import type { CARD_ACTIONS, CardActionValue } from '../../functions/app/card-actions.ts';
import type { Job, JOBS } from '../../functions/app/jobs.ts';
import { type CardActionRegistry, cardAction, command, job, type JobRegistry, type MessageTypeHandler } from '../../functions/app/intents.ts';
import { MESSAGE_TYPES } from '../../functions/app/message-types.ts';
import type { FeishuMessageType, JobQueue } from '../../functions/ports/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// The buttons cards build carry exactly the values the registered card actions read, and the jobs
// anyone can submit are exactly the registered kinds: both types come from the registries.
export const buttonValuesAreTheRegistry: Equal<CallbackBehavior['value']['action'], keyof typeof CARD_ACTIONS> = true;
export const buttonValueIsCardActionValue: Equal<CallbackBehavior['value'], CardActionValue> = true;
export const jobKindsAreTheRegistry: Equal<Job['kind'], keyof typeof JOBS> = true;

// 1. A button type without a handler does not compile.
callbackButton({ text: '查看', value: { action: 'case.show', case_id: '2026-000001' } });
// @ts-expect-error no card action 'not.registered' exists, so no card may carry it
callbackButton({ text: '按钮', value: { action: 'not.registered', case_id: '2026-000001' } });
// @ts-expect-error a card action declared without its handler
cardAction({ value: z.object({ case_id: z.string() }) });
// @ts-expect-error a registry entry without a handler
export const buttonWithoutHandler = { 'not.registered': { value: z.object({ case_id: z.string() }) } } satisfies CardActionRegistry;

// 2. A handler without a button type does not compile.
// @ts-expect-error a card action handler with no value schema (no button type)
cardAction({ handle: async () => ({}) });
// @ts-expect-error a handler reading a field its button does not carry
cardAction({ value: z.object({ case_id: z.string() }), handle: async (v) => ({ toast: { type: 'info', content: v.review_id } }) });
// @ts-expect-error a registry entry with a handler and no value schema
export const handlerWithoutButton = { 'not.registered': { handle: async () => ({}) } } satisfies CardActionRegistry;

// 3. A job kind without a handler does not compile.
declare const queue: JobQueue<Job>;
void queue.submit({ kind: 'case.filed', caseId: '2026-000001' });
// @ts-expect-error no job 'not.registered' exists, so nobody may submit one
void queue.submit({ kind: 'not.registered', caseId: '2026-000001' });
// @ts-expect-error a job declared without its run
job({ payload: z.object({ caseId: z.string() }) });
// @ts-expect-error a registry entry without its run
export const jobWithoutRun = { 'not.registered': { payload: z.object({ caseId: z.string() }) } } satisfies JobRegistry;

// The same holds for the other two tables.
// @ts-expect-error a Feishu message type without a handler (here: all but text)
export const typeWithoutHandler = { text: MESSAGE_TYPES.text } satisfies Record<FeishuMessageType, MessageTypeHandler>;
// @ts-expect-error a chat command without its run
command({ words: ['某指令'], help: { command: '某指令', description: '没有 run' } });
