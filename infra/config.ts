/**
 * Deployment configuration, read from CDK context (`-c key=value` or `cdk.json`) and validated
 * before any construct is built, so a typo fails the synth with a clear message.
 */
import type { Node } from 'constructs';
import { DEFAULT_OBJECT_LOCK, MAX_RETENTION_DAYS, OBJECT_LOCK_MODES, type ObjectLockSettings } from '../functions/adapters/s3/config.ts';

export const CONTEXT_KEYS = {
  region: 'region',
  account: 'account',
  stackName: 'stackName',
  feishuDomain: 'feishuDomain',
  caseNumberFormat: 'caseNumberFormat',
  domainName: 'domainName',
  certificateArn: 'certificateArn',
  workerReservedConcurrency: 'workerReservedConcurrency',
  alarmEmail: 'alarmEmail',
  evidenceLockMode: 'evidenceLockMode',
  evidenceRetentionDays: 'evidenceRetentionDays',
  siteDomainName: 'siteDomainName',
  officeChatId: 'officeChatId',
  nag: 'nag',
} as const;

export const DEFAULTS = {
  region: 'ap-southeast-1',
  stackName: 'FeishuEnforcementBot',
  feishuDomain: 'https://open.feishu.cn',
  caseNumberFormat: '甘经信立〔{year}〕{seq}号',
  // A bureau's chat traffic needs a few concurrent jobs; 10 leaves the rest of the account's
  // concurrency (1,000 by default) to everything else, and Lambda keeps throttled async events
  // queued and retries them (up to the worker's 6-hour event age) instead of dropping them.
  workerReservedConcurrency: 10,
  // COMPLIANCE for 30 years: see functions/adapters/s3/config.ts and infra/README.md.
  evidenceLock: DEFAULT_OBJECT_LOCK,
} as const;

export const CHINA_REGIONS = ['cn-north-1', 'cn-northwest-1'] as const;

export interface CustomDomainConfig {
  domainName: string;
  certificateArn: string;
}

export interface DeployConfig {
  region: string;
  /** Undefined leaves the stack account-agnostic (resolved by the CLI credentials at deploy time). */
  account?: string;
  stackName: string;
  feishuDomain: string;
  caseNumberFormat: string;
  customDomain?: CustomDomainConfig;
  /** Reserved (and maximum) concurrency of the worker; undefined = none reserved. */
  workerReservedConcurrency?: number;
  /** Subscribed by e-mail to the operator alarm topic (confirmation needed); undefined = no subscription. */
  alarmEmail?: string;
  /** Object Lock of every evidence and dossier object (mode, days from when it is stored). */
  evidenceLock: ObjectLockSettings;
  /** China regions: the ICP-filed host name of the public disclosure site (names its bucket). */
  siteDomainName?: string;
  /** The office's Feishu group (`oc_…`) that gets draw commitments and results besides role `office`. */
  officeChatId?: string;
  /** Run the cdk-nag AwsSolutions pack as a synth-time validation plugin. */
  nag: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const REGION_RE = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const ACCOUNT_RE = /^\d{12}$/;
const STACK_NAME_RE = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const DOMAIN_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const EMAIL_RE = /^[^\s@"<>,;]+@[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const CERT_ARN_RE = /^arn:aws(-cn|-us-gov)?:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;

export function isChinaRegion(region: string): boolean {
  return (CHINA_REGIONS as readonly string[]).includes(region);
}

function str(node: Node, key: string): string | undefined {
  const v: unknown = node.tryGetContext(key);
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new ConfigError(`context "${key}" must be a string, got ${JSON.stringify(v)}`);
  return v.trim();
}

function bool(node: Node, key: string, fallback: boolean): boolean {
  const v: unknown = node.tryGetContext(key);
  if (v === undefined || v === null || v === '') return fallback;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw new ConfigError(`context "${key}" must be true or false, got ${JSON.stringify(v)}`);
}

/** Reads and validates the deployment configuration from the app's context. */
export function readDeployConfig(node: Node, env: NodeJS.ProcessEnv = process.env): DeployConfig {
  const region = str(node, CONTEXT_KEYS.region) ?? DEFAULTS.region;
  if (!REGION_RE.test(region)) throw new ConfigError(`context "region" is not a region code: ${region}`);

  const account = str(node, CONTEXT_KEYS.account) ?? env.CDK_DEFAULT_ACCOUNT;
  if (account !== undefined && !ACCOUNT_RE.test(account)) {
    throw new ConfigError(`context "account" must be a 12-digit account id: ${account}`);
  }

  const stackName = str(node, CONTEXT_KEYS.stackName) ?? DEFAULTS.stackName;
  if (!STACK_NAME_RE.test(stackName)) throw new ConfigError(`context "stackName" is not a valid stack name: ${stackName}`);

  const feishuDomain = (str(node, CONTEXT_KEYS.feishuDomain) ?? DEFAULTS.feishuDomain).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(feishuDomain);
  } catch {
    throw new ConfigError(`context "feishuDomain" is not a URL: ${feishuDomain}`);
  }
  if (url.protocol !== 'https:' || url.pathname !== '/' || url.search !== '') {
    throw new ConfigError(`context "feishuDomain" must be an https origin such as ${DEFAULTS.feishuDomain}: ${feishuDomain}`);
  }

  const caseNumberFormat = str(node, CONTEXT_KEYS.caseNumberFormat) ?? DEFAULTS.caseNumberFormat;
  if (!caseNumberFormat.includes('{year}') || !caseNumberFormat.includes('{seq}')) {
    throw new ConfigError(`context "caseNumberFormat" must contain {year} and {seq}: ${caseNumberFormat}`);
  }

  const domainName = str(node, CONTEXT_KEYS.domainName)?.toLowerCase();
  const certificateArn = str(node, CONTEXT_KEYS.certificateArn);
  let customDomain: CustomDomainConfig | undefined;
  if (domainName !== undefined || certificateArn !== undefined) {
    if (domainName === undefined || certificateArn === undefined) {
      throw new ConfigError('context "domainName" and "certificateArn" must be given together');
    }
    if (!DOMAIN_RE.test(domainName)) throw new ConfigError(`context "domainName" is not a host name: ${domainName}`);
    const m = CERT_ARN_RE.exec(certificateArn);
    if (!m) throw new ConfigError(`context "certificateArn" is not an ACM certificate ARN: ${certificateArn}`);
    if (m[2] !== region) {
      throw new ConfigError(`the certificate must live in the stack's region ${region} (regional endpoint), not ${m[2]}`);
    }
    customDomain = { domainName, certificateArn };
  }

  // A positive count, or "none" for an account whose concurrency quota is too small to reserve any
  // (Lambda keeps at least 100 unreserved; new accounts may start with a quota of 10).
  let workerReservedConcurrency: number | undefined = DEFAULTS.workerReservedConcurrency;
  const reserved: unknown = node.tryGetContext(CONTEXT_KEYS.workerReservedConcurrency);
  if (reserved === 'none') workerReservedConcurrency = undefined;
  else if (reserved !== undefined && reserved !== null && reserved !== '') {
    const n = typeof reserved === 'number' ? reserved : typeof reserved === 'string' && /^\d+$/.test(reserved) ? Number(reserved) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 1000) {
      throw new ConfigError(`context "workerReservedConcurrency" must be an integer from 1 to 1000 or "none": ${JSON.stringify(reserved)}`);
    }
    workerReservedConcurrency = n;
  }

