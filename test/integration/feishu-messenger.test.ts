/**
 * The Feishu messenger (the real SDK client against the fake Open API) throws the port's DeliveryError:
 * not retryable, with Feishu's code, when Feishu refuses for good; retryable once its own attempts at a
 * temporary failure are spent. The FeishuApiError stays as the cause, for the log.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { textMessage } from '../../cards/text.ts';
import { createFeishuClient, FeishuApiError, FeishuMessenger } from '../../functions/adapters/feishu/messenger.ts';
import { silentLogger } from '../../functions/config/logger.ts';
import { DeliveryError } from '../../functions/ports/errors.ts';
import { type FeishuSim, startFeishuSim } from '../../local/feishu-sim.ts';

const CREATE = '^POST /open-apis/im/v1/messages$';
let sim: FeishuSim;
let messenger: FeishuMessenger;
beforeAll(async () => {
  sim = await startFeishuSim({ port: 0, host: '127.0.0.1', appId: 'cli_test', appSecret: 'secret' });
  messenger = new FeishuMessenger(createFeishuClient({ appId: 'cli_test', appSecret: 'secret', domain: sim.url, log: silentLogger }), silentLogger, {
    attempts: 3,
    baseDelayMs: 1,
  });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

const send = () => messenger.sendText('ou_someone', textMessage('你好'), `u-${Math.random()}`);

describe('Class: FeishuMessenger', () => {
  it('sends, and throws nothing', async () => {
    await send();
    expect(sim.messages()).toHaveLength(1);
  });

  it('sends a card to a group chat by its chat_id, once per uuid', async () => {
    const card = { schema: '2.0', config: { update_multi: true }, header: { title: { tag: 'plain_text', content: '抽取承诺' }, template: 'blue' }, body: { elements: [] } } as const;
    await messenger.sendCardToChat('oc_office', card as never, 'u-chat-1');
    await messenger.sendCardToChat('oc_office', card as never, 'u-chat-1');
    const sent = sim.messages();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ receive_id: 'oc_office', receive_id_type: 'chat_id', chat_id: 'oc_office', msg_type: 'interactive' });
  });

  it('throws a DeliveryError that is not retryable, with Feishu’s code, when Feishu refuses for good', async () => {
    sim.injectFault({ match: CREATE, status: 400, code: 230013, msg: 'Bot has NO availability to this user.', count: 1 });
    const err = await send().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ retryable: false, code: 230013 });
    expect((err as DeliveryError).cause).toBeInstanceOf(FeishuApiError);
    expect(sim.requests().filter((r) => r.path === '/open-apis/im/v1/messages')).toHaveLength(1);
  });

  it('tries a temporary failure again, and throws a retryable DeliveryError once its attempts are spent', async () => {
    sim.injectFault({ match: CREATE, status: 503, count: 3 });
    const err = await send().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ retryable: true });
    expect(sim.requests().filter((r) => r.path === '/open-apis/im/v1/messages')).toHaveLength(3);
    sim.injectFault({ match: CREATE, status: 503, count: 2 });
    await send();
    expect(sim.messages()).toHaveLength(1);
  });
});
