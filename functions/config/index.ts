/** Configuration read once per cold start and validated; a missing value fails fast. */
import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import { DEFAULT_CASE_NUMBER_FORMAT, isValidCaseNumberFormat } from '../domain/case/case-number.ts';
import type { Level } from './logger.ts';

/** Outbound: what the worker needs to call the Open API (console: Credentials & Basic Info). */
export interface FeishuAppCredentials {
  appId: string;
  appSecret: string;
}

/** Inbound: what the webhook needs to authenticate pushes (console: Events & Callbacks → Encryption Strategy). */
export interface FeishuVerificationSecrets {
  encryptKey: string;
  verificationToken: string;
}

/** All four values, as the offline stack holds them. Deployed, each function can read only its half. */
export type FeishuSecrets = FeishuAppCredentials & FeishuVerificationSecrets;

// zod/mini: this runs at every cold start, including the acknowledgement path's.
const nonEmpty = () => z.string().check(z.minLength(1));
const envSchema = z.object({
  TABLE_NAME: nonEmpty(),
  EVIDENCE_BUCKET: z.optional(nonEmpty()),
  CASE_NUMBER_FORMAT: z._default(
    z.string().check(z.refine(isValidCaseNumberFormat, 'CASE_NUMBER_FORMAT must contain {year} and {seq} once each')),
    DEFAULT_CASE_NUMBER_FORMAT,
  ),
  FEISHU_DOMAIN: z._default(z.url(), 'https://open.feishu.cn'),
  // Two secrets, so the internet-facing webhook cannot read the app secret (infra/README.md).
  FEISHU_CREDENTIALS_SECRET_ARN: z.optional(nonEmpty()),
  FEISHU_VERIFICATION_SECRET_ARN: z.optional(nonEmpty()),
  WORKER_FUNCTION_NAME: z.optional(nonEmpty()),
  LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info'),
  FEISHU_LEGACY_CARD_CALLBACKS: z.optional(z.string()),
  // The worker publishes lists and draws (functions/adapters/site/files.ts PUBLIC_SITE_ENV).
  PUBLIC_SITE_BUCKET: z.optional(nonEmpty()),
  // The office's Feishu group (oc_…): draw commitments and results go there too.
  OFFICE_CHAT_ID: z.optional(z.string().check(z.refine((v) => /^oc_[\w-]{1,100}$/.test(v), 'OFFICE_CHAT_ID must be a chat_id (oc_…)'))),
});

export interface AppConfig {
  tableName: string;
  evidenceBucket?: string;
  caseNumberFormat: string;
  feishuDomain: string;
  /** Secrets Manager secret `{appId, appSecret}` (worker). */
  feishuCredentialsSecretArn?: string;
  /** Secrets Manager secret `{encryptKey, verificationToken}` (webhook). */
  feishuVerificationSecretArn?: string;
  workerFunctionName?: string;
  logLevel: Level;
  /** Legacy SHA-1 card callbacks, keyed only by the Verification Token: off unless "on"/"true". */
  legacyCardCallbacks: boolean;
  /** The public site's bucket (the worker writes lists and draws). */
  publicSiteBucket?: string;
  /** The office's group chat for draw commitments and results. */
  officeChatId?: string;
}

/** A switch in the environment: `on` or `true` (any case); anything else, or nothing, is off. */
export function isOn(value: string | undefined): boolean {
  return ['on', 'true'].includes((value ?? '').trim().toLowerCase());
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = envSchema.parse(env);
  return {
    tableName: e.TABLE_NAME,
    evidenceBucket: e.EVIDENCE_BUCKET,
    caseNumberFormat: e.CASE_NUMBER_FORMAT,
    feishuDomain: e.FEISHU_DOMAIN,
    feishuCredentialsSecretArn: e.FEISHU_CREDENTIALS_SECRET_ARN,
    feishuVerificationSecretArn: e.FEISHU_VERIFICATION_SECRET_ARN,
    workerFunctionName: e.WORKER_FUNCTION_NAME,
    logLevel: e.LOG_LEVEL,
    legacyCardCallbacks: isOn(e.FEISHU_LEGACY_CARD_CALLBACKS),
    publicSiteBucket: e.PUBLIC_SITE_BUCKET,
    officeChatId: e.OFFICE_CHAT_ID,
  };
}


/** What infra/stack.ts writes into the Feishu secrets before an operator fills them in. */
export const SECRET_PLACEHOLDER = 'REPLACE_ME';

/** A placeholder (or nothing) counts as not configured: the handlers then fail closed. */
const unset = (v: string | undefined): string => (v === undefined || v === SECRET_PLACEHOLDER ? '' : v);

/**
 * Secrets Manager is on the acknowledgement path (each instance's first push, then every 5 minutes).
 * With the SDK's defaults a hung endpoint holds the request indefinitely (`requestTimeout` only logs a
 * warning unless `throwOnRequestTimeout` is set), so: a short connect and request timeout per attempt,
 * two attempts, and one deadline over both. A fetch then settles within SECRETS_DEADLINE_MS, which
 * leaves most of Feishu's 3 s to DynamoDB and the hand-off.
 */
