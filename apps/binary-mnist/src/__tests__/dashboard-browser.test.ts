// The dashboard in a real browser: Debian's chromium, driven by playwright-core, loads the page
// of a `--quick --dashboard` run while it runs, then `pathnet view` of the finished folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.PATHNET_CHROMIUM ?? '/usr/bin/chromium';
const MISSING = existsSync(CHROMIUM)
  ? null
  : `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does)`;
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const pathnet = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@pathnet/dashboard/package.json')),
  'bin/pathnet.js',
);

/** Starts a command and resolves with the first URL it prints (on stdout or stderr). */
function startAndReadUrl(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(output)?.[0];
      if (url) resolve({ child, url });
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before a URL:\n${output}`)));
  });
}

/** Exits of a process we started, with its code. */
const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

/** The page's console errors and uncaught exceptions, collected as they come. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

const numberAt = (page: Page, selector: string, attribute: string) =>
  page.$eval(selector, (e, a) => Number(e.getAttribute(a)), attribute);

describe('the dashboard in chromium', () => {
  if (MISSING !== null) {
    if (process.env.CI) {
      it('needs chromium', () => {
        throw new Error(MISSING);
      });
    } else {
      it.skip(`skipped: ${MISSING}`, () => {});
    }
    return;
  }
  let context: BrowserContext;
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'pathnet-chromium-'));
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'pathnet-dashboard-')), 'run');
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 1000 },
      timeout: 60_000,
    });
  }, 90_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGINT');
    await context?.close();
    rmSync(userDataDir, { recursive: true, force: true });
    rmSync(path.dirname(out), { recursive: true, force: true });
  });

  it('shows a --quick run live: the grid and a curve update, no console error', async () => {
    // More generations than --quick's 30, so that the run outlasts the page's checks.
    const run = await startAndReadUrl([
      cli,
      '--quick',
      '--dashboard',
      '--no-progress',
      '--max-generations',
      '200',
      '--threshold',
      '0.95',
      '--out',
      out,
    ]);
    children.push(run.child);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(run.url);
    await expect
      .poll(() => numberAt(page, '#grid', 'data-generation'), { timeout: 120_000, interval: 250 })
      .toBeGreaterThan(0);
    await page.waitForSelector('#curves .uplot', { timeout: 60_000 });
    const points = await numberAt(page, '#curves', 'data-points');
    const generation = await numberAt(page, '#grid', 'data-generation');
    // Events keep coming while the run goes: both move on without reloading the page.
    await expect
      .poll(() => numberAt(page, '#grid', 'data-generation'), { timeout: 120_000, interval: 250 })
      .toBeGreaterThan(generation);
    await expect
      .poll(() => numberAt(page, '#curves', 'data-points'), { timeout: 120_000, interval: 250 })
      .toBeGreaterThan(points);
    expect(await page.locator('#grid rect.module').count()).toBe(3 * 10);
    expect(await page.locator('#grid circle.best').count()).toBeGreaterThan(0);
    expect(await page.textContent('#status')).toBe('running');
    // Task B of the pathnet condition: A's best pathway is frozen, outlined on the grid.
    await expect
      .poll(() => page.locator('#phase-select option[value="task B pathnet"]').count(), {
        timeout: 180_000,
        interval: 250,
      })
      .toBe(1);
    await page.selectOption('#phase-select', 'task B pathnet');
    await expect
      .poll(() => page.locator('#grid rect.frozen').count(), { timeout: 30_000, interval: 250 })
      .toBeGreaterThan(0);
    await page.screenshot({
      path: process.env.PATHNET_DASHBOARD_SCREENSHOT ?? path.join(path.dirname(out), 'live.png'),
    });
    expect(errors).toEqual([]);
    // The run goes on unharmed when its page goes away.
    await page.close();
    expect(await exited(run.child)).toBe(0);
  }, 400_000);

  it('pathnet view serves the finished run: table, frozen modules, pictures', async () => {
    const view = await startAndReadUrl([pathnet, 'view', out]);
    children.push(view.child);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(view.url);
    await expect
      .poll(() => page.locator('#results tbody tr').count(), { timeout: 60_000, interval: 250 })
      .toBe(2);
    await page.waitForSelector('#curves .uplot', { timeout: 60_000 });
    expect(await page.textContent('#status')).toBe('finished (results folder)');
    await page.selectOption('#phase-select', 'task B pathnet');
    expect(await page.locator('#grid rect.frozen').count()).toBeGreaterThan(0);
    expect(await page.locator('#pictures img').count()).toBeGreaterThan(0);
    // Every picture loads (an image that fails to load has no natural width).
    const widths = () =>
      page.$$eval('#pictures img', (imgs) =>
        imgs.map((img) => Number(Reflect.get(img, 'naturalWidth'))),
      );
    await expect
      .poll(async () => (await widths()).every((w) => w > 0), { timeout: 30_000, interval: 250 })
      .toBe(true);
    expect(errors).toEqual([]);
    view.child.kill('SIGINT');
    expect(await exited(view.child)).toBe(0);
  }, 120_000);
});
