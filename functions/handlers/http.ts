/** API Gateway HTTP API (payload 2.0) boundary: zod-parse the event, return JSON responses. */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import type { Logger } from '../config/logger.ts';

export const httpEvent = z.object({
  rawPath: z.optional(z.string()),
  headers: z._default(z.record(z.string(), z.optional(z.string())), {}),
  body: z.optional(z.string()),
  isBase64Encoded: z._default(z.boolean(), false),
});
export type HttpEvent = z.infer<typeof httpEvent>;

export function rawBody(event: HttpEvent): Buffer {
  if (event.body === undefined) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

export function json(statusCode: number, body: unknown): APIGatewayProxyResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

/** Unexpected failures: log everything, show nothing. */
export function httpErrors(log: () => Logger): MiddlewareObj<unknown, APIGatewayProxyResultV2> {
  return {
    onError: async (request) => {
      log().error('unhandled error', { err: request.error });
      request.response = json(500, { error: 'internal error' });
    },
  };
}
