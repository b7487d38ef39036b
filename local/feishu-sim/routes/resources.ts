/**
 * GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=file|image — a file, image, audio
 * or video a user sent, streamed from disk with Content-Length, Content-Type and Content-Disposition
 * (docs: im-v1/message-resource/get; at most 100 MB; the key must belong to that message).
 */
import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { contentDisposition, fieldValidation, HttpError } from '../http.ts';
import type { SimState } from '../state.ts';
import type { OpenApiRoute } from './route.ts';

async function serve(s: SimState, res: ServerResponse, messageId: string, fileKey: string, query: URLSearchParams): Promise<number> {
  const type = query.get('type');
  if (type !== 'file' && type !== 'image') throw fieldValidation('type is required (file|image)');
  const r = s.resources.get(messageId, fileKey);
  if (!r) throw new HttpError(404, 234003, 'file not found');
  if (r.type !== type) throw new HttpError(400, 234001, `invalid request param: resource is of type ${r.type}`);
  const file = createReadStream(r.path);
  // Open before the headers go out, so a file that vanished is a 404 and not a broken 200.
  await new Promise<void>((resolve, reject) => {
    file.once('open', () => resolve());
    file.once('error', () => reject(new HttpError(404, 234003, 'file not found')));
  });
  res.writeHead(200, {
    'content-type': r.contentType,
    'content-length': String(r.size),
    'content-disposition': contentDisposition(r.fileName),
    'x-tt-logid': s.logId(),
  });
  // A client that goes away (or a cut fault) ends the copy; the request log keeps the 200 it started with.
  await pipeline(file, res).catch(() => file.destroy());
  return 200;
}

export function resourceRoutes(s: SimState): OpenApiRoute[] {
  return [
    {
      method: 'GET',
      path: /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/,
      auth: true,
      json: false,
      run: (r) => serve(s, r.res, r.params[0] ?? '', r.params[1] ?? '', r.query),
    },
  ];
}
