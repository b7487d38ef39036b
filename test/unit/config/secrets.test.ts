/**
 * The Feishu secrets as the functions read them: the real Secrets Manager client (with the
 * acknowledgement path's limits) against loopback stand-ins — one that answers like Secrets Manager,
 * one that accepts connections and never answers.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AppConfig,
  createSecretsReader,
  loadAppCredentials,
  loadVerificationSecrets,
  readConfig,
  SECRET_PLACEHOLDER,
} from '../../../functions/config/index.ts';

const sdkOptions = (port: number) => ({
  endpoint: `http://127.0.0.1:${port}`,
  region: 'cn-north-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

const config = (over: Partial<AppConfig>): AppConfig => ({ ...readConfig({ TABLE_NAME: 't' }), ...over });

/** Secret values by id; `requests` counts GetSecretValue calls. */
const secrets = new Map<string, string>();
const requests: string[] = [];
let fake: HttpServer;
let fakePort: number;

/** Accepts every connection and never writes a byte back. */
let silent: TcpServer;
let silentPort: number;
const held: Socket[] = [];

beforeAll(async () => {
  fake = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const id = (JSON.parse(body) as { SecretId: string }).SecretId;
      requests.push(id);
      const value = secrets.get(id);
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue' || value === undefined) {
        res.writeHead(400).end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'not found' }));
        return;
      }
      res.writeHead(200).end(JSON.stringify({ ARN: id, Name: id, SecretString: value }));
    });
  });
  silent = createTcpServer((socket) => {
    held.push(socket);
    socket.on('error', () => {});
  });
  await Promise.all([
    new Promise<void>((r) => fake.listen(0, '127.0.0.1', r)),
    new Promise<void>((r) => silent.listen(0, '127.0.0.1', r)),
  ]);
  fakePort = (fake.address() as AddressInfo).port;
  silentPort = (silent.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const s of held) s.destroy();
  await Promise.all([new Promise((r) => fake.close(r)), new Promise((r) => silent.close(r))]);
});

describe('Feishu secrets from Secrets Manager', () => {
  it('gives up on an endpoint that accepts the connection and never answers (enforced timeouts)', async () => {
    const reader = createSecretsReader(sdkOptions(silentPort));
    const arn = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:hung-verification';
    await expect(loadVerificationSecrets(config({ feishuVerificationSecretArn: arn }), {}, reader)).rejects.toThrow();
    await expect(loadAppCredentials(config({ feishuCredentialsSecretArn: `${arn}-credentials` }), {}, reader)).rejects.toThrow();
    expect(held.length).toBeGreaterThan(0);
  });

  it('reads each half from its own secret; placeholders count as unset', async () => {
    const reader = createSecretsReader(sdkOptions(fakePort));
    secrets.set('verification-1', JSON.stringify({ encryptKey: SECRET_PLACEHOLDER, verificationToken: 'generated-token' }));
    secrets.set('credentials-1', JSON.stringify({ appId: 'cli_a', appSecret: SECRET_PLACEHOLDER }));
    await expect(loadVerificationSecrets(config({ feishuVerificationSecretArn: 'verification-1' }), {}, reader)).resolves.toEqual({
      encryptKey: '',
      verificationToken: 'generated-token',
    });
    await expect(loadAppCredentials(config({ feishuCredentialsSecretArn: 'credentials-1' }), {}, reader)).resolves.toEqual({
      appId: 'cli_a',
      appSecret: '',
    });
  });

  it('refuses a secret that also holds the other half, naming keys but never values', async () => {
    const reader = createSecretsReader(sdkOptions(fakePort));
    const all = { appId: 'cli_a', appSecret: 'APP-SECRET-VALUE', encryptKey: 'ENCRYPT-KEY-VALUE', verificationToken: 'TOKEN-VALUE' };
    secrets.set('verification-all', JSON.stringify(all));
    secrets.set('credentials-all', JSON.stringify(all));
    const errors = await Promise.all([
      loadVerificationSecrets(config({ feishuVerificationSecretArn: 'verification-all' }), {}, reader).catch((e: Error) => e),
      loadAppCredentials(config({ feishuCredentialsSecretArn: 'credentials-all' }), {}, reader).catch((e: Error) => e),
    ]);
    for (const err of errors) {
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/appSecret/);
      expect((err as Error).message).not.toMatch(/VALUE/);
    }
  });

  it('refuses a secret that is not JSON without quoting it', async () => {
    const reader = createSecretsReader(sdkOptions(fakePort));
    secrets.set('verification-text', 'encryptKey=SECRET-TEXT');
    const err = await loadVerificationSecrets(config({ feishuVerificationSecretArn: 'verification-text' }), {}, reader).catch(
      (e: Error) => e,
    );
    expect((err as Error).message).toMatch(/not JSON/);
    expect((err as Error).message).not.toContain('SECRET-TEXT');
  });

  it('keeps a value for a while (one request per instance), but not a failure', async () => {
    const reader = createSecretsReader(sdkOptions(fakePort));
    const cfg = config({ feishuVerificationSecretArn: 'verification-cached' });
    await expect(loadVerificationSecrets(cfg, {}, reader)).rejects.toThrow();
    secrets.set('verification-cached', JSON.stringify({ encryptKey: 'k', verificationToken: 't' }));
    await expect(loadVerificationSecrets(cfg, {}, reader)).resolves.toEqual({ encryptKey: 'k', verificationToken: 't' });
    await expect(loadVerificationSecrets(cfg, {}, reader)).resolves.toEqual({ encryptKey: 'k', verificationToken: 't' });
    expect(requests.filter((id) => id === 'verification-cached')).toHaveLength(2);
  });
});

describe('Feishu secrets offline (no secret ARN)', () => {
  it('reads the FEISHU_* environment; a placeholder or a missing value is unset', async () => {
    const env = { FEISHU_APP_ID: 'cli_local', FEISHU_APP_SECRET: SECRET_PLACEHOLDER, FEISHU_ENCRYPT_KEY: 'key' };
    await expect(loadAppCredentials(config({}), env)).resolves.toEqual({ appId: 'cli_local', appSecret: '' });
    await expect(loadVerificationSecrets(config({}), env)).resolves.toEqual({ encryptKey: 'key', verificationToken: '' });
  });

  it('reads the two secret ARNs from the environment', () => {
    expect(
      readConfig({ TABLE_NAME: 't', FEISHU_CREDENTIALS_SECRET_ARN: 'arn:c', FEISHU_VERIFICATION_SECRET_ARN: 'arn:v' }),
    ).toMatchObject({ feishuCredentialsSecretArn: 'arn:c', feishuVerificationSecretArn: 'arn:v' });
  });
});
