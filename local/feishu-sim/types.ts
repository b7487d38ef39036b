/** The fake Open API's public types (re-exported by local/feishu-sim.ts). */

export interface SimMessage {
  message_id: string;
  /** null for replies. */
  receive_id: string | null;
  receive_id_type: string | null;
  chat_id: string;
  msg_type: string;
  /** Parsed JSON of the `content` string the bot sent (replaced by PATCH/PUT/card update). */
  content: unknown;
  /** Set for replies: the message replied to. */
  parent_id?: string;
  /** Set for replies: root of the reply chain (parent's root, else the parent). */
  root_id?: string;
  /** Set for replies when the request had `reply_in_thread`. */
  reply_in_thread?: boolean;
  /** ms epoch string; set by PATCH, PUT and token card updates. */
  updated_at?: string;
  /** ms epoch string (like Feishu's `create_time`). */
  created_at: string;
  uuid?: string;
}

interface FaultMatch {
  /** RegExp (or its source string) tested against "METHOD /path" (no query string). */
  match: RegExp | string;
  /** How many matching requests it hits; afterwards the fault is gone. */
  count: number;
}

/** The request is answered with this status and a Feishu error body instead of being served. */
export interface SimErrorFault extends FaultMatch {
  /** HTTP status to answer with (e.g. 500, 429, or 200 together with `code`). */
  status: number;
  /** Body `code`; default 99991400 for 429, else 1. */
  code?: number;
  msg?: string;
  /** Value of `x-ogw-ratelimit-reset` on rate-limit faults (status 429 or code 99991400); default 1. */
  resetSeconds?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/**
 * The request is served as usual, but the connection is closed after `afterBytes` bytes of the
 * response body: a download that fails midway (the client has the headers, Content-Length included,
 * and part of the bytes).
 */
export interface SimCutFault extends FaultMatch {
  afterBytes: number;
}

export type SimFault = SimErrorFault | SimCutFault;

export interface SimUser {
  open_id: string;
  name: string;
  en_name?: string;
  email?: string;
  mobile?: string;
  union_id?: string;
  user_id?: string;
}

/** A file or image a user sent: what `GET /open-apis/im/v1/messages/:message_id/resources/:file_key` serves. */
export interface SimResourceMeta {
  message_id: string;
  file_key: string;
  type: 'file' | 'image';
  /** Served in Content-Disposition; default the file key. */
  file_name?: string;
  /** Default: from the file name's extension, else image/png for images and application/octet-stream. */
  content_type?: string;
}

export interface SimResource extends SimResourceMeta {
  data: Buffer | Uint8Array | string;
}

/** A resource served from a file on disk (streamed; not copied, so it must stay there while registered). */
export interface SimFileResource extends SimResourceMeta {
  path: string;
}

export interface SimResourceInfo {
  size: number;
  sha256: string;
}

/** A file the bot uploaded (POST /open-apis/im/v1/files) to send as a `file` message. */
export interface SimUploadedFile {
  file_key: string;
  file_type: string;
  file_name: string;
  size: number;
  sha256: string;
  /** ms epoch string. */
  at: string;
}

export interface SimCardUpdate {
  token: string;
  card: unknown;
  /** The message registered for the token (registerCardToken), if any. */
  message_id: string | null;
  at: string;
}

export interface SimRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** Parsed JSON body (JSON routes only, GET bodies ignored). */
  body?: unknown;
  /** The Authorization header, if any. */
  authorization?: string;
  at: string;
}

export interface FeishuSim {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  messages(): SimMessage[];
  /** Clears messages, resources, faults, uuids, inbound/card-token registrations, card updates and
   *  the request log. Issued tenant tokens and users stay valid. */
  reset(): void;
  /** Next `count` requests whose "METHOD path" matches `match` fail (or are cut, with `afterBytes`). */
  injectFault(f: SimFault): void;
  /** Wait until messages().length >= n or timeout (default 5000 ms); resolves with messages() either way. */
  waitForMessages(n: number, timeoutMs?: number): Promise<SimMessage[]>;
  /** Registers an inbound (user) message so replies to it know their chat. */
  registerInboundMessage(message_id: string, chat_id: string): void;
  /** Maps a card-callback update token to the bot message it belongs to. */
  registerCardToken(token: string, message_id: string): void;
  /** Same as POST /_sim/resources with the bytes in hand (kept in a temporary file, not in memory). */
  registerResource(r: SimResource): SimResourceInfo;
  /** A resource served from a file on disk, at most 100 MB (Feishu's limit); hashed by streaming. */
  registerResourceFile(r: SimFileResource): Promise<SimResourceInfo>;
  addUser(u: SimUser): void;
  cardUpdates(): SimCardUpdate[];
  /** Every file the bot uploaded, in order (without the bytes). */
  uploadedFiles(): SimUploadedFile[];
  /** An uploaded file's bytes; undefined for a key the fake never issued. */
  uploadedFile(fileKey: string): Buffer | undefined;
  requests(): SimRequest[];
  /** Images and files the bot uploaded (POST im/v1/images, im/v1/files), oldest first. */
  uploads(): SimUpload[];
  close(): Promise<void>;
}

/** An image or file uploaded to the fake, with the key it answered. */
export interface SimUpload {
  kind: 'image' | 'file';
  key: string;
  /** `image_type` for an image; `file_type` for a file. */
  type: string;
  /** The file's `file_name` (files only). */
  fileName?: string;
  bytes: Buffer;
}

export interface FeishuSimOptions {
  port?: number;
  host?: string;
  /** When given, the token endpoint rejects other app ids / secrets. */
  appId?: string;
  appSecret?: string;
  users?: SimUser[];
  botOpenId?: string;
  botName?: string;
  /** Token lifetime in seconds (Feishu: 7200). */
  tokenTtlSeconds?: number;
  /** HTTP status for missing/invalid tokens; default 400 (what Feishu sends with 99991661/99991663). */
  authFailureStatus?: number;
  /** Clock (ms) for timestamps, uuid dedupe and token expiry; default Date.now. */
  now?: () => number;
}
