/**
 * POST /open-apis/im/v1/files — a file the bot uploads to send as a `file` message (docs: im-v1/file/
 * create): multipart/form-data with `file_type` (opus | mp4 | pdf | doc | xls | ppt | stream),
 * `file_name` and `file`; not empty, at most 30 MB. The bytes are kept (on disk, as a resource) under
 * the `file_key` it answers with; a `file` message may then name that key, and the message's resource
 * serves the same bytes (GET im/v1/messages/:message_id/resources/:file_key?type=file).
 */
import { createHash } from 'node:crypto';
import { fieldValidation, HttpError, type Json } from '../http.ts';
import type { SimState } from '../state.ts';
import type { OpenApiRoute } from './route.ts';

/** Feishu's limit for an uploaded file. */
export const UPLOAD_MAX_BYTES = 30 * 1024 * 1024;
const FILE_TYPES = new Set(['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream']);

async function upload(s: SimState, contentType: string | undefined, raw: Buffer): Promise<Json> {
  if (!contentType?.toLowerCase().startsWith('multipart/form-data')) throw fieldValidation('Content-Type must be multipart/form-data');
  let form: FormData;
  try {
    form = await new Request('http://sim.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
  } catch {
    throw fieldValidation('the multipart body cannot be read');
  }
  const fileType = form.get('file_type');
  const fileName = form.get('file_name');
  const file = form.get('file');
  if (typeof fileType !== 'string' || !FILE_TYPES.has(fileType)) throw fieldValidation('file_type is required (opus|mp4|pdf|doc|xls|ppt|stream)');
  if (typeof fileName !== 'string' || fileName === '') throw fieldValidation('file_name is required');
  if (file === null || typeof file === 'string') throw fieldValidation('file is required and must be a file part');
  const bytes = Buffer.from(await file.arrayBuffer());
  if (bytes.length === 0) throw new HttpError(400, 234010, 'file is empty');
  if (bytes.length > UPLOAD_MAX_BYTES) throw new HttpError(400, 234006, 'file size exceeds the limit (30 MB)');
  const fileKey = s.nextFileKey();
  s.resources.registerBytes({ message_id: '', file_key: fileKey, type: 'file', file_name: fileName, data: bytes });
  s.uploads.set(fileKey, {
    file_key: fileKey,
    file_type: fileType,
    file_name: fileName,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    at: s.stamp(),
  });
  s.mediaUploads.push({ kind: 'file', key: fileKey, type: fileType, fileName, bytes });
  return { code: 0, msg: 'success', data: { file_key: fileKey } };
}

export function fileRoutes(s: SimState): OpenApiRoute[] {
  return [
    {
      method: 'POST',
      path: /^\/open-apis\/im\/v1\/files$/,
      auth: true,
      json: false,
      maxBody: UPLOAD_MAX_BYTES + 64 * 1024,
      run: (r) => upload(s, r.req.headers['content-type'], r.raw),
    },
  ];
}
