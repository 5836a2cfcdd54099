// A real npm registry for the registry test: Verdaccio on a loopback port, with its storage,
// users and configuration in a temporary folder. Packages of the `@pathnet` scope are served
// only from what the test publishes (never from upstream); everything else is proxied to the
// registry npm is configured with.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

/** A free TCP port on 127.0.0.1 (the kernel's choice, released before use). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The registry npm itself uses (`npm config get registry`), Verdaccio's uplink. */
function upstreamRegistry() {
  const r = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' });
  const url = r.status === 0 ? r.stdout.trim() : '';
  return url.startsWith('http') ? url : 'https://registry.npmjs.org/';
}

function configYaml(dir) {
  return `# Written by scripts/registry/verdaccio.mjs for one registry test run.
storage: ${path.join(dir, 'storage')}
auth:
  htpasswd:
    file: ${path.join(dir, 'htpasswd')}
uplinks:
  upstream:
    url: ${upstreamRegistry()}
    timeout: 120s
    maxage: 30m
packages:
  '@pathnet/*':
    access: $all
    publish: $authenticated
  '**':
    access: $all
    publish: $authenticated
    proxy: upstream
log: { type: stdout, format: pretty, level: warn }
`;
}

/**
 * Starts Verdaccio (the `verdaccio` devDependency) on 127.0.0.1 with its files under `dir`,
 * waits until it answers `/-/ping`, and creates a user for publishing.
 * @returns `{ url, npmrc, stop }`: the registry URL, an npm user config with the user's
 *   token, and a function that stops the server.
 * @throws {Error} saying why, with Verdaccio's own output, if it does not start within `timeoutMs`.
 */
export async function startVerdaccio(dir, timeoutMs = 60_000) {
  const config = path.join(dir, 'config.yaml');
  writeFileSync(config, configYaml(dir));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const bin = createRequire(import.meta.url).resolve('verdaccio/bin/verdaccio');
  const child = spawn(
    process.execPath,
    [bin, '--config', config, '--listen', `127.0.0.1:${port}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = signal ?? code;
  });
  const stop = () =>
    new Promise((resolve) => {
      if (exited !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) {
      throw new Error(`Verdaccio exited (${exited}) before answering:\n${output.trim()}`);
    }
    try {
      const ping = await fetch(`${url}-/ping`);
      if (ping.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `Verdaccio did not answer on ${url} within ${timeoutMs} ms:\n${output.trim()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  const user = { name: 'pathnet-ci', password: 'pathnet-ci-password' };
  const added = await fetch(`${url}-/user/org.couchdb.user:${user.name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...user, type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const body = await added.json().catch(() => ({}));
  if (!added.ok || typeof body.token !== 'string') {
    await stop();
    throw new Error(
      `Verdaccio refused to create a user (${added.status}): ${JSON.stringify(body)}`,
    );
  }
  const npmrc = path.join(dir, 'npmrc');
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${body.token}\n`);
  return { url, npmrc, stop };
}
