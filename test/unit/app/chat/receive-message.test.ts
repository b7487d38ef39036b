/**
 * Job message: a chat message the webhook handed on. The claim on the event is completed first; then
 * people not on the roster are told whom to ask, and the rest goes to the handler of its message type.
 */
import { describe, expect, it } from 'vitest';
import { runJob } from '../../../../functions/app/jobs.ts';
import { MESSAGE_TYPES } from '../../../../functions/app/message-types.ts';
import { messageJob, PEOPLE, STRANGER, textOf, useWorker } from '../harness.ts';

const NOT_YET = '暂不支持处理此类消息。发送「帮助」查看可用功能。';

describe('Job: message', () => {
  const h = useWorker();

  it('completes the webhook’s claim on the event before it answers', async () => {
    const claim = await h().markers.claim('ev-claimed', Date.now());
    if (claim.state !== 'claimed') throw new Error('expected a claim');
    const job = { ...messageJob(h(), { from: PEOPLE.zhang.openId, text: '帮助' }), eventId: 'ev-claimed', lease: claim.lease };
    await runJob(job, h().s);
    expect(await h().markers.claim('ev-claimed', Date.now())).toEqual({ state: 'done' });
    expect(h().sent()).toHaveLength(1);
    // Lambda's retry of the same job runs again (its reply is dropped by Feishu's uuid).
    await runJob(job, h().s);
    expect(h().sent()).toHaveLength(1);
  });

  it('does not run a job whose claim a later delivery took over', async () => {
    const stale = await h().markers.claim('ev-taken', Date.now() - 60_000);
    const fresh = await h().markers.claim('ev-taken', Date.now());
    if (stale.state !== 'claimed' || fresh.state !== 'claimed') throw new Error('expected two claims');
    await runJob({ ...messageJob(h(), { from: PEOPLE.zhang.openId, text: '帮助' }), eventId: 'ev-taken', lease: stale.lease }, h().s);
    expect(h().sent()).toEqual([]);
  });

  it('tells someone not on the roster to ask 行政审批科, whatever they sent', async () => {
    await runJob(messageJob(h(), { from: STRANGER, text: '立案' }), h().s);
    await runJob(messageJob(h(), { from: STRANGER, messageType: 'image', content: '{"image_key":"img_x"}' }), h().s);
    expect(h().sent().map(textOf)).toEqual([expect.stringContaining('行政审批科'), expect.stringContaining('行政审批科')]);
  });

  it.each(['share_chat', 'system', 'a_type_feishu_adds_later'])('answers a %s message politely as not supported', async (messageType) => {
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, messageType, content: '{"file_key":"file_x"}' }), h().s);
    expect(h().sent().map(textOf)).toEqual([NOT_YET]);
  });

  it.each([
    ['post', '富文本'],
    ['sticker', '表情不能作为证据'],
    ['merge_forward', '逐条转发'],
    ['location', '位置消息'],
    ['interactive', '卡片消息'],
  ])('tells a %s message what to send instead (evidence cannot come that way)', async (messageType, hint) => {
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, messageType, content: '{}' }), h().s);
    expect(h().sent().map(textOf)).toEqual([expect.stringContaining(hint)]);
  });

  it.each(['image', 'file', 'audio', 'media'])('takes a %s message as evidence (here: no case to put it in, so nothing is stored)', async (messageType) => {
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, messageType, content: '{"file_key":"file_x","image_key":"img_x"}' }), h().s);
    expect(h().sent().map(textOf)).toEqual([expect.stringContaining('没有承办中的案件')]);
  });

  it('answers text it cannot read, and text that is no command, with a hint', async () => {
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, content: 'not json' }), h().s);
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, text: '你好' }), h().s);
    expect(h().sent().map(textOf)).toEqual([NOT_YET, '没有识别到指令。发送「帮助」查看可用功能。']);
  });

  it('reads a command after the @-mention of a group message', async () => {
    await runJob(messageJob(h(), { from: PEOPLE.zhang.openId, text: '@_user_1 帮助', chatType: 'group', mentionKeys: ['@_user_1'] }), h().s);
    expect(h().sent()[0]?.msg_type).toBe('interactive');
  });

  it('has a handler for text and for every file type evidence will arrive as', () => {
    for (const type of ['text', 'image', 'file', 'audio', 'media']) expect(MESSAGE_TYPES).toHaveProperty(type);
  });
});
