import { describe, expect, it } from 'vitest';
import { OptionError, paperDefaults, validateOptions } from '../options.js';
import { digitsOf, planSeed } from '../seeds.js';

describe('paper defaults', () => {
  it('are the settings of Sec. 3.1, with the population its runs used and noise once per image', () => {
    const d = paperDefaults();
    expect([d.layers, d.modules, d.active, d.units]).toEqual([3, 10, 3, 20]);
    expect([d.population, d.steps, d.batchSize, d.noise, d.threshold]).toEqual([
      20, 50, 16, 0.5, 0.998,
    ]);
    expect([d.noiseMode, d.protocol]).toEqual(['once', 'serial']);
    expect(d.mutationProbability).toBeCloseTo(1 / (3 * 3));
  }, 60_000);
});

describe('validateOptions rejects bad input with the flag named', () => {
  const bad: Array<[string, Partial<ReturnType<typeof paperDefaults>>, RegExp]> = [
    ['a task with one digit twice', { taskA: [3, 3] }, /--task-a needs two different digits/],
    ['a digit outside 0-9', { taskB: [7, 12] }, /--task-b digits must be integers 0–9/],
    ['zero seeds', { seeds: 0 }, /--seeds must be an integer ≥ 1, got 0/],
    ['N > M', { modules: 2, active: 3 }, /--active \(N=3\) cannot exceed --modules \(M=2\)/],
    ['tasks sharing a digit', { taskA: [1, 2], taskB: [2, 3] }, /share a digit/],
    ['noise above 1', { noise: 1.5 }, /--noise must be in \[0, 1\]/],
    ['a fractional population', { population: 2.5 }, /--population must be an integer/],
    [
      'an unknown noise mode',
      { noiseMode: 'daily' as never },
      /--noise-mode must be once or fresh/,
    ],
    [
      'an unknown protocol',
      { protocol: 'random' as never },
      /--protocol must be serial or interleaved/,
    ],
    [
      'two pathways at once with the serial protocol',
      { concurrency: 2, protocol: 'serial' },
      /--concurrency 2 .* --protocol interleaved/,
    ],
    ['an unknown condition', { conditions: ['transfer' as never] }, /unknown condition "transfer"/],
  ];
  for (const [name, override, message] of bad) {
    it(name, () => {
      expect(() => validateOptions({ ...paperDefaults(), ...override })).toThrow(OptionError);
      expect(() => validateOptions({ ...paperDefaults(), ...override })).toThrow(message);
    });
  }
  it('accepts the defaults', () => {
    expect(() => validateOptions(paperDefaults())).not.toThrow();
  }, 60_000);
});

describe('planSeed', () => {
  it('draws four distinct digits per seed, deterministically', () => {
    for (let seed = 0; seed < 50; seed++) {
      const plan = planSeed(seed, {
        taskA: undefined,
        taskB: undefined,
        noise: 0.5,
        noiseMode: 'once',
      });
      expect(new Set([...digitsOf(plan.taskA), ...digitsOf(plan.taskB)]).size).toBe(4);
      expect(
        planSeed(seed, { taskA: undefined, taskB: undefined, noise: 0.5, noiseMode: 'once' }),
      ).toEqual(plan);
    }
  }, 60_000);

  it('keeps given pairs and avoids their digits for the random one', () => {
    for (let seed = 0; seed < 20; seed++) {
      const plan = planSeed(seed, {
        taskA: [5, 6],
        taskB: undefined,
        noise: 0.5,
        noiseMode: 'once',
      });
      expect(plan.taskA).toEqual({
        id: 'mnist-binary',
        options: { noise: 0.5, noiseMode: 'once', noiseSeed: plan.streams.dataA, digits: [5, 6] },
      });
      expect(plan.taskB.options?.noiseSeed).toBe(plan.streams.b.data);
      expect(digitsOf(plan.taskB).some((x) => x === 5 || x === 6)).toBe(false);
    }
  }, 60_000);

  it('gives different streams to different seeds', () => {
    const a = planSeed(1, { taskA: [5, 6], taskB: [7, 8], noise: 0.5, noiseMode: 'once' });
    const b = planSeed(2, { taskA: [5, 6], taskB: [7, 8], noise: 0.5, noiseMode: 'once' });
    expect(a.streams).not.toEqual(b.streams);
  }, 60_000);
});
