// `npm run test:registry`: installs every public package as an npm user does and runs its
// README. It starts a real npm registry (Verdaccio, on a loopback port, storage in a temporary
// folder), publishes every non-private workspace package to it with `npm publish`, then for
// each package, in a fresh folder: `npm install @pathnet/<pkg>` alone from that registry,
// measures node_modules (`du -sh`), and runs an import check and the README's runnable
// examples (fenced blocks marked `ts runnable`, see scripts/registry/examples.mjs) under
// Node ESM, Node CJS, Bun and Deno, plus a `tsc --strict` type-check with
// `skipLibCheck: false`. Verdaccio is stopped and the folder removed at the end.
//
// Flags: `--sizes` (publish, install and measure only), `--keep` (keep the temporary folder),
// `--only name1,name2` (only these packages). Needs the packages built (`npm run build`).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readReadme, run, runnableExamples, writeChecks } from './registry/examples.mjs';
import { startVerdaccio } from './registry/verdaccio.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const sizesOnly = argv.includes('--sizes');
const keep = argv.includes('--keep');
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set(argv[onlyAt + 1]?.split(',')) : null;

/** Every non-private workspace package: `{ name, version, dir }`, from the root `workspaces`. */
function publicWorkspaces() {
  const { workspaces } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const dirs = workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [path.join(repoRoot, pattern)];
    const parent = path.join(repoRoot, pattern.slice(0, -2));
    return readdirSync(parent).map((d) => path.join(parent, d));
  });
  return dirs
    .filter((dir) => existsSync(path.join(dir, 'package.json')))
    .map((dir) => ({ dir, ...JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) }))
    .filter((p) => p.private !== true)
    .map(({ name, version, dir }) => ({ name, version, dir }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const packages = publicWorkspaces().filter((p) => only === null || only.has(p.name));
for (const p of packages) {
  if (!existsSync(path.join(p.dir, 'dist'))) {
    console.error(`registry test: ${p.name} is not built (run npm run build first)`);
    process.exit(1);
  }
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pathnet-registry-'));
let registry;
try {
  registry = await startVerdaccio(tmp);
} catch (error) {
  console.error(`registry test: Verdaccio could not start: ${error.message}`);
  rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
}
console.log(`registry test: Verdaccio at ${registry.url} (storage ${tmp})`);
const npmEnv = {
  ...process.env,
  npm_config_userconfig: registry.npmrc,
  npm_config_registry: registry.url,
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};
// Workspace scripts get npm_config_* of the root; a consumer folder must see none of them.
for (const key of Object.keys(npmEnv)) {
  if (key.startsWith('npm_package_') || key === 'npm_config_workspace') delete npmEnv[key];
}

let passed = 0;
let failed = 0;
const sizes = [];
try {
  for (const p of packages) {
    const r = await run(
      'npm',
      ['publish', '--registry', registry.url, '--access', 'public'],
      p.dir,
      {
        env: npmEnv,
      },
    );
    if (!r.ok) throw new Error(`npm publish of ${p.name} failed:\n${r.output}`);
  }
  console.log(
    `published ${packages.length} packages: ${packages.map((p) => `${p.name}@${p.version}`).join(', ')}`,
  );

  // Two packages at a time (the machine's 2 cores); each one's lines print when it is done.
  const queue = [...packages];
  const worker = async () => {
    for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
      const lines = [];
      const result = await checkPackage(p, (line) => lines.push(line));
      passed += result.passed;
      failed += result.failed;
      if (result.size !== undefined) sizes.push({ name: p.name, size: result.size });
      console.log(lines.join('\n'));
    }
  };
  await Promise.all([worker(), worker()]);
} catch (error) {
  failed++;
  console.error(`registry test: ${error.message}`);
} finally {
  await registry.stop();
  if (!keep) rmSync(tmp, { recursive: true, force: true });
}

console.log('\n| package | installed alone (du -sh node_modules) |\n|---|---:|');
for (const s of sizes.sort((a, b) => a.name.localeCompare(b.name)))
  console.log(`| \`${s.name}\` | ${s.size} |`);
console.log(`\nregistry: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

/**
 * Installs one package alone from the registry into a fresh folder, measures it, then
 * runs its checks. `log` receives the report lines.
 * @returns counts of passed and failed checks, and the installed size (`du -sh`).
 */
async function checkPackage(p, log) {
  const counts = { passed: 0, failed: 0, size: undefined };
  const dir = path.join(tmp, 'consumers', p.name.replace('/', '__'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'consumer', version: '0.0.0', private: true }, null, 2)}\n`,
  );
  const npmInstall = (names) =>
    run('npm', ['install', '--prefer-online', '--no-package-lock', ...names], dir, {
      env: npmEnv,
      timeoutMs: 600_000,
    });
  const installed = await npmInstall([p.name]);
  if (!installed.ok) {
    counts.failed++;
    log(`\n✗ ${p.name}: npm install failed\n${installed.output}`);
    return counts;
  }
  counts.size = execFileSync('du', ['-sh', 'node_modules'], { cwd: dir, encoding: 'utf8' }).split(
    '\t',
  )[0];
  log(
    `\n${p.name}@${p.version}: npm install alone ${installed.seconds.toFixed(0)} s, node_modules ${counts.size}`,
  );
  if (sizesOnly) return counts;

  const examples = runnableExamples(readReadme(p.dir));
  const needs = [...new Set(examples.flatMap((e) => e.needs))];
  if (needs.length > 0) {
    const more = await npmInstall(needs);
    if (!more.ok) {
      counts.failed++;
      log(`  ✗ npm install ${needs.join(' ')} (needed by the README) failed\n${more.output}`);
      return counts;
    }
    log(`  + npm install ${needs.join(' ')} (README examples need it)`);
  }
  if (examples.length === 0) log('  (the README has no runnable example: import checks only)');
  for (const check of writeChecks(dir, repoRoot, p.name, examples)) {
    const r = await run(check.command, check.args, dir);
    if (r.ok) counts.passed++;
    else counts.failed++;
    log(
      `  ${r.ok ? '✓' : '✗'} ${check.runtime.padEnd(8)} ${check.label.padEnd(20)} ${r.seconds.toFixed(1)} s`,
    );
    if (!r.ok) log(r.output.replace(/^/gm, '      '));
  }
  return counts;
}
