/**
 * `npm run say -- [--json] <open_id|name> <text…>`: sends a text message to the running offline bot
 * exactly as Feishu would (encrypted, signed) and prints what the bot answered, read from the fake Open
 * API: each card as a person sees it (header, text, fields, `[buttons]`), or the raw payload with --json.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { messageToText } from './card-text.ts';
import { LOCAL_DEFAULTS } from './defaults.ts';
import { feishuRequest, messageEvent } from './feishu-push.ts';
import { SimClient, type SimMessage } from './feishu-sim.ts';
import { envPath } from './paths.ts';

const env = process.env;
const bot = `http://127.0.0.1:${env.PORT ?? LOCAL_DEFAULTS.port}`;
const sim = `http://127.0.0.1:${env.FEISHU_SIM_PORT ?? LOCAL_DEFAULTS.simPort}`;
const encryptKey = env.FEISHU_ENCRYPT_KEY ?? LOCAL_DEFAULTS.encryptKey;
const token = env.FEISHU_VERIFICATION_TOKEN ?? LOCAL_DEFAULTS.verificationToken;
const appId = env.FEISHU_APP_ID ?? LOCAL_DEFAULTS.appId;

const args = process.argv.slice(2);
const raw = args.includes('--json');
const [who, ...words] = args.filter((a) => a !== '--json');
if (!who || words.length === 0) {
  console.error('usage: npm run say -- [--json] <open_id|姓名> <text>   e.g. npm run say -- 张三 帮助');
  process.exit(2);
}
let openId = who;
if (!who.startsWith('ou_')) {
  const roster = JSON.parse(readFileSync(envPath('ROSTER_FILE', LOCAL_DEFAULTS.rosterFile), 'utf8')) as { open_id: string; name: string }[];
  const p = roster.find((r) => r.name === who);
  if (!p) {
    console.error(`no one called ${who} in the roster file`);
    process.exit(2);
  }
  openId = p.open_id;
}

const eventId = randomUUID().replaceAll('-', '');
const messageId = `om_say_${eventId.slice(0, 16)}`;
const push = feishuRequest(
  messageEvent({ openId, text: words.join(' '), eventId, messageId, token, appId, tenantKey: 'local' }),
  { key: encryptKey },
);
const simMessages = () => new SimClient(sim).messages();
const before = new Set((await simMessages()).map((m) => m.message_id));
const res = await fetch(`${bot}/feishu/events`, { method: 'POST', body: push.body, headers: push.headers });
console.log(`bot answered HTTP ${res.status}`);
// The answer: replies to this message, and anything sent to this person directly (case data asked for in a group).
const answered = (m: SimMessage) => m.parent_id === messageId || (m.receive_id === openId && !before.has(m.message_id));
for (let i = 0; i < 50; i++) {
  const replies = (await simMessages()).filter(answered);
  if (replies.length > 0) {
    await new Promise((r) => setTimeout(r, 200)); // a reply may come in parts (a card, then a note)
    for (const r of (await simMessages()).filter(answered)) {
      console.log(raw ? `\n[${r.msg_type}] ${JSON.stringify(r.content, null, 2)}` : `\n${messageToText(r)}`);
    }
    process.exit(0);
  }
  await new Promise((r) => setTimeout(r, 100));
}
console.log('no reply within 5 s');
process.exit(1);
