/**
 * DynamoDB Local has no authentication, so it must not be reachable from other hosts: the engine is
 * started on 127.0.0.1 only (local/DynamoDbLoopback.java) and answers only loopback Host headers.
 */
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { connect } from 'node:net';
import { networkInterfaces, platform } from 'node:os';
import { describe, expect, inject, it } from 'vitest';
import { localDynamoClient, startDynamoDbLocal } from '../../local/engines.ts';
import { httpRequest } from '../helpers/http.ts';

/** Every address of this machine but 127.0.0.1 and ::1 (and link-local IPv6, which needs a zone). */
function otherAddresses(): string[] {
  const out = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && !a.address.toLowerCase().startsWith('fe80:'))
    .map((a) => a!.address);
  // On Linux all of 127.0.0.0/8 is this machine: a listener on every interface answers 127.0.0.2 too.
  if (platform() === 'linux') out.push('127.0.0.2');
  return out;
}

function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(5_000, () => {
      socket.destroy();
      resolve('no answer');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED' ? 'refused' : (err.code ?? err.message)));
  });
}

describe('DynamoDB Local', () => {
  const endpoint = inject('dynamoEndpoint');
  const port = Number(new URL(endpoint).port);

  it('listens on 127.0.0.1 only: every other address of this machine refuses the connection', async () => {
    expect(await tryConnect('127.0.0.1', port)).toBe('connected');
    const others = otherAddresses();
    expect(others.length).toBeGreaterThan(0);
    for (const address of others) expect(`${address}: ${await tryConnect(address, port)}`).toBe(`${address}: refused`);
  });

  it('answers only loopback Host headers (a DNS-rebinding page sends its own name)', async () => {
    const rebound = await httpRequest(endpoint, { method: 'POST', headers: { host: `evil.example:${port}` } });
    expect(rebound.status).toBe(404);
    expect(rebound.text).not.toContain('amazonaws');
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const own = await httpRequest(endpoint, { method: 'POST', headers: { host } });
      expect(own.status).toBe(400);
      expect(own.text).toContain('MissingAuthenticationToken');
    }
  });

  it('on a Java without the compiler module, runs the jar as shipped and says it is not loopback-only', async () => {
    const engine = await startDynamoDbLocal({ javaOptions: ['--limit-modules', 'java.se,jdk.unsupported'] });
    try {
      expect(engine.loopbackOnly).toBe(false);
      // …and that is the truth: it answers on the other addresses too.
      const other = otherAddresses()[0] as string;
      expect(await tryConnect(other, Number(new URL(engine.endpoint).port))).toBe('connected');
      const tables = await localDynamoClient(engine.endpoint).send(new ListTablesCommand({}));
      expect(tables.TableNames).toEqual([]);
    } finally {
      await engine.stop();
    }
  });
});
