import { describe, expect, it } from 'vitest';
import { GRID_CELLS } from '../grid-cells.js';
import { reproductionSection, verdictOf } from '../reproduction.js';

describe('verdictOf', () => {
  it('says faster or slower only when the interval excludes 1 and the Holm p is below 0.05', () => {
    expect(verdictOf({ ci95: [1.1, 1.5], pHolm: 0.01 })).toBe('faster');
    expect(verdictOf({ ci95: [0.8, 0.95], pHolm: 0.01 })).toBe('slower');
    expect(verdictOf({ ci95: [0.8, 0.95], pHolm: 0.2 })).toBe('slower, n.s. after Holm');
    expect(verdictOf({ ci95: [0.9, 1.1], pHolm: 0.01 })).toBe('no difference detected');
    expect(verdictOf({ ci95: null, pHolm: null })).toBe('one seed: no verdict');
  });
});

describe('reproductionSection', () => {
  it('lists every grid cell, those not run as such, and no forest rows without results', () => {
    const section = reproductionSection(GRID_CELLS.map((cell) => ({ cell, results: undefined })));
    for (const cell of GRID_CELLS) expect(section.markdown).toContain(`| ${cell.name} |`);
    expect(section.markdown.match(/not run yet/g)).toHaveLength(GRID_CELLS.length);
    expect(section.forest.rows).toEqual([]);
  });
});
