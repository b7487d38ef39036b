/**
 * POST /open-apis/im/v1/images (image_type `message`, the image part: PNG/JPEG/… ≤ 10 MB) — a multipart
 * upload answered with an `image_key` (docs: im-v1/image/create). The fake reads bodies up to 1 MB
 * (larger is 413); what arrived is kept for the tests (`sim.uploads()`, with the files of files.ts).
 */
import { fieldValidation, HttpError } from '../http.ts';
import type { SimState } from '../state.ts';
import type { OpenApiRoute, RouteRequest } from './route.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function form(r: RouteRequest): Promise<FormData> {
  const type = String(r.req.headers['content-type'] ?? '');
  if (!type.startsWith('multipart/form-data')) throw fieldValidation('content-type must be multipart/form-data');
  try {
    return await new Request('http://sim.invalid/', { method: 'POST', headers: { 'content-type': type }, body: r.raw }).formData();
  } catch {
    throw fieldValidation('malformed multipart body');
  }
}

async function filePart(f: FormData, field: string): Promise<{ bytes: Buffer; name: string }> {
  const part = f.get(field);
  if (part === null || typeof part === 'string') throw fieldValidation(`${field} is required (a file part)`);
  return { bytes: Buffer.from(await part.arrayBuffer()), name: part.name };
}

export function uploadRoutes(s: SimState): OpenApiRoute[] {
  let n = 0;
  return [
    {
      method: 'POST',
      path: /^\/open-apis\/im\/v1\/images$/,
      auth: true,
      json: false,
      run: async (r) => {
        const f = await form(r);
        const type = f.get('image_type');
        if (type !== 'message' && type !== 'avatar') throw fieldValidation('image_type must be message or avatar');
        const { bytes } = await filePart(f, 'image');
        if (bytes.length === 0) throw new HttpError(400, 234006, 'the image is empty');
        // The fake takes PNG only (what the bot uploads); Feishu takes more formats.
        if (!bytes.subarray(0, 8).equals(PNG)) throw new HttpError(400, 234011, 'image type not supported');
        const key = `img_v3_sim_${++n}`;
        s.mediaUploads.push({ kind: 'image', key, type, bytes });
        r.res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-tt-logid': s.logId() });
        r.res.end(JSON.stringify({ code: 0, msg: 'success', data: { image_key: key } }));
        return 200;
      },
    },
  ];
}
