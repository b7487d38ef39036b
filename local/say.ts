/**
 * `npm run say -- <open_id|name> <text…>`: sends a text message to the running offline bot exactly as
 * Feishu would (encrypted, signed) and prints what the bot answered, read from the fake Open API.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { encryptFeishu, eventSignature } from '../functions/adapters/feishu/verify.ts';
import { LOCAL_DEFAULTS } from './stack.ts';

const env = process.env;
const bot = `http://127.0.0.1:${env.PORT ?? LOCAL_DEFAULTS.port}`;
const sim = `http://127.0.0.1:${env.FEISHU_SIM_PORT ?? LOCAL_DEFAULTS.simPort}`;
const encryptKey = env.FEISHU_ENCRYPT_KEY ?? LOCAL_DEFAULTS.encryptKey;
const token = env.FEISHU_VERIFICATION_TOKEN ?? LOCAL_DEFAULTS.verificationToken;

const [who, ...words] = process.argv.slice(2);
if (!who || words.length === 0) {
  console.error('usage: npm run say -- <open_id|姓名> <text>   e.g. npm run say -- 张三 帮助');
  process.exit(2);
}
let openId = who;
if (!who.startsWith('ou_')) {
  const roster = JSON.parse(readFileSync(env.ROSTER_FILE ?? LOCAL_DEFAULTS.rosterFile, 'utf8')) as { open_id: string; name: string }[];
  const p = roster.find((r) => r.name === who);
  if (!p) {
    console.error(`no one called ${who} in the roster file`);
    process.exit(2);
  }
  openId = p.open_id;
}

const eventId = randomUUID().replaceAll('-', '');
const messageId = `om_say_${eventId.slice(0, 16)}`;
const event = {
  schema: '2.0',
  header: { event_id: eventId, event_type: 'im.message.receive_v1', create_time: String(Date.now()), token, app_id: LOCAL_DEFAULTS.appId, tenant_key: 'local' },
  event: {
    sender: { sender_id: { open_id: openId }, sender_type: 'user', tenant_key: 'local' },
    message: {
      message_id: messageId,
      chat_id: `oc_p2p_${openId}`,
      chat_type: 'p2p',
      message_type: 'text',
      content: JSON.stringify({ text: words.join(' ') }),
      create_time: String(Date.now()),
    },
  },
};
const body = JSON.stringify({ encrypt: encryptFeishu(JSON.stringify(event), encryptKey) });
const ts = String(Math.floor(Date.now() / 1000));
const nonce = randomUUID();
const res = await fetch(`${bot}/feishu/events`, {
  method: 'POST',
  body,
  headers: {
    'content-type': 'application/json',
    'x-lark-request-timestamp': ts,
    'x-lark-request-nonce': nonce,
    'x-lark-signature': eventSignature(ts, nonce, encryptKey, body),
  },
});
console.log(`bot answered HTTP ${res.status}`);
for (let i = 0; i < 50; i++) {
  const messages = (await (await fetch(`${sim}/_sim/messages`)).json()) as { parent_id?: string; receive_id?: string; msg_type: string; content: unknown }[];
  const replies = messages.filter((m) => m.parent_id === messageId);
  if (replies.length > 0) {
    for (const r of replies) console.log(`\n[${r.msg_type}]`, JSON.stringify(r.content, null, 2));
    process.exit(0);
  }
  await new Promise((r) => setTimeout(r, 100));
}
console.log('no reply within 5 s');
process.exit(1);
