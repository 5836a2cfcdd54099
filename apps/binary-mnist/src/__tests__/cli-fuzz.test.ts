/**
 * Fuzzing the command line: generated malformed command lines (bad values for every
 * flag, unknown flags, unusable --out folders, broken --resume folders) each exit
 * with 2 and a one-line named message, write nothing, and leave every file as it was.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fc } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const home = mkdtempSync(path.join(tmpdir(), 'binary-mnist-fuzz-'));

// Existing files a bad command must leave alone.
const earlier = path.join(home, 'earlier');
mkdirSync(earlier);
writeFileSync(
  path.join(earlier, 'results.json'),
  '{"format":"pathnet-ts/binary-mnist-results@2"}\n',
);
writeFileSync(path.join(home, 'a-file'), 'not a folder\n');
symlinkSync(path.join(home, 'loop-b'), path.join(home, 'loop-a'));
symlinkSync(path.join(home, 'loop-a'), path.join(home, 'loop-b'));
const broken = (name: string, text: string) => {
  mkdirSync(path.join(home, name));
  writeFileSync(path.join(home, name, 'results.json'), text);
  return path.join(home, name);
};
const resumeTargets = [
  '',
  path.join(home, 'absent'),
  path.join(home, 'a-file'),
  broken('not-json', '{"format": '),
  broken('other-format', '{"format":"x","seeds":[],"config":{}}'),
  broken(
    'null-config',
    '{"format":"pathnet-ts/binary-mnist-results@2","complete":false,"config":null,"seeds":[],"wallSeconds":0}',
  ),
];

const int = [
  '--layers',
  '--modules',
  '--active',
  '--units',
  '--population',
  '--steps',
  '--batch-size',
  '--max-generations',
  '--seeds',
];
const huge = ['--layers', '--modules', '--units', '--population', '--batch-size', '--seeds'];
const notNumber = fc.constantFrom('', 'abc', 'NaN', '1,2', '0x', 'Infinity');

/** One invalid fragment of a command line. */
const arbBad: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(fc.constantFrom(...int), fc.oneof(notNumber, fc.constantFrom('0', '-3', '2.5'))),
  fc.tuple(fc.constantFrom(...huge), fc.constantFrom('1e9', '1e12', '9007199254740993')),
  fc.tuple(
    fc.constantFrom('--noise', '--threshold', '--mutation-probability'),
    fc.oneof(notNumber, fc.constantFrom('1.5', '-0.1', '7')),
  ),
  fc.tuple(fc.constant('--learning-rate'), fc.oneof(notNumber, fc.constantFrom('0', '-1'))),
  fc.tuple(fc.constant('--workers'), fc.oneof(notNumber, fc.constantFrom('0', '-2', '1.5'))),
  fc.tuple(fc.constant('--concurrency'), fc.constantFrom('0', '3', '1.5', 'x')),
  fc.tuple(fc.constantFrom('--seed'), fc.constantFrom('-1', '1e300', '0.5', 'x')),
  fc.tuple(
    fc.constantFrom('--task-a', '--task-b'),
    fc.constantFrom('3,3', 'a,b', '1', '10,2', '1,2,3', ''),
  ),
  fc.tuple(fc.constant('--conditions'), fc.constantFrom('', 'pathnet,frozen', 'none')),
  fc.tuple(fc.constant('--engine'), fc.constantFrom('gpu', '', 'FUSED')),
  fc.stringMatching(/^[a-z]{3,9}$/).map((name) => [`--x-${name}`]),
  fc
    .constantFrom(
      'a-file',
      'loop-a',
      'earlier',
      '/dev/null',
      'x'.repeat(300),
      'a-file/sub',
      '/proc/pathnet-out',
    )
    .map((p) => ['--out', p.startsWith('/') ? p : path.join(home, p)]),
  fc.constantFrom(...resumeTargets).map((p) => ['--resume', p]),
);

/** Every file under `dir` (names, and contents' hashes), to check nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const p = path.join(dir, f);
    let s: ReturnType<typeof statSync> | undefined;
    try {
      s = statSync(p);
    } catch {
      out[f] = 'unresolvable';
      continue;
    }
    out[f] = s.isFile() ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'folder';
  }
  return out;
}

describe('fuzzed command lines', () => {
  const counts = new Map<string, number>();
  afterAll(() => {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    console.log(
      `CLI fuzz: ${total} runs, all exit 2: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`,
    );
    rmSync(home, { recursive: true, force: true });
  });

  it('exit 2 with a named one-line message, nothing written, every file unchanged', {
    timeout: 240_000,
  }, () => {
    const before = snapshot(home);
    fc.assert(
      fc.property(fc.array(arbBad, { minLength: 1, maxLength: 3 }), (bad) => {
        const fresh = path.join(
          home,
          `fresh-${counts.size}-${Math.random().toString(36).slice(2)}`,
        );
        // Tiny settings first (a later flag wins), so a line wrongly accepted would end fast.
        const args = [
          '--no-progress',
          '--population',
          '2',
          '--steps',
          '1',
          '--max-generations',
          '1',
          '--out',
          fresh,
          ...bad.flat(),
        ];
        const r = spawnSync(process.execPath, [cli, ...args], {
          encoding: 'utf8',
          timeout: 60_000,
        });
        const shown = `binary-mnist ${args.join(' ')}\n${r.stderr}`;
        expect(r.status, shown).toBe(2);
        const message = r.stderr.split('\n').find((l) => /^(binary-mnist: |error: )/.test(l));
        expect(message, shown).toBeDefined();
        expect(r.stderr, shown).not.toMatch(/\n\s+at /);
        expect(existsSync(fresh), shown).toBe(false);
        expect(snapshot(home), shown).toEqual(before);
        const kind = message!.startsWith('error:')
          ? 'commander'
          : message!.split(':').length > 2
            ? 'file or folder'
            : 'flag';
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
      }),
      { numRuns: 20 },
    );
  });
});
