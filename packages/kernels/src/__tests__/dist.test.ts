import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');

// Multiplies [[1,2],[3,4]] by itself and trains one dense pathway step.
const body = (load: string) => `${load}
const k = Kernels.create();
const a = k.allocFrom([1, 2, 3, 4]);
const c = k.alloc(4);
k.sgemm({ m: 2, n: 2, k: 2, a, b: a, c });
const p = createDensePathwayKernel({ inputSize: 2, layers: [{ units: 3, modules: 2 }], classes: 2 });
const r = p.trainStep([[0, 1]], new Float32Array([1, 0, 0, 1]), new Int32Array([0, 1]), { type: 'sgd', learningRate: 0.1 });
console.log(JSON.stringify({ c: Array.from(c.view()), finite: Number.isFinite(r.loss) }));`;

describe.skipIf(!existsSync(join(dist, 'index.js')))(
  'the built package (run `npm run build` first)',
  () => {
    const expected = { c: [7, 10, 15, 22], finite: true };

    it('works when imported as ESM from dist', () => {
      const script = body(
        `import { Kernels, createDensePathwayKernel } from ${JSON.stringify(join(dist, 'index.js'))};`,
      );
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
      });
      expect(JSON.parse(out)).toEqual(expected);
    }, 60_000);

    it('works when required as CJS from dist', () => {
      const script = body(
        `const { Kernels, createDensePathwayKernel } = require(${JSON.stringify(join(dist, 'index.cjs'))});`,
      );
      const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual(expected);
    }, 60_000);
  },
);