export const SECRETS_CLIENT_CONFIG = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 300, requestTimeout: 600, throwOnRequestTimeout: true },
} satisfies SecretsManagerClientConfig;
export const SECRETS_DEADLINE_MS = 1000;

export interface SecretsReader {
  /** The secret's string value. */
  read(secretId: string): Promise<string | undefined>;
}

/**
 * Reads secrets with the limits above. The SDK is imported on the first read, not at cold start.
 * `overrides` (endpoint, region, credentials) exist for tests against a local stand-in.
 */
export function createSecretsReader(overrides: SecretsManagerClientConfig = {}): SecretsReader {
  let client: Promise<{ send: (id: string) => Promise<string | undefined> }> | undefined;
  const connect = async () => {
    const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const sm = new SecretsManagerClient({ ...SECRETS_CLIENT_CONFIG, ...overrides });
    return {
      send: async (SecretId: string) =>
        (await sm.send(new GetSecretValueCommand({ SecretId }), { abortSignal: AbortSignal.timeout(SECRETS_DEADLINE_MS) }))
          .SecretString,
    };
  };
  return {
    read: async (secretId) => {
      client ??= connect().catch((err: unknown) => {
        client = undefined;
        throw err;
      });
      return (await client).send(secretId);
    },
  };
}

const defaultReader = createSecretsReader();

// Exactly these keys: a secret that also holds the other half (say, the app secret copied into the
// webhook's secret) would undo the split, so it is refused rather than silently accepted.
const credentialsSchema = z.strictObject({ appId: z.string(), appSecret: z.string() });
const verificationSchema = z.strictObject({ encryptKey: z.string(), verificationToken: z.string() });

const SECRET_CACHE_MS = 5 * 60 * 1000;
const cache = new Map<string, { at: number; value: Promise<unknown> }>();

/** Fetches, checks and caches one secret (per ARN, 5 minutes); a failure is not cached. */
function cachedSecret<T>(arn: string, reader: SecretsReader, parse: (raw: string | undefined) => T): Promise<T> {
  const hit = cache.get(arn);
  if (hit && Date.now() - hit.at < SECRET_CACHE_MS) return hit.value as Promise<T>;
  const value = reader.read(arn).then(parse);
  cache.set(arn, { at: Date.now(), value });
  value.catch(() => {
    if (cache.get(arn)?.value === value) cache.delete(arn);
  });
  return value;
}

function parseSecret<S extends z.ZodMiniObject>(raw: string | undefined, schema: S, what: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(raw ?? '');
  } catch {
    // JSON.parse's message quotes the input: never let a secret's text reach a log.
    throw new Error(`the Feishu ${what} secret is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const keys = json && typeof json === 'object' ? Object.keys(json).sort().join(', ') : typeof json;
    const expected = Object.keys(schema.shape).join(', ');
    throw new Error(`the Feishu ${what} secret must be a JSON object with exactly the string keys ${expected}; it has: ${keys}`);
  }
  return parsed.data;
}

/**
 * The App ID and App Secret (worker): from the secret FEISHU_CREDENTIALS_SECRET_ARN names (Lambda),
 * else from FEISHU_APP_ID / FEISHU_APP_SECRET (offline). Unset values are ''.
 */
export function loadAppCredentials(
  config: AppConfig,
  env: NodeJS.ProcessEnv = process.env,
  reader: SecretsReader = defaultReader,
): Promise<FeishuAppCredentials> {
  const arn = config.feishuCredentialsSecretArn;
  if (!arn) return Promise.resolve({ appId: unset(env.FEISHU_APP_ID), appSecret: unset(env.FEISHU_APP_SECRET) });
  return cachedSecret(arn, reader, (raw) => {
    const s = parseSecret(raw, credentialsSchema, 'credentials');
    return { appId: unset(s.appId), appSecret: unset(s.appSecret) };
  });
}

/**
 * The Encrypt Key and Verification Token (webhook): from the secret FEISHU_VERIFICATION_SECRET_ARN
 * names (Lambda), else from FEISHU_ENCRYPT_KEY / FEISHU_VERIFICATION_TOKEN (offline). Unset values
 * are '', and the webhook refuses every push until both are set.
 */
export function loadVerificationSecrets(
  config: AppConfig,
  env: NodeJS.ProcessEnv = process.env,
  reader: SecretsReader = defaultReader,
): Promise<FeishuVerificationSecrets> {
  const arn = config.feishuVerificationSecretArn;
  if (!arn) {
    return Promise.resolve({ encryptKey: unset(env.FEISHU_ENCRYPT_KEY), verificationToken: unset(env.FEISHU_VERIFICATION_TOKEN) });
  }
  return cachedSecret(arn, reader, (raw) => {
    const s = parseSecret(raw, verificationSchema, 'verification');
    return { encryptKey: unset(s.encryptKey), verificationToken: unset(s.verificationToken) };
  });
}
