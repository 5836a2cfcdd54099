import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  FrozenShapeError,
  GenotypeShapeError,
  InvalidOptionError,
  ModuleIndexError,
  renderPathwayGrid,
} from '../index.js';
import { byClass, parseSvg } from './xml.js';

const A = [
  [1, 4, 7],
  [0, 2, 5],
  [3, 6, 8],
];
// Re-uses module 4 of layer 1 and module 5 of layer 2 from A.
const B = [
  [4, 9, 2],
  [5, 1, 8],
  [0, 9, 2],
];
const frozenA = A.map((row) => Array.from({ length: 10 }, (_, m) => row.includes(m)));

describe('renderPathwayGrid', () => {
  const svg = renderPathwayGrid({
    layers: 3,
    modules: 10,
    pathways: [
      { genotype: A, label: 'A' },
      { genotype: B, label: 'B' },
    ],
    frozen: frozenA,
    title: 'transfer',
  });
  const els = parseSvg(svg);

  it('draws L×M module boxes', () => {
    expect(byClass(els, 'pn-module')).toHaveLength(30);
  });

  it('highlights one module per active gene, at the gene’s layer and index', () => {
    const active = byClass(els, 'pn-active');
    expect(active).toHaveLength(18);
    const got = active.map(
      (e) => `${e.attrs['data-pathway']}:${e.attrs['data-layer']}:${e.attrs['data-module']}`,
    );
    const want = [A, B].flatMap((g, p) => g.flatMap((row, l) => row.map((m) => `${p}:${l}:${m}`)));
    expect(new Set(got)).toEqual(new Set(want));
  });

  it('draws as many frozen modules as the mask holds, at the masked places', () => {
    const frozen = byClass(els, 'pn-frozen');
    expect(frozen).toHaveLength(9);
    for (const e of frozen) {
      expect(A[Number(e.attrs['data-layer'])]).toContain(Number(e.attrs['data-module']));
    }
  });

  it('marks each module used by two pathways once', () => {
    expect(byClass(els, 'pn-shared')).toHaveLength(2);
  });

  it('draws one readout per task and the legend entries for frozen and shared', () => {
    expect(byClass(els, 'pn-readout')).toHaveLength(2);
    const texts = els.filter((e) => e.tag === 'text').map((e) => e.text);
    expect(texts).toEqual(
      expect.arrayContaining(['frozen module', 'used by 2+ pathways', 'input']),
    );
    expect(texts).toEqual(expect.arrayContaining(['layer 1', 'layer 3', 'readout A', 'readout B']));
  });

  it('shares one readout between pathways of the same task', () => {
    const e = parseSvg(
      renderPathwayGrid({
        layers: 2,
        modules: 3,
        pathways: [
          { genotype: [[0], [1]], label: 'p1', task: 'T' },
          { genotype: [[2], [2]], label: 'p2', task: 'T' },
        ],
      }),
    );
    expect(byClass(e, 'pn-readout')).toHaveLength(1);
  });

  it('collapses duplicate genes in a layer to one active module', () => {
    const e = parseSvg(
      renderPathwayGrid({
        layers: 1,
        modules: 4,
        pathways: [{ genotype: [[2, 2, 2]], label: 'p' }],
      }),
    );
    expect(byClass(e, 'pn-active')).toHaveLength(1);
  });

  it('draws the bare grid with no pathway and no frozen mark or legend entry', () => {
    const e = parseSvg(renderPathwayGrid({ layers: 2, modules: 5, pathways: [] }));
    expect(byClass(e, 'pn-module')).toHaveLength(10);
    expect(byClass(e, 'pn-active')).toHaveLength(0);
    expect(byClass(e, 'pn-frozen')).toHaveLength(0);
    expect(e.some((x) => x.tag === 'text' && x.text === 'frozen module')).toBe(false);
  });

  it('scales into a given width while keeping the aspect ratio', () => {
    const e = parseSvg(renderPathwayGrid({ layers: 2, modules: 5, pathways: [], width: 300 }));
    const root = e[0];
    const [, , vw, vh] = (root?.attrs.viewBox ?? '').split(' ').map(Number);
    expect(Number(root?.attrs.width)).toBe(300);
    expect(Number(root?.attrs.height)).toBeCloseTo((300 * (vh ?? 0)) / (vw ?? 1), 1);
  });

  it('rejects a gene outside [0, M) with ModuleIndexError naming it', () => {
    const bad = () =>
      renderPathwayGrid({
        layers: 2,
        modules: 4,
        pathways: [{ genotype: [[0], [4]], label: 'p' }],
      });
    expect(bad).toThrow(ModuleIndexError);
    expect(bad).toThrow(/pathways\[0\]\.genotype\[1\]\[0\]: got 4, expected .*\[0, M = 4\)/);
    expect(() =>
      renderPathwayGrid({ layers: 1, modules: 4, pathways: [{ genotype: [[1.5]], label: 'p' }] }),
    ).toThrow(ModuleIndexError);
  });

  it('rejects a genotype of the wrong shape with GenotypeShapeError', () => {
    expect(() =>
      renderPathwayGrid({
        layers: 3,
        modules: 4,
        pathways: [{ genotype: [[0], [1]], label: 'p' }],
      }),
    ).toThrow(GenotypeShapeError);
    expect(() =>
      renderPathwayGrid({ layers: 2, modules: 4, pathways: [{ genotype: [[0], []], label: 'p' }] }),
    ).toThrow(GenotypeShapeError);
  });

  it('rejects a frozen mask that is not L×M booleans with FrozenShapeError', () => {
    const base = { layers: 2, modules: 3, pathways: [] };
    expect(() => renderPathwayGrid({ ...base, frozen: [[true, false, false]] })).toThrow(
      FrozenShapeError,
    );
    expect(() =>
      renderPathwayGrid({
        ...base,
        frozen: [
          [true, false],
          [false, false],
        ],
      }),
    ).toThrow(FrozenShapeError);
    expect(() =>
      renderPathwayGrid({
        ...base,
        frozen: [
          [true, false, 1 as unknown as boolean],
          [false, false, false],
        ],
      }),
    ).toThrow(FrozenShapeError);
  });

  it('rejects non-integer or non-positive L and M with InvalidOptionError', () => {
    expect(() => renderPathwayGrid({ layers: 0, modules: 3, pathways: [] })).toThrow(
      InvalidOptionError,
    );
    expect(() => renderPathwayGrid({ layers: 2, modules: 2.5, pathways: [] })).toThrow(
      InvalidOptionError,
    );
  });

  const gridCase = fc
    .record({ L: fc.integer({ min: 1, max: 5 }), M: fc.integer({ min: 1, max: 12 }) })
    .chain(({ L, M }) =>
      fc.record({
        L: fc.constant(L),
        M: fc.constant(M),
        genotypes: fc.array(
          fc.array(fc.array(fc.nat({ max: M - 1 }), { minLength: 1, maxLength: 5 }), {
            minLength: L,
            maxLength: L,
          }),
          { minLength: 0, maxLength: 4 },
        ),
        frozen: fc.array(fc.array(fc.boolean(), { minLength: M, maxLength: M }), {
          minLength: L,
          maxLength: L,
        }),
      }),
    );

  test.prop([gridCase])(
    'highlighted modules = distinct genes per layer summed over pathways; frozen and shared marks match',
    ({ L, M, genotypes, frozen }) => {
      const e = parseSvg(
        renderPathwayGrid({
          layers: L,
          modules: M,
          pathways: genotypes.map((genotype, i) => ({ genotype, label: `p${i}` })),
          frozen,
        }),
      );
      const distinct = genotypes.reduce(
        (sum, g) => sum + g.reduce((s, row) => s + new Set(row).size, 0),
        0,
      );
      expect(byClass(e, 'pn-active')).toHaveLength(distinct);
      expect(byClass(e, 'pn-module')).toHaveLength(L * M);
      expect(byClass(e, 'pn-frozen')).toHaveLength(frozen.flat().filter(Boolean).length);
      let shared = 0;
      for (let l = 0; l < L; l++) {
        for (let m = 0; m < M; m++) {
          if (genotypes.filter((g) => g[l]?.includes(m)).length >= 2) shared++;
        }
      }
      expect(byClass(e, 'pn-shared')).toHaveLength(shared);
    },
    60_000,
  );
});
