import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { buildDashboardModel, type ModelOptions } from './model.js';
import { renderDashboard } from './render.js';

export interface DashboardServer {
  url: string;
  server: Server;
  close: () => Promise<void>;
}

/**
 * A read-only dashboard on loopback. Each run gets a random path token, and requests whose Host header
 * is not the loopback address we listen on are refused (no DNS-rebinding reads from a web page).
 */
export async function startDashboard(opts: ModelOptions & { port?: number; refreshSeconds?: number }): Promise<DashboardServer> {
  const token = randomBytes(12).toString('hex');
  let port = 0;
  const server = createServer(async (req, res) => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request\n');
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain' }).end('the dashboard is read-only\n');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === `/${token}/` || path === `/${token}`) {
        const model = await buildDashboardModel(opts);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
        res.end(renderDashboard(model, { refreshSeconds: opts.refreshSeconds ?? 5 }));
      } else if (path === `/${token}/api/model.json`) {
        const model = await buildDashboardModel(opts);
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(model));
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      }
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`dashboard error: ${(err as Error).message}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/${token}/`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
