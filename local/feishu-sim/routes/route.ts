/** One Open API route of the fake: matched on method and path, answered with Feishu's JSON or streamed. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Json } from '../http.ts';

export interface RouteRequest {
  /** The path's captured parts, URI-decoded. */
  params: string[];
  query: URLSearchParams;
  /** The parsed JSON body (routes with `json: true`), else {}. */
  body: Json;
  /** The raw body as read (at most 1 MB), for routes that are not JSON (uploads). */
  raw: Buffer;
  req: IncomingMessage;
  res: ServerResponse;
}

export interface OpenApiRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: RegExp;
  /** Needs a valid tenant access token. */
  auth: boolean;
  /** Takes a JSON object body. */
  json: boolean;
  /** Feishu's JSON answer (sent with HTTP 200), or the status of an answer the route wrote itself. */
  run(r: RouteRequest): Json | Promise<number>;
}
