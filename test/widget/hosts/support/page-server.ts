import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Served {
  readonly type: string;
  readonly body: string;
}

export interface PageServer {
  /** `http://127.0.0.1:<port>`: each server is an origin of its own. */
  readonly origin: string;
  /** Pages by path; tests may add pages while the server runs. */
  readonly pages: Map<string, Served>;
  close(): Promise<void>;
}

export const HTML = 'text/html; charset=utf-8';
export const JS = 'text/javascript; charset=utf-8';

/** A loopback HTTP server answering the pages it holds and 404 otherwise. */
export async function servePages(pages: Record<string, Served> = {}): Promise<PageServer> {
  const table = new Map(Object.entries(pages));
  const server = createServer((req, res) => {
    const page = table.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (page === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store' }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    pages: table,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