  const alarmEmail = str(node, CONTEXT_KEYS.alarmEmail);
  if (alarmEmail !== undefined && !EMAIL_RE.test(alarmEmail)) {
    throw new ConfigError(`context "alarmEmail" is not an e-mail address: ${alarmEmail}`);
  }

  const mode = str(node, CONTEXT_KEYS.evidenceLockMode) ?? DEFAULTS.evidenceLock.mode;
  if (!(OBJECT_LOCK_MODES as readonly string[]).includes(mode)) {
    throw new ConfigError(`context "evidenceLockMode" must be ${OBJECT_LOCK_MODES.join(' or ')}: ${mode}`);
  }
  let days: number = DEFAULTS.evidenceLock.days;
  const rawDays: unknown = node.tryGetContext(CONTEXT_KEYS.evidenceRetentionDays);
  if (rawDays !== undefined && rawDays !== null && rawDays !== '') {
    days = typeof rawDays === 'number' ? rawDays : typeof rawDays === 'string' && /^\d+$/.test(rawDays) ? Number(rawDays) : NaN;
    if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
      throw new ConfigError(`context "evidenceRetentionDays" must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}: ${JSON.stringify(rawDays)}`);
    }
  }

  // S3 website endpoints answer a CNAME only for a bucket named exactly like the host (at most 63
  // characters). Global regions serve the site at CloudFront's own domain.
  const siteDomainName = str(node, CONTEXT_KEYS.siteDomainName)?.toLowerCase();
  if (siteDomainName !== undefined) {
    if (!isChinaRegion(region)) {
      throw new ConfigError(
        `context "siteDomainName" applies to the China regions (the site bucket is named after the ICP-filed domain); ` +
          `in ${region} the site is served at its CloudFront domain`,
      );
    }
    if (!DOMAIN_RE.test(siteDomainName) || siteDomainName.length > 63) {
      throw new ConfigError(`context "siteDomainName" must be a host name of at most 63 characters: ${siteDomainName}`);
    }
  }

  const officeChatId = str(node, CONTEXT_KEYS.officeChatId);
  if (officeChatId !== undefined && !/^oc_[\w-]{1,100}$/.test(officeChatId)) {
    throw new ConfigError(`context "officeChatId" must be a Feishu chat_id (oc_…): ${officeChatId}`);
  }
  return {
    region,
    account,
    stackName,
    feishuDomain,
    caseNumberFormat,
    customDomain,
    workerReservedConcurrency,
    alarmEmail,
    evidenceLock: { mode: mode as ObjectLockSettings['mode'], days },
    siteDomainName,
    ...(officeChatId !== undefined ? { officeChatId } : {}),
    nag: bool(node, CONTEXT_KEYS.nag, true),
  };
}
