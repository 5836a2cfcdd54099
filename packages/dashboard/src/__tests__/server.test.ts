import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardHub } from '../hub.js';
import { type DashboardServer, startDashboard } from '../server.js';

/** A GET with the path exactly as written (no URL normalisation), and its answer. */
function rawRequest(
  port: number,
  target: string,
  options: { method?: string; host?: string } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: target,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `127.0.0.1:${port}` },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Reads server-sent events from a stream until `count` `update` ids have come. */
async function readUpdates(
  response: Response,
  count: number,
): Promise<{ ids: number[]; names: string[] }> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const ids: number[] = [];
  const names: string[] = [];
  while (ids.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    let end = text.indexOf('\n\n');
    while (end >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1];
      if (name) names.push(name);
      const id = /^id: (\d+)$/m.exec(block)?.[1];
      if (id) ids.push(Number(id));
      end = text.indexOf('\n\n');
    }
    if (names.includes('reset')) break;
  }
  await reader.cancel();
  return { ids, names };
}

const progress = (generation: number) =>
  ({ type: 'progress', seed: 1, phase: 'task A', generation, bestFitness: 0.5 }) as const;

describe('dashboard server', () => {
  let server: DashboardServer | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('binds 127.0.0.1 on a free port and serves the page, its bundled assets and the state', async () => {
    const hub = new DashboardHub('a run');
    hub.describe({ grid: { layers: 2, modules: 4, active: 2 } });
    server = await startDashboard(hub);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(server.url);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    for (const asset of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
      const r = await fetch(new URL(asset[1]!, server.url));
      expect(r.status, asset[1]).toBe(200);
      expect((await r.text()).length, asset[1]).toBeGreaterThan(100);
    }
    // uPlot is served from the package itself: the page needs no network beyond this server.
    expect(html).not.toMatch(/https?:\/\//);
    const uplot = await (await fetch(new URL('/assets/uPlot.iife.min.js', server.url))).text();
    expect(uplot).toContain('uPlot');
    const { state, lastEventId } = (await (
      await fetch(new URL('/api/state', server.url))
    ).json()) as {
      state: { title: string; grid: unknown };
      lastEventId: number;
    };
    expect(state).toMatchObject({ title: 'a run', grid: { layers: 2, modules: 4, active: 2 } });
    expect(lastEventId).toBe(0);
  });

  it('serves nothing outside its routes: path traversal gets 404, never a file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dashboard-pictures-'));
    dirs.push(dir);
    const pictures = path.join(dir, 'run');
    mkdirSync(pictures);
    writeFileSync(path.join(pictures, 'curves.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(pictures, 'secret.svg'), 'SECRET-NOT-LISTED');
    writeFileSync(path.join(dir, 'outside.svg'), 'SECRET-OUTSIDE');
    const hub = new DashboardHub('t', 'finished');
    hub.describe({ pictures: ['curves.svg'] });
    server = await startDashboard(hub, { picturesDir: pictures });
    const ok = await rawRequest(server.port, '/pictures/curves.svg');
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('image/svg+xml');
    const attempts = [
      '/pictures/secret.svg',
      '/pictures/../outside.svg',
      '/pictures/..%2Foutside.svg',
      '/pictures/%2e%2e%2foutside.svg',
      '/pictures/..%5Coutside.svg',
      '/pictures/curves.svg%00.png',
      '/assets/../package.json',
      '/assets/..%2F..%2Fpackage.json',
      '/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '//etc/passwd',
      '/src/client/page.js',
      '/package.json',
      '/node_modules/uplot/package.json',
    ];
    for (const target of attempts) {
      const r = await rawRequest(server.port, target);
      expect([400, 404], target).toContain(r.status);
      expect(r.body, target).not.toMatch(/SECRET|root:|"name"/);
    }
  });

  it('is read-only: other methods than GET get 405 or 404 and change nothing', async () => {
    const hub = new DashboardHub('t');
    server = await startDashboard(hub);
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      for (const target of ['/', '/api/state', '/api/events']) {
        const r = await rawRequest(server.port, target, { method });
        expect([404, 405], `${method} ${target}`).toContain(r.status);
      }
    }
    expect(hub.nextId).toBe(1);
  });

  it('answers only to loopback host names when bound to loopback (no DNS rebinding)', async () => {
    server = await startDashboard(new DashboardHub('t'));
    expect((await rawRequest(server.port, '/api/state', { host: 'evil.example:80' })).status).toBe(
      403,
    );
    expect((await rawRequest(server.port, '/', { host: `localhost:${server.port}` })).status).toBe(
      200,
    );
  });

  it('streams events to 50 pages at once; the run goes on when they all disconnect', async () => {
    const hub = new DashboardHub('t');
    server = await startDashboard(hub);
    const url = new URL('/api/events?after=0', server.url);
    const controllers = Array.from({ length: 50 }, () => new AbortController());
    const responses = await Promise.all(controllers.map((c) => fetch(url, { signal: c.signal })));
    expect(
      responses.every((r) => r.headers.get('content-type')?.startsWith('text/event-stream')),
    ).toBe(true);
    await expect.poll(() => hub.subscribers, { timeout: 10_000 }).toBe(50);
    for (let g = 1; g <= 20; g++) hub.publish(progress(g));
    const received = await Promise.all(responses.map((r) => readUpdates(r, 20)));
    for (const r of received) expect(r.ids).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const c of controllers) c.abort();
    await expect.poll(() => hub.subscribers, { timeout: 10_000 }).toBe(0);
    // Publishing with no page connected, and serving afterwards, both still work.
    for (let g = 21; g <= 30; g++) hub.publish(progress(g));
    expect(hub.state.generations).toBe(30);
    expect((await fetch(new URL('/api/state', server.url))).status).toBe(200);
  });

  it('replays what a reconnecting page missed, or tells it to reload when the ring moved on', async () => {
    const hub = new DashboardHub('t', 'live', { bufferSize: 8 });
    server = await startDashboard(hub);
    for (let g = 1; g <= 20; g++) hub.publish(progress(g));
    const resumed = await fetch(new URL('/api/events', server.url), {
      headers: { 'last-event-id': '15' },
    });
    expect((await readUpdates(resumed, 5)).ids).toEqual([16, 17, 18, 19, 20]);
    const tooOld = await fetch(new URL('/api/events?after=3', server.url));
    expect((await readUpdates(tooOld, 1)).names).toEqual(['reset']);
  });

  it('ends open streams on close', async () => {
    const hub = new DashboardHub('t');
    server = await startDashboard(hub);
    const stream = await fetch(new URL('/api/events?after=0', server.url));
    await expect.poll(() => hub.subscribers, { timeout: 10_000 }).toBe(1);
    await server.close();
    server = undefined;
    const reader = stream.body!.getReader();
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(hub.subscribers).toBe(0);
  });
});
