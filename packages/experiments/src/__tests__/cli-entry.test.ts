import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

/** The bare specifiers a built ESM file imports, following its relative imports (chunks). */
function packagesImported(file: string, seen = new Set<string>()): Set<string> {
  const found = new Set<string>();
  if (seen.has(file)) return found;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g)) {
    const spec = m[1]!;
    if (spec.startsWith('.')) {
      for (const p of packagesImported(path.resolve(path.dirname(file), spec), seen)) found.add(p);
    } else {
      found.add(spec);
    }
  }
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) found.add(m[1]!);
  return found;
}

describe('the ./cli entry', () => {
  it('loads commander and the flag declarations, no tensors, environments, pictures or queues (so --help is fast)', () => {
    const imported = [...packagesImported(path.join(dist, 'cli.js'))];
    expect(imported).toContain('commander');
    const heavy = imported.filter((p) =>
      /^(@tensorflow\/|@pathnet\/(core|backend|kernels|rl|viz|envs)$|bullmq|ioredis)/.test(p),
    );
    expect(heavy).toEqual([]);
  });
});
