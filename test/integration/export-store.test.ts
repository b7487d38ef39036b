/**
 * The exports in S3 beyond the ExportStore contract (test/contract/export-store.contract.ts): the
 * exporter's real files stored in s3rver with their download name and SHA-256 metadata, and with
 * aws-sdk-client-mock what s3rver cannot show — the request shape S3 checks (ChecksumSHA256) and a
 * failure reaching the caller.
 */
import { createHash } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import avData from '../../data/av-duties.json' with { type: 'json' };
import { loadCalendar, loadRules } from '../../functions/adapters/calendar/index.ts';
import { SpreadsheetExporter } from '../../functions/adapters/export/exporter.ts';
import { S3ExportStore, contentDisposition } from '../../functions/adapters/export/s3-store.ts';
import { createEvidenceS3Client } from '../../functions/adapters/s3/client.ts';
import { buildAvDuties } from '../../functions/domain/dossier/av-duties.ts';
import { caseRows, computeFigures, monthPeriod } from '../../functions/domain/statistics/index.ts';
import type { ExportFile } from '../../functions/ports/statistics.ts';
import { buildBureau } from '../helpers/statistics-bureau.ts';

const BUCKET = 'reports-test';
const TODAY = '2026-11-20';

/** The client the worker uses, pointed at s3rver. */
const s3rverClient = () => createEvidenceS3Client({ endpoint: inject('s3Endpoint') });

const ctx = { today: TODAY, calendar: loadCalendar(), rules: loadRules(), avDuties: buildAvDuties(avData) };
const bureau = buildBureau({ seed: 4, years: [2026], casesPerYear: 80, today: TODAY });
const period = monthPeriod(2026, 5, TODAY);
const exportData = {
  figures: computeFigures(bureau, period, ctx).figures,
  cases: caseRows(bureau.cases, period, ctx),
  bureau: '甘孜州经济和信息化局',
  generatedAt: new Date('2026-11-20T02:00:00Z'),
};

describe('S3ExportStore against s3rver', () => {
  const s3 = s3rverClient();
  const store = new S3ExportStore(s3, BUCKET);
  let files: ExportFile[] = [];

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const exporter = new SpreadsheetExporter();
    files = [...exporter.csv(exportData), await exporter.xlsx(exportData)];
  });
  afterAll(() => s3.destroy());

  it('stores each export under exports/<period>/<run>/ and reads back the same bytes, type and name', async () => {
    for (const file of files) {
      const stored = await store.put(file, { periodId: period.id, runId: 'om_run_1' });
      expect(stored).toMatchObject({ bucket: BUCKET, key: `exports/2026-05/om_run_1/${file.name}`, size: file.body.length });
      expect(stored.sha256).toBe(createHash('sha256').update(file.body).digest('hex'));
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: stored.key }));
      const bytes = Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
      expect(bytes.equals(file.body), file.name).toBe(true);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(stored.sha256);
      expect(got.ContentType).toBe(file.contentType);
      expect(got.ContentDisposition).toBe(contentDisposition(file.name, file.fileName));
      expect(got.Metadata).toEqual({ sha256: stored.sha256 });
    }
    expect(files.map((f) => f.name)).toEqual(['figures.csv', 'cases.csv', 'statistics.xlsx']);
  });
});

describe('S3ExportStore request shape (aws-sdk-client-mock)', () => {
  const client = new S3Client({ region: 'cn-north-1' });
  const mock = mockClient(client);
  afterAll(() => mock.restore());
  const file: ExportFile = { name: 'cases.csv', fileName: '案件明细-2026-Q3.csv', contentType: 'text/csv; charset=utf-8', body: Buffer.from('\uFEFF案件编号\r\n', 'utf8') };

  it('sends the SHA-256 for S3 to verify, the Chinese name for downloads, and no ACL', async () => {
    mock.on(PutObjectCommand).resolves({ VersionId: 'v1' });
    const stored = await new S3ExportStore(client, 'reports').put(file, { periodId: '2026-Q3', runId: 'job-7' });
    expect(stored.versionId).toBe('v1');
    const input = mock.commandCalls(PutObjectCommand)[0]?.args[0].input;
    const digest = createHash('sha256').update(file.body).digest();
    expect(input).toMatchObject({
      Bucket: 'reports',
      Key: 'exports/2026-Q3/job-7/cases.csv',
      ContentType: 'text/csv; charset=utf-8',
      ContentLength: file.body.length,
      ChecksumSHA256: digest.toString('base64'),
      Metadata: { sha256: digest.toString('hex') },
      ContentDisposition: "attachment; filename=\"cases.csv\"; filename*=UTF-8''%E6%A1%88%E4%BB%B6%E6%98%8E%E7%BB%86-2026-Q3.csv",
    });
    expect(input?.ACL).toBeUndefined();
    expect(input?.ServerSideEncryption).toBeUndefined(); // the bucket's default SSE-KMS applies
  });

  it('a refused upload reaches the caller', async () => {
    mock.reset();
    mock.on(PutObjectCommand).rejects(Object.assign(new Error('We encountered an internal error'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } }));
    await expect(new S3ExportStore(client, 'reports').put(file, { periodId: '2026-Q3', runId: 'job-7' })).rejects.toThrow('internal error');
  });
});
