/** The registries: what each reads at its boundary, built from the same definitions as its handlers. */
import { describe, expect, it } from 'vitest';
import { CARD_ACTIONS, readCardActionValue } from '../../../functions/app/card-actions.ts';
import { JOBS, jobSchema } from '../../../functions/app/jobs.ts';
import { notSupportedMessageType } from '../../../functions/app/chat/not-supported.ts';
import { MESSAGE_TYPES, messageTypeHandler } from '../../../functions/app/message-types.ts';
import { tap } from './harness.ts';

const read = (value: unknown) => readCardActionValue(tap({ by: 'ou_x', value }));

describe('Registry: card actions', () => {
  it('reads each action’s value under its own name, without fields it does not define', () => {
    expect(read({ action: 'case.show', case_id: '2026-000001', extra: 'dropped' })).toEqual({ action: 'case.show', case_id: '2026-000001' });
    expect(read({ action: 'case.list', cursor: '2:abc' })).toEqual({ action: 'case.list', cursor: '2:abc' });
    expect(read({ action: 'case.file', form_id: 'F1' })).toEqual({ action: 'case.file', form_id: 'F1' });
    // Legacy callbacks may carry the value as a JSON string.
    expect(read(JSON.stringify({ action: 'case.show', case_id: '2026-000001' }))).toEqual({ action: 'case.show', case_id: '2026-000001' });
  });

  it('reads the old wire names cards already in people’s chats send, as the current actions', () => {
    expect(read({ action: 'file_case', form_id: 'F1' })).toEqual({ action: 'case.file', form_id: 'F1' });
    expect(read({ action: 'list_cases', cursor: '2:abc' })).toEqual({ action: 'case.list', cursor: '2:abc' });
    expect(read({ action: 'show_case', case_id: '2026-000001' })).toEqual({ action: 'case.show', case_id: '2026-000001' });
  });

  it('gives every wire name to one action only', () => {
    const names = Object.entries(CARD_ACTIONS).flatMap(([name, def]) => [name, ...(def.legacy ?? [])]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('reads nothing from an unknown action, a value of the wrong shape, or no value at all', () => {
    for (const value of [{ action: 'delete_everything' }, { action: 'case.show' }, { action: 'case.show', case_id: 7 }, 'not json', 42, null, undefined, ['case.show']]) {
      expect(read(value), JSON.stringify(value)).toBeNull();
    }
  });
});

describe('Registry: jobs', () => {
  it('has the worker read each kind with its own payload, and nothing else', () => {
    expect(Object.keys(JOBS).sort()).toEqual([
      'case.filed',
      'deadlines.sync',
      'disclosure.digest',
      'document.draft',
      'document.view',
      'draw.run',
      'evidence.attach',
      'evidence.view',
      'lists.changed',
      'message',
      'reminder.send',
      'review.notify',
      'stats.annual',
      'stats.annual_publish',
      'stats.cases',
      'stats.export',
    ]);
    expect(jobSchema.safeParse({ kind: 'lists.changed', listKind: 'matters' }).success).toBe(true);
    expect(jobSchema.safeParse({ kind: 'lists.changed', listKind: 'secrets' }).success).toBe(false);
    expect(jobSchema.safeParse({ kind: 'draw.run', drawId: 'D20260302-abc' }).success).toBe(true);
    expect(jobSchema.safeParse({ kind: 'draw.run', drawId: '../x' }).success).toBe(false);
    expect(jobSchema.safeParse({ kind: 'case.filed', caseId: '2026-000001', junk: 1 })).toEqual({ success: true, data: { kind: 'case.filed', caseId: '2026-000001' } });
    const message = { kind: 'message', eventId: 'e', senderOpenId: 'ou_x', messageId: 'om', chatId: 'oc', chatType: 'p2p', messageType: 'text', content: '{}', mentionKeys: [] };
    expect(jobSchema.safeParse(message).success).toBe(true);
    for (const bad of [{ kind: 'nonsense' }, { kind: 'case.filed' }, { kind: 'case.filed', caseId: '' }, { ...message, mentionKeys: 'x' }, { ...message, lease: '' }, null]) {
      expect(jobSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('Registry: message types', () => {
  it('sends a type it has no line for to the not-supported answer, never to another type’s handler', () => {
    expect(messageTypeHandler('text')).toBe(MESSAGE_TYPES.text);
    expect(messageTypeHandler('a_type_feishu_adds_later')).toBe(notSupportedMessageType);
    expect(messageTypeHandler('toString')).toBe(notSupportedMessageType);
    expect(messageTypeHandler('__proto__')).toBe(notSupportedMessageType);
  });
});
