// README examples of the registry test: which fenced blocks run, and how each one is run
// under Node (ESM and CJS), a strict tsc type-check, Bun and Deno in a consumer folder.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const ts = require('typescript');

/**
 * The runnable examples of a README: fenced blocks whose info string is `ts runnable` or
 * `js runnable`, optionally followed by `needs=pkg1,pkg2` (npm packages the example needs
 * beside the package itself, installed after its size is measured). Other blocks are prose.
 * @returns `{ code, needs, line }[]` in README order (`line`: 1-based line of the fence).
 */
export function runnableExamples(readmeText) {
  const examples = [];
  const fence = /^```(ts|js|typescript|javascript)[ \t]+([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
  for (const m of readmeText.matchAll(fence)) {
    const words = m[2].trim().split(/\s+/);
    if (!words.includes('runnable')) continue;
    const needs = words
      .filter((w) => w.startsWith('needs='))
      .flatMap((w) => w.slice('needs='.length).split(','))
      .filter(Boolean);
    const line = readmeText.slice(0, m.index).split('\n').length;
    examples.push({ code: m[3], needs, line });
  }
  return examples;
}

/** The example as an ES module (types stripped). */
export function toEsm(code) {
  return ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

/**
 * The example as CommonJS: its imports become `require` calls and the rest of its body runs
 * inside an async function (CommonJS has no top-level await), failing the process on a throw.
 */
export function toCjs(code) {
  const file = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true);
  const top = [];
  const body = [];
  for (const s of file.statements) {
    // Imports and type-only declarations (module augmentations included) stay at the top.
    if (
      ts.isImportDeclaration(s) ||
      ts.isInterfaceDeclaration(s) ||
      ts.isTypeAliasDeclaration(s) ||
      ts.isModuleDeclaration(s)
    ) {
      top.push(code.slice(s.getFullStart(), s.getEnd()));
    } else {
      // `export` has no meaning inside the function body: drop the modifier.
      const text = code.slice(s.getStart(), s.getEnd()).replace(/^export\s+/, '');
      body.push(`\n${text}`);
    }
  }
  const imports = top;
  const wrapped = `${imports.join('')}\n(async () => {${body.join('')}\n})().catch((error) => {\n  console.error(error);\n  process.exit(1);\n});\n`;
  return ts.transpileModule(wrapped, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
}

/**
 * The consumer's tsconfig: `strict`, `skipLibCheck: false` (the packages' and their
 * dependencies' declarations are checked too), `exactOptionalPropertyTypes`, Node's own
 * module resolution; Node's types come from the repository's `@types/node`.
 */
export function consumerTsconfig(repoRoot, files) {
  return {
    compilerOptions: {
      strict: true,
      skipLibCheck: false,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      target: 'ES2022',
      types: ['node'],
      typeRoots: [path.join(repoRoot, 'node_modules', '@types')],
      noEmit: true,
    },
    files,
  };
}

/**
 * Runs a command in `cwd` with a time limit.
 * @returns `{ ok, seconds, output }` (the last 2,000 characters of stdout and stderr).
 */
export function run(command, args, cwd, { timeoutMs = 240_000, env = process.env } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk) => {
      output = (output + chunk).slice(-2000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      output += `\n(killed after ${timeoutMs / 1000} s)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      output += String(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - t0) / 1000;
      resolve({ ok: code === 0, seconds, output: output.trim() });
    });
  });
}

/**
 * Writes the files of every check into the consumer folder `dir` and returns the checks, each
 * `{ runtime, label, command, args }`: an import check of the package (ESM, CJS with the same
 * export names, types), then each README example under Node ESM, Node CJS, Bun and Deno, and
 * one strict tsc over all of them.
 */
export function writeChecks(dir, repoRoot, pkgName, examples) {
  const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);
  const checks = [];
  writeFileSync(
    path.join(dir, 'import-check.mjs'),
    `import * as esm from '${pkgName}';\nimport { createRequire } from 'node:module';\n` +
      `const cjs = createRequire(import.meta.url)('${pkgName}');\n` +
      `const names = (m) => Object.keys(m).filter((k) => k !== 'default' && k !== 'module.exports').sort().join();\n` +
      `if (names(esm) === '') throw new Error('${pkgName} exports nothing');\n` +
      `if (names(esm) !== names(cjs)) throw new Error(\`ESM and CJS exports differ: \${names(esm)} vs \${names(cjs)}\`);\n`,
  );
  writeFileSync(
    path.join(dir, 'import-check.mts'),
    `import * as esm from '${pkgName}';\nexport const names: string[] = Object.keys(esm);\n`,
  );
  const tsFiles = ['import-check.mts'];
  checks.push({
    runtime: 'node',
    label: 'import',
    command: process.execPath,
    args: ['import-check.mjs'],
  });
  checks.push({ runtime: 'bun', label: 'import', command: bin('bun'), args: ['import-check.mjs'] });
  checks.push({
    runtime: 'deno',
    label: 'import',
    command: bin('deno'),
    args: ['run', '-A', 'import-check.mjs'],
  });
  examples.forEach((example, i) => {
    const base = `example-${i + 1}`;
    writeFileSync(path.join(dir, `${base}.mts`), example.code);
    writeFileSync(path.join(dir, `${base}.mjs`), toEsm(example.code));
    writeFileSync(path.join(dir, `${base}.cjs`), toCjs(example.code));
    tsFiles.push(`${base}.mts`);
    const label = `README:${example.line}`;
    checks.push({ runtime: 'node-esm', label, command: process.execPath, args: [`${base}.mjs`] });
    checks.push({ runtime: 'node-cjs', label, command: process.execPath, args: [`${base}.cjs`] });
    checks.push({ runtime: 'bun', label, command: bin('bun'), args: [`${base}.mts`] });
    checks.push({
      runtime: 'deno',
      label,
      command: bin('deno'),
      args: ['run', '-A', `${base}.mts`],
    });
  });
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    `${JSON.stringify(consumerTsconfig(repoRoot, tsFiles), null, 2)}\n`,
  );
  checks.push({
    runtime: 'tsc',
    label: `strict, ${tsFiles.length} file(s)`,
    command: process.execPath,
    args: [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'],
  });
  return checks;
}

/** The package's README text (empty when it has none). */
export function readReadme(pkgDir) {
  try {
    return readFileSync(path.join(pkgDir, 'README.md'), 'utf8');
  } catch {
    return '';
  }
}
