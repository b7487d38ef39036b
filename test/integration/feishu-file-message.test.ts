/**
 * A document or a statistics export sent as a file (issues 13, 14; the one sender of file messages): the real SDK client uploads it through `im.file.create`
 * (multipart, im/v1/files) to the fake Open API, then sends a `file` message with the key; the fake
 * keeps the bytes and serves them as the message's resource, as Feishu does.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFeishuClient, FeishuMessenger } from '../../functions/adapters/feishu/messenger.ts';
import { feishuFileType } from '../../functions/app/statistics/export-statistics.ts';
import { silentLogger } from '../../functions/config/logger.ts';
import { DeliveryError } from '../../functions/ports/errors.ts';
import { type FeishuSim, startFeishuSim } from '../../local/feishu-sim.ts';

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

const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(70_000, 0x41), Buffer.from('\n%%EOF\n')]);
const leftovers = () => readdirSync(tmpdir()).filter((n) => n.startsWith('enf-file-'));

describe('Messenger.sendFile (the real SDK client against the fake Open API)', () => {
  it('uploads the exact bytes with file_type pdf and the Chinese file name, then sends a file message with that key', async () => {
    const before = leftovers().length;
    const id = await messenger.sendFile('ou_officer', { fileName: '立案审批表-甘经信立〔2026〕1号.pdf', bytes: pdf, fileType: 'pdf' }, 'doc-u-1');
    const [upload] = sim.uploadedFiles();
    expect(upload).toMatchObject({ file_type: 'pdf', file_name: '立案审批表-甘经信立〔2026〕1号.pdf', size: pdf.length });
    expect(upload?.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(sim.uploadedFile(upload?.file_key ?? '')?.equals(pdf)).toBe(true);
    const [m] = sim.messages();
    expect(m).toMatchObject({ message_id: id, msg_type: 'file', receive_id: 'ou_officer', content: { file_key: upload?.file_key } });
    const calls = sim.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(calls).toContain('POST /open-apis/im/v1/files 200');
    expect(leftovers().length).toBe(before);
  });

  it('sends the statistics exports the same way: xls for the workbook, stream for CSV, the Chinese display names', async () => {
    const csv = Buffer.from('\uFEFF分类,项目\r\n', 'utf8');
    const xlsx = Buffer.from('PK\u0003\u0004 workbook bytes');
    await messenger.sendFile('ou_head', { fileName: '统计数据-2026-Q3.csv', bytes: csv, fileType: feishuFileType('text/csv; charset=utf-8') }, 'exp-u-1');
    await messenger.sendFile('ou_head', { fileName: '执法统计-2026-Q3.xlsx', bytes: xlsx, fileType: feishuFileType('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') }, 'exp-u-2');
    expect(sim.uploadedFiles().map((u) => [u.file_type, u.file_name, u.size])).toEqual([
      ['stream', '统计数据-2026-Q3.csv', csv.length],
      ['xls', '执法统计-2026-Q3.xlsx', xlsx.length],
    ]);
    expect(sim.uploadedFile(sim.uploadedFiles()[0]?.file_key ?? '')?.equals(csv)).toBe(true);
    expect(sim.messages().map((m) => [m.receive_id, m.msg_type])).toEqual([
      ['ou_head', 'file'],
      ['ou_head', 'file'],
    ]);
  });

  it('a repeated send with the same uuid makes one message (the upload may repeat)', async () => {
    const file = { fileName: 'a.pdf', bytes: pdf, fileType: 'pdf' as const };
    const a = await messenger.sendFile('ou_officer', file, 'doc-u-2');
    const b = await messenger.sendFile('ou_officer', file, 'doc-u-2');
    expect(b).toBe(a);
    expect(sim.messages()).toHaveLength(1);
  });

  it('retries an upload that fails with a 5xx; a refused upload is a DeliveryError that is not retryable', async () => {
    sim.injectFault({ match: '^POST /open-apis/im/v1/files$', status: 500, count: 1 });
    await messenger.sendFile('ou_officer', { fileName: 'a.pdf', bytes: pdf, fileType: 'pdf' }, 'doc-u-3');
    expect(sim.messages()).toHaveLength(1);
    sim.injectFault({ match: '^POST /open-apis/im/v1/files$', status: 400, code: 234006, count: 1 });
    const err = await messenger.sendFile('ou_officer', { fileName: 'a.pdf', bytes: pdf, fileType: 'pdf' }, 'doc-u-4').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ retryable: false });
  });

  it('the fake refuses a file message whose key was never uploaded, and an empty upload', async () => {
    const client = createFeishuClient({ appId: 'cli_test', appSecret: 'secret', domain: sim.url, log: silentLogger });
    const res = await client.im.message
      .create({ params: { receive_id_type: 'open_id' }, data: { receive_id: 'ou_x', msg_type: 'file', content: JSON.stringify({ file_key: 'file_v3_forged' }) } })
      .catch((e: { response?: { status?: number; data?: { code?: number } } }) => e.response);
    expect(res).toMatchObject({ status: 400, data: { code: 230001 } });
    await expect(messenger.sendFile('ou_x', { fileName: 'a.pdf', bytes: new Uint8Array(0), fileType: 'pdf' }, 'u')).rejects.toThrow(RangeError);
    expect(sim.messages()).toHaveLength(0);
  });
});
