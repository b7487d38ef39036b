/**
 * Deterministic names: a schedule per (deadline, point) and a send-once key per (deadline, point,
 * due date). node:crypto hashing is deterministic, so this stays pure.
 */
import { createHash } from 'node:crypto';
import type { LocalDate } from '../deadlines/local-date.ts';

/** EventBridge Scheduler: 1–64 characters from [0-9a-zA-Z-_.], unique within the schedule group. */
export const SCHEDULE_NAME_PATTERN = /^[0-9A-Za-z._-]{1,64}$/;
export const SCHEDULE_NAME_MAX = 64;
const HASH_CHARS = 12;

export function isValidScheduleName(name: unknown): boolean {
  return typeof name === 'string' && SCHEDULE_NAME_PATTERN.test(name);
}

/**
 * `case.2026-000001.publication.d1.d7-3f9a0c1b2d4e`: the readable part (for people reading the
 * console), cut to fit, then 12 hex characters of SHA-256 over the exact (deadline id, point) pair —
 * so two pairs that read alike after cutting or character replacement never share a name. The due
 * date is not part of it: when a deadline moves, its schedule keeps its name and is replaced.
 */
export function scheduleName(deadlineId: string, pointId: string): string {
  const hash = createHash('sha256').update(`${deadlineId}\n${pointId}`).digest('hex').slice(0, HASH_CHARS);
  const readable = `${deadlineId}.${pointId}`.replace(/[^0-9A-Za-z._-]/g, '_');
  return `${readable.slice(0, SCHEDULE_NAME_MAX - HASH_CHARS - 1)}-${hash}`;
}

/**
 * The send-once key. The schedule and the daily reconciliation both claim it (a conditional put)
 * before sending, so whichever comes first sends and the other finds it taken. It includes the due
 * date: a deadline that moves is a new date to tell people about, and a schedule that fires for the
 * old date is recognised as stale.
 */
export function sendKey(deadlineId: string, pointId: string, dueDate: LocalDate): string {
  return `${deadlineId}#${pointId}#${dueDate}`;
}
