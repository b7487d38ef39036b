/**
 * Files and images users sent, kept on disk: uploads are streamed into a temporary folder (removed on
 * close), a file registered by path is served from where it is, and downloads stream from disk. No
 * resource is ever held whole in memory, so videos up to Feishu's 100 MB behave as they would.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SimFileResource, SimResource, SimResourceInfo, SimResourceMeta } from './types.ts';

/** Feishu's limit for a message resource download (im-v1/message-resource/get: "≤ 100 MB"). */
export const RESOURCE_MAX_BYTES = 100 * 1024 * 1024;

const MIME_BY_EXT: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  opus: 'audio/opus',
};

export function knownContentType(fileName: string | undefined): string | undefined {
  if (!fileName?.includes('.')) return undefined;
  const ext = fileName.split('.').pop()?.toLowerCase();
  return ext ? MIME_BY_EXT[ext] : undefined;
}

function guessContentType(fileName: string | undefined, type: 'file' | 'image'): string {
  return knownContentType(fileName) ?? (type === 'image' ? 'image/png' : 'application/octet-stream');
}

export class ResourceTooLargeError extends Error {
  constructor() {
    super(`resource larger than ${RESOURCE_MAX_BYTES / 1024 / 1024} MB (Feishu's download limit)`);
  }
}

export interface StoredResource {
  type: 'file' | 'image';
  fileName: string;
  contentType: string;
  path: string;
  size: number;
  /** The file is ours (an upload) and is deleted with the registration. */
  owned: boolean;
}

const key = (messageId: string, fileKey: string) => `${messageId}\u0000${fileKey}`;

export class ResourceStore {
  private readonly byKey = new Map<string, StoredResource>();
  private dir: string | undefined;

  /** The temporary folder, made on first use. */
  private folder(): string {
    this.dir ??= mkdtempSync(join(tmpdir(), 'feishu-sim-'));
    return this.dir;
  }

  private newPath(): string {
    return join(this.folder(), randomUUID());
  }

  private put(meta: SimResourceMeta, path: string, size: number, owned: boolean): void {
    if (meta.type !== 'file' && meta.type !== 'image') throw new Error(`bad resource type ${String(meta.type)}`);
    this.drop(key(meta.message_id, meta.file_key));
    this.byKey.set(key(meta.message_id, meta.file_key), {
      type: meta.type,
      fileName: meta.file_name ?? meta.file_key,
      contentType: meta.content_type ?? guessContentType(meta.file_name, meta.type),
      path,
      size,
      owned,
    });
  }

  private drop(k: string): void {
    const old = this.byKey.get(k);
    this.byKey.delete(k);
    if (old?.owned) rmSync(old.path, { force: true });
  }

  get(messageId: string, fileKey: string): StoredResource | undefined {
    return this.byKey.get(key(messageId, fileKey));
  }

  /** Bytes in hand (tests): written to a temporary file. */
  registerBytes(r: SimResource): SimResourceInfo {
    if (r.type !== 'file' && r.type !== 'image') throw new Error(`bad resource type ${String(r.type)}`);
    const data = typeof r.data === 'string' ? Buffer.from(r.data, 'utf8') : Buffer.from(r.data);
    if (data.length > RESOURCE_MAX_BYTES) throw new ResourceTooLargeError();
    const path = this.newPath();
    writeFileSync(path, data);
    this.put(r, path, data.length, true);
    return { size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
  }

  /** A file on disk, served from where it is. */
  async registerFile(r: SimFileResource): Promise<SimResourceInfo> {
    if (r.type !== 'file' && r.type !== 'image') throw new Error(`bad resource type ${String(r.type)}`);
    const size = statSync(r.path).size;
    if (size > RESOURCE_MAX_BYTES) throw new ResourceTooLargeError();
    const hash = createHash('sha256');
    await pipeline(createReadStream(r.path), hash);
    this.put(r, r.path, size, false);
    return { size, sha256: hash.digest('hex') };
  }

  /**
   * An upload streamed to a temporary file and hashed on the way. Past the limit the rest of the
   * stream is read and dropped (so the client gets its answer rather than a broken pipe), the file
   * is deleted and ResourceTooLargeError thrown.
   */
  async registerStream(meta: SimResourceMeta, body: Readable): Promise<SimResourceInfo> {
    if (meta.type !== 'file' && meta.type !== 'image') throw new Error(`bad resource type ${String(meta.type)}`);
    const path = this.newPath();
    const hash = createHash('sha256');
    let size = 0;
    let tooLarge = false;
    try {
      await pipeline(
        body,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > RESOURCE_MAX_BYTES) tooLarge = true;
            if (tooLarge) continue;
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(path),
      );
    } catch (err) {
      rmSync(path, { force: true });
      throw err;
    }
    if (tooLarge) {
      rmSync(path, { force: true });
      throw new ResourceTooLargeError();
    }
    this.put(meta, path, size, true);
    return { size, sha256: hash.digest('hex') };
  }

  /** Forgets every registration and deletes the uploads. */
  clear(): void {
    for (const k of [...this.byKey.keys()]) this.drop(k);
  }

  /** clear(), and the temporary folder goes too. */
  close(): void {
    this.byKey.clear();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}
