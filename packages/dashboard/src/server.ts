import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { secureHeaders } from 'hono/secure-headers';
import { streamSSE } from 'hono/streaming';
import { ASSETS } from './assets.js';
import type { DashboardHub, NumberedEvent } from './hub.js';

/** Where and how a dashboard serves. */
export interface DashboardServerOptions {
  /** TCP port; 0 (default) takes a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1` (this machine only). */
  host?: string;
  /** Folder of the pictures named in the hub's state (`pictures`), served under `/pictures/`. */
  picturesDir?: string;
  /** Events queued for one page before it is dropped as too slow (it reconnects); default 2048. */
  maxPending?: number;
}

/** A running dashboard server. */
export interface DashboardServer {
  /** The page's address, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  port: number;
  /** Ends every page's stream and stops listening. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The host name of a `Host` header (`name:port`, `[v6]:port`). */
function hostName(header: string | undefined): string {
  if (header === undefined) return '';
  const v6 = /^\[([^\]]+)\]/.exec(header);
  return v6 ? `[${v6[1]}]` : (header.split(':')[0] ?? '');
}

/** The dashboard's routes, and the way to end the event streams they hold open. */
export interface DashboardApp {
  app: Hono;
  /** Ends every open event stream (before the server closes). */
  closeStreams(): void;
}

/**
 * The dashboard's routes: the page and its assets, the state, the event stream, and the
 * pictures the state names. Nothing else is served and nothing can be written.
 */
export function dashboardApp(
  hub: DashboardHub,
  options: DashboardServerOptions = {},
): DashboardApp {
  const closers = new Set<() => void>();
  const host = options.host ?? '127.0.0.1';
  const maxPending = options.maxPending ?? 2048;
  const app = new Hono();
  app.use(methodNotAllowed({ app }));
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  // Bound to this machine, a page of another site must not read it through DNS rebinding:
  // only requests addressed to a loopback name are answered.
  if (LOOPBACK.has(host)) {
    app.use(async (c, next) => {
      if (!LOOPBACK.has(hostName(c.req.header('host')))) {
        return c.text('forbidden: this dashboard answers only to localhost\n', 403);
      }
      await next();
    });
  }
  for (const [route, asset] of Object.entries(ASSETS)) {
    app.get(route, (c) =>
      c.body(asset.body, 200, {
        'content-type': asset.type,
        'cache-control': 'no-cache',
      }),
    );
  }
  app.get('/api/state', (c) =>
    c.json({ state: hub.state, lastEventId: hub.nextId - 1 }, 200, {
      'cache-control': 'no-store',
    }),
  );
  app.get('/pictures/:name', async (c) => {
    const name = c.req.param('name');
    // Only the names the state lists, looked up exactly: no path ever comes from the request.
    if (options.picturesDir === undefined || !hub.state.pictures.includes(name)) {
      return c.notFound();
    }
    const svg = await readFile(path.join(options.picturesDir, path.basename(name)));
    return c.body(svg, 200, { 'content-type': 'image/svg+xml' });
  });
  app.get('/api/events', (c) =>
    streamSSE(c, async (stream) => {
      const after = Number(c.req.header('last-event-id') ?? c.req.query('after') ?? Number.NaN);
      const queue: NumberedEvent[] = [];
      let wake: (() => void) | undefined;
      let open = true;
      const stop = () => {
        open = false;
        wake?.();
      };
      const missed = Number.isFinite(after) ? hub.since(after) : [];
      if (missed === undefined) await stream.writeSSE({ event: 'reset', data: '{}' });
      else queue.push(...missed);
      const unsubscribe = hub.subscribe((numbered) => {
        // A page that does not keep up is dropped; its browser reconnects and catches up.
        if (queue.length >= maxPending) stop();
        else queue.push(numbered);
        wake?.();
      });
      stream.onAbort(stop);
      closers.add(stop);
      try {
        while (open) {
          const next = queue.shift();
          if (next === undefined) {
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = undefined;
          } else {
            await stream.writeSSE({ id: String(next.id), event: 'update', data: next.data });
          }
        }
      } finally {
        unsubscribe();
        closers.delete(stop);
      }
    }),
  );
  app.notFound((c) => c.text('not found\n', 404));
  return {
    app,
    closeStreams: () => {
      for (const stop of closers) stop();
    },
  };
}

/**
 * Serves a hub's page until `close()`. Binds 127.0.0.1 unless `host` says otherwise.
 * @throws the listen error (e.g. `EADDRINUSE`) if the port cannot be bound.
 */
export async function startDashboard(
  hub: DashboardHub,
  options: DashboardServerOptions = {},
): Promise<DashboardServer> {
  const host = options.host ?? '127.0.0.1';
  const { app, closeStreams } = dashboardApp(hub, options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // Streams end cleanly first.
        closeStreams();
        server.close(() => resolve());
        // Connections whose stream just ended are idle now; one still busy a second later is cut.
        setTimeout(() => {
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        }, 50).unref();
        setTimeout(() => {
          if ('closeAllConnections' in server) server.closeAllConnections();
        }, 1000).unref();
      }),
  };
}
