/** Configuration read once per cold start and validated; a missing value fails fast. */
import * as z from 'zod/mini';
import { DEFAULT_CASE_NUMBER_FORMAT, isValidCaseNumberFormat } from '../domain/case/case-number.ts';
import type { Level } from './logger.ts';

export interface FeishuSecrets {
  appId: string;
  appSecret: string;
  encryptKey: string;
  verificationToken: string;
}

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
  FEISHU_SECRET_ARN: z.optional(nonEmpty()),
  WORKER_FUNCTION_NAME: z.optional(nonEmpty()),
  LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info'),
  FEISHU_LEGACY_CARD_CALLBACKS: z.optional(z.string()),
});

export interface AppConfig {
  tableName: string;
  evidenceBucket?: string;
  caseNumberFormat: string;
  feishuDomain: string;
  feishuSecretArn?: string;
  workerFunctionName?: string;
  logLevel: Level;
  /** Legacy SHA-1 card callbacks, keyed only by the Verification Token: off unless "on"/"true". */
  legacyCardCallbacks: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = envSchema.parse(env);
  return {
    tableName: e.TABLE_NAME,
    evidenceBucket: e.EVIDENCE_BUCKET,
    caseNumberFormat: e.CASE_NUMBER_FORMAT,
    feishuDomain: e.FEISHU_DOMAIN,
    feishuSecretArn: e.FEISHU_SECRET_ARN,
    workerFunctionName: e.WORKER_FUNCTION_NAME,
    logLevel: e.LOG_LEVEL,
    legacyCardCallbacks: ['on', 'true'].includes((e.FEISHU_LEGACY_CARD_CALLBACKS ?? '').trim().toLowerCase()),
  };
}

const secretSchema = z.object({
  appId: z.string(),
  appSecret: z.string(),
  encryptKey: z.string(),
  verificationToken: z.string(),
});

/** What infra/stack.ts writes into the Feishu secret before an operator fills it in. */
export const SECRET_PLACEHOLDER = 'REPLACE_ME';

let cached: { at: number; value: Promise<FeishuSecrets> } | undefined;
const SECRET_CACHE_MS = 5 * 60 * 1000;

/**
 * Feishu credentials: from Secrets Manager when FEISHU_SECRET_ARN is set (Lambda), else from the
 * FEISHU_* environment (offline stack). The SDK client is imported only on that first fetch.
 */
export function loadFeishuSecrets(config: AppConfig, env: NodeJS.ProcessEnv = process.env): Promise<FeishuSecrets> {
  if (cached && Date.now() - cached.at < SECRET_CACHE_MS) return cached.value;
  const value = (async () => {
    if (!config.feishuSecretArn) {
      return {
        appId: env.FEISHU_APP_ID ?? '',
        appSecret: env.FEISHU_APP_SECRET ?? '',
        encryptKey: env.FEISHU_ENCRYPT_KEY ?? '',
        verificationToken: env.FEISHU_VERIFICATION_TOKEN ?? '',
      };
    }
    const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const res = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: config.feishuSecretArn }));
    const secret = secretSchema.parse(JSON.parse(res.SecretString ?? '{}'));
    // The stack creates the secret with placeholders; until they are replaced, nothing is configured.
    const unset = (v: string) => (v === SECRET_PLACEHOLDER ? '' : v);
    return {
      appId: unset(secret.appId),
      appSecret: unset(secret.appSecret),
      encryptKey: unset(secret.encryptKey),
      verificationToken: unset(secret.verificationToken),
    };
  })();
  cached = { at: Date.now(), value };
  value.catch(() => {
    cached = undefined;
  });
  return value;
}
