import { isBadInput } from '@pathnet/experiments/cli';
import { describe, expect, it } from 'vitest';
import {
  OptionError,
  paperDefaults,
  reportLevels,
  sharedDigitsNote,
  validateOptions,
} from '../options.js';
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
    [
      'a condition named twice',
      { conditions: ['pathnet', 'independent', 'pathnet'] },
      /--conditions names "pathnet" twice/,
    ],
    [
      'a report level above the stopping threshold',
      { reportThresholds: [0.95, 0.999] },
      /--report-thresholds: .*\(0, --threshold 0.998\].*0.999/,
    ],
    ['an unknown B pathway set', { bPathways: 'all' as never }, /--b-pathways must be own or/],
    [
      'a relation of B to a registered task A',
      { bRelation: 'same', taskSpecA: { id: 'my-task' } },
      /--task-b same relates B to a digit pair/,
    ],
  ];
  for (const [name, override, message] of bad) {
    it(name, () => {
      const error = (() => {
        try {
          validateOptions({ ...paperDefaults(), ...override });
        } catch (e) {
          return e;
        }
      })();
      // An OptionError, or the FlagError of the flag's declared bound: bad input either way (exit 2).
      expect(error).toSatisfy((e: unknown) => e instanceof OptionError || isBadInput(e));
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(message);
    });
  }
  it('accepts the defaults', () => {
    expect(() => validateOptions(paperDefaults())).not.toThrow();
  }, 60_000);
  it('accepts tasks that share digits (the controls of transfer), with a note', () => {
    const o = {
      ...paperDefaults(),
      taskA: [1, 2] as [number, number],
      taskB: [2, 3] as [number, number],
    };
    expect(() => validateOptions(o)).not.toThrow();
    expect(sharedDigitsNote(o)).toMatch(/share digit 2/);
    expect(sharedDigitsNote({ ...o, taskB: [3, 4] })).toBeNull();
  });
});

describe('reportLevels', () => {
  it('reads the default levels below the threshold, then the threshold', () => {
    expect(reportLevels({ threshold: 0.998 })).toEqual([0.8, 0.9, 0.95, 0.98, 0.998]);
    expect(reportLevels({ threshold: 0.9 })).toEqual([0.8, 0.9]);
    expect(reportLevels({ threshold: 0.998, reportThresholds: [0.99, 0.9] })).toEqual([
      0.9, 0.99, 0.998,
    ]);
  });
});

describe('planSeed with task B made from task A', () => {
  const base = { taskA: undefined, taskB: undefined, noise: 0.5, noiseMode: 'once' as const };
  it('same: B is A, its digits and its noisy images', () => {
    const plan = planSeed(3, { ...base, bRelation: 'same' });
    expect(plan.taskB).toEqual(plan.taskA);
  });
  it('same-renoised: A digits with the noise of B stream; the streams as without a relation', () => {
    const plan = planSeed(3, { ...base, bRelation: 'same-renoised' });
    expect(digitsOf(plan.taskB)).toEqual(digitsOf(plan.taskA));
    expect(plan.taskB.options?.noiseSeed).toBe(plan.streams.b.data);
    expect(plan.taskB.options?.noiseSeed).not.toBe(plan.taskA.options?.noiseSeed);
    expect(plan.streams).toEqual(planSeed(3, base).streams);
  });
  it('permuted: same-renoised with a pixel permutation, its seed drawn per seed', () => {
    const renoised = planSeed(3, { ...base, bRelation: 'same-renoised' });
    const permuted = planSeed(3, { ...base, bRelation: 'permuted' });
    const { permutationSeed, ...rest } = permuted.taskB.options as Record<string, unknown>;
    expect(rest).toEqual(renoised.taskB.options);
    expect(Number.isInteger(permutationSeed)).toBe(true);
    expect(planSeed(4, { ...base, bRelation: 'permuted' }).taskB.options?.permutationSeed).not.toBe(
      permutationSeed,
    );
  });
  it('shared-digit: A first digit and a digit A does not use', () => {
    for (let seed = 0; seed < 20; seed++) {
      const plan = planSeed(seed, { ...base, bRelation: 'shared-digit' });
      const [a0, a1] = digitsOf(plan.taskA);
      const [b0, b1] = digitsOf(plan.taskB);
      expect(b0).toBe(a0);
      expect([a0, a1]).not.toContain(b1);
    }
  });
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
