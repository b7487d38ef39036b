/** A loopback proxy in front of the fake Open API that cuts or stalls resource downloads midway (what the fake cannot do). */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Forwards everything to the fake; resource answers are cut: the socket destroyed after `cutAfter`
 * body bytes, or left open with nothing more after `stallAfter`.
 */
export async function cuttingProxy(target: () => string, mode: () => { cutAfter?: number; stallAfter?: number }): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const up = new URL(req.url ?? '/', target());
    const forward = httpRequest(up, { method: req.method, headers: { ...req.headers, host: up.host } }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      const m = mode();
      const limit = /\/resources\//.test(up.pathname) && (upRes.statusCode ?? 0) < 300 ? (m.cutAfter ?? m.stallAfter) : undefined;
      if (limit === undefined) return void upRes.pipe(res);
      let sent = 0;
      upRes.on('data', (chunk: Buffer) => {
        if (sent >= limit) return;
        const part = chunk.subarray(0, limit - sent);
        sent += part.length;
        res.write(part);
        if (sent >= limit) {
          upRes.destroy();
          if (m.cutAfter !== undefined) res.socket?.destroy();
        }
      });
    });
    req.pipe(forward);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
