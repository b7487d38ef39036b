/**
 * Lambda: the Feishu event subscription URL and card-callback URL (POST /feishu/events, /feishu/cards).
 * The acknowledgement path: keep its imports light — no Feishu SDK, no classic zod, no deadline engine
 * at module load (`npm run bench` measures it against a bare DynamoDB handler).
 */
import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { LambdaJobQueue } from '../adapters/async/lambda-queue.ts';
import { ACK_PATH_CLIENT_CONFIG, createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoEventMarkers } from '../adapters/dynamodb/event-markers.ts';
import { feishuInbound } from '../adapters/feishu/inbound.ts';
import { handleFeishuPush, type WebhookDeps } from '../app/webhook.ts';
import { type FeishuSecrets, loadVerificationSecrets, readConfig } from '../config/index.ts';
import { createLogger, type Logger } from '../config/logger.ts';
import type { CardActionResult, CardTap } from '../ports/index.ts';
import { httpErrors, httpEvent, json, rawBody } from './http.ts';
import type { CoreDeps } from './wiring.ts';

export function createWebhookHandler(getDeps: () => Promise<WebhookDeps>, log: () => Logger) {
  return middy<unknown, APIGatewayProxyResultV2>()
    .use(httpErrors(log))
    .handler(async (event) => {
      const parsed = httpEvent.safeParse(event);
      if (!parsed.success) return json(400, { error: 'not an HTTP API event' });
      const res = await handleFeishuPush({ headers: parsed.data.headers, body: rawBody(parsed.data) }, await getDeps());
      return json(res.status, res.body);
    });
}

/**
 * The acknowledgement path's dependencies. Card callbacks are loaded on the first tap (a separate
 * chunk in the deployed bundle); acknowledging events and url_verification never load them.
 */
export function webhookDeps(
  core: CoreDeps,
  secrets: () => Promise<Pick<FeishuSecrets, 'encryptKey' | 'verificationToken'>>,
  options: Pick<WebhookDeps, 'deadlineMs'> & {
    /** Accept legacy SHA-1 card callbacks (weaker; see adapters/feishu/inbound.ts). Off unless set. */
    legacyCardCallbacks?: boolean | undefined;
  } = {},
): WebhookDeps {
  let cards: Promise<(tap: CardTap) => Promise<CardActionResult>> | undefined;
  return {
    inbound: feishuInbound(secrets, { legacyCardCallbacks: options.legacyCardCallbacks === true }),
    ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}),
    markers: new DynamoEventMarkers(core.db, core.tableName),
    jobs: core.jobs,
    onCardAction: async (tap) => {
      cards ??= import('./card-path.ts').then((m) => m.createCardActionHandler(core));
      return (await cards)(tap);
    },
    now: () => Date.now(),
    log: core.log,
  };
}

let deps: Promise<WebhookDeps> | undefined;
let logger: Logger | undefined;

function lambdaDeps(): Promise<WebhookDeps> {
  deps ??= (async () => {
    const config = readConfig();
    const log = (logger = createLogger('webhook', config.logLevel));
    if (!config.workerFunctionName) throw new Error('WORKER_FUNCTION_NAME is not set');
    const db = createDocumentClient(ACK_PATH_CLIENT_CONFIG);
    const core: CoreDeps = {
      db,
      tableName: config.tableName,
      jobs: new LambdaJobQueue(config.workerFunctionName),
      caseNumberFormat: config.caseNumberFormat,
      now: () => new Date(),
      log,
    };
    return webhookDeps(core, () => loadVerificationSecrets(config), { legacyCardCallbacks: config.legacyCardCallbacks });
  })();
  deps.catch(() => {
    deps = undefined;
  });
  return deps;
}

export const handler = createWebhookHandler(lambdaDeps, () => logger ?? createLogger('webhook'));
