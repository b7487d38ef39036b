/** `npm start`: the whole bot offline. Environment and defaults are documented in the README. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOn } from '../functions/config/index.ts';
import { envPath } from './paths.ts';
import { LOCAL_DEFAULTS, startStack } from './stack.ts';

const env = process.env;
const dataDir = envPath('DATA_DIR', LOCAL_DEFAULTS.dataDir);
// ROSTER_FILE set empty keeps the roster already stored in DATA_DIR.
const rosterFile = env.ROSTER_FILE === '' ? null : envPath('ROSTER_FILE', LOCAL_DEFAULTS.rosterFile);

function port(name: string, fallback: number): number {
  const v = Number(env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 0 || v > 65535) throw new Error(`${name} must be a port number`);
  return v;
}

const started = Date.now();
const stack = await startStack({
  port: port('PORT', LOCAL_DEFAULTS.port),
  simPort: port('FEISHU_SIM_PORT', LOCAL_DEFAULTS.simPort),
  secrets: {
    appId: env.FEISHU_APP_ID ?? LOCAL_DEFAULTS.appId,
    appSecret: env.FEISHU_APP_SECRET ?? LOCAL_DEFAULTS.appSecret,
    encryptKey: env.FEISHU_ENCRYPT_KEY ?? LOCAL_DEFAULTS.encryptKey,
    verificationToken: env.FEISHU_VERIFICATION_TOKEN ?? LOCAL_DEFAULTS.verificationToken,
  },
  rosterFile,
  dataDir,
  ...(env.CASE_NUMBER_FORMAT ? { caseNumberFormat: env.CASE_NUMBER_FORMAT } : {}),
  logLevel: (env.LOG_LEVEL as 'info' | undefined) ?? 'info',
  legacyCardCallbacks: isOn(env.FEISHU_LEGACY_CARD_CALLBACKS),
}).catch((err: Error) => {
  console.error(`\n启动失败 / failed to start: ${err.message}`);
  process.exit(1);
});

// Lets `npm run roster` reach this stack's database instead of opening the same files twice.
mkdirSync(dataDir, { recursive: true });
const stateFile = join(dataDir, 'stack.json');
writeFileSync(stateFile, JSON.stringify({ pid: process.pid, dynamoEndpoint: stack.dynamoEndpoint, tableName: stack.tableName }));

console.log(`
执法助手 offline stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s
  bot (Lambda handlers over HTTP)  ${stack.botUrl}
    POST /feishu/events   Feishu event subscription URL
    POST /feishu/cards    Feishu card callback URL
    GET  /healthz         200 when every part is ready
    POST /_dev/tick       {"now":"<ISO time>"} runs scheduled work due then
    GET  /public/         the public disclosure site (index.html, feed.json, decisions/)
  fake Feishu Open API             ${stack.simUrl}
    GET  /_sim/messages   every message the bot sent, replied or updated
  DynamoDB Local                   ${stack.dynamoEndpoint} (table ${stack.tableName})
  s3rver                           ${stack.s3Endpoint}
  data folder                      ${dataDir}
${dynamoExposure(stack.dynamoLoopbackOnly)}
Press Ctrl-C to stop.`);

/** DynamoDB Local has no authentication: say plainly whether other hosts can reach it. */
function dynamoExposure(loopbackOnly: boolean | null): string {
  if (loopbackOnly !== false) return 'Every part listens on 127.0.0.1 only; /_dev/* and /_sim/* answer loopback callers only.';
  return `WARNING: DynamoDB Local listens on EVERY network interface, with no authentication: anyone who
  can reach this machine on port ${new URL(stack.dynamoEndpoint).port} can read and change the data. This Java has no
  jdk.compiler module, which local/DynamoDbLoopback.java needs to bind it to 127.0.0.1 (Debian's
  openjdk-17-jre-headless has it; some slimmed-down runtimes do not). Use a Java 17+ that has it, or
  keep this machine behind a firewall.`;
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await stack.stop();
  rmSync(stateFile, { force: true });
  console.log('stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
