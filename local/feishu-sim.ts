/**
 * A fake Feishu Open API server for local runs and integration tests (node:http only); the parts are
 * in local/feishu-sim/ (state, route groups, control routes).
 *
 * Point the real SDK at it:
 *   new lark.Client({ appId, appSecret, domain: sim.url, cache: new lark.DefaultCache() })
 *
 * It implements the routes the bot uses (token, send, reply, PATCH/PUT message, delayed card
 * update, resource download, contact user, bot info) with Feishu's `{code, msg, data}` shapes, and
 * control routes under /_sim/* for tests and manual runs (local/feishu-sim/control.ts).
 *
 * Run standalone: `tsx local/feishu-sim.ts` (env FEISHU_SIM_PORT — 0 for any free port, default
 * 9900 — FEISHU_SIM_HOST, FEISHU_APP_ID, FEISHU_APP_SECRET). It prints one line,
 * `feishu-sim listening on <url>`, once it listens.
 *
 * Error-code choices (Feishu's IM API error-code pages): Feishu answers business errors on the
 * IM APIs with HTTP 400 + a non-zero `code` (230001 invalid parameter, 230025 content too long,
 * 230099 card creation failed); token errors are HTTP 400 with 99991661 (missing) / 99991663
 * (invalid tenant token); rate limits are 99991400 with `x-ogw-ratelimit-*` headers.
 */
import { pathToFileURL } from 'node:url';
import { stopWithParent } from './child-process.ts';
import { startFeishuSim } from './feishu-sim/server.ts';

export { SimClient, type SimProcess, spawnFeishuSim } from './feishu-sim/client.ts';
export { contentDisposition } from './feishu-sim/http.ts';
export { RESOURCE_MAX_BYTES } from './feishu-sim/resources.ts';
export { startFeishuSim } from './feishu-sim/server.ts';
export type * from './feishu-sim/types.ts';

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sim = await startFeishuSim({
    port: Number(process.env.FEISHU_SIM_PORT ?? 9900),
    host: process.env.FEISHU_SIM_HOST ?? '127.0.0.1',
    ...(process.env.FEISHU_APP_ID ? { appId: process.env.FEISHU_APP_ID } : {}),
    ...(process.env.FEISHU_APP_SECRET ? { appSecret: process.env.FEISHU_APP_SECRET } : {}),
  });
  console.log(`feishu-sim listening on ${sim.url}`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  stopWithParent(stop);
}
