import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { boundText, checkBound, checkNeeds, FlagError, toOption } from '../cli/flag.js';
import { BOUNDS, pluginFlags, runtimeFlags, seedFlags } from '../cli/groups.js';
import { choiceFlag, jsonFlag, listFlag, numberFlag, oneOf } from '../cli/kinds.js';
import { availableMemory, countBound, memoryLimit, UNIT_BYTES } from '../cli/limits.js';
import { isBadInput, quickValues, withGroups } from '../cli/main.js';

/** A program of `groups` that throws commander's errors instead of exiting. */
const programOf = (...groups: Parameters<typeof withGroups>[1][]) =>
  withGroups(new Command('app').exitOverride().configureOutput({ writeErr: () => {} }), ...groups);
const parse = (program: Command, ...args: string[]) => program.parse(args, { from: 'user' });

describe('bounds', () => {
  it('say what they accept, and refuse naming the flag and the value', () => {
    expect(boundText({ integer: true, min: 1 })).toBe('an integer ≥ 1');
    expect(boundText({ integer: true, min: 36, max: 1024 })).toBe('an integer in [36, 1024]');
    expect(boundText(BOUNDS.fraction)).toBe('in (0, 1]');
    expect(boundText(BOUNDS.learningRate)).toBe('> 0');
    expect(checkBound('--seeds', 3, BOUNDS.seeds)).toBe(3);
    expect(() => checkBound('--seeds', 0, BOUNDS.seeds)).toThrow(
      new FlagError('--seeds must be an integer ≥ 1, got 0'),
    );
    expect(() => checkBound('--seeds', 2.5, BOUNDS.seeds)).toThrow(/an integer ≥ 1, got 2.5/);
    expect(() => checkBound('--seeds', 1e300, { integer: true, min: 1 })).toThrow(/got 1e\+300/);
    expect(() => checkBound('--fraction', Number.NaN, BOUNDS.fraction)).toThrow(/in \(0, 1\]/);
  });

  it('of counts come from the memory a run may use, and name it only when a value is above', () => {
    const threads = memoryLimit('thread');
    expect(threads).toBe(Math.floor(availableMemory() / UNIT_BYTES.thread));
    expect(memoryLimit('weight', true)).toBe(Math.floor(Math.sqrt(availableMemory() / 16)));
    const bound = countBound(1, 'thread');
    expect(checkBound('--threads', threads, bound)).toBe(threads);
    expect(() => checkBound('--threads', threads + 1, bound)).toThrow(
      new RegExp(
        `--threads must be an integer in \\[1, ${threads}\\] \\(each worker thread needs about 64 MB; .* may be used\\), got ${threads + 1}`,
      ),
    );
    expect(() => checkBound('--threads', 0, bound)).toThrow(
      new FlagError('--threads must be an integer ≥ 1, got 0'),
    );
  });
});

describe('flag kinds parse on the command line with the same messages everywhere', () => {
  const fail = (program: Command, ...args: string[]) => {
    try {
      parse(program, ...args);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error(`${args.join(' ')} was accepted`);
  };

  it('numbers: syntax, then bound', () => {
    const p = () => programOf(seedFlags({ seeds: 2, seedsHelp: 'seeds' }));
    expect(parse(p(), '--seeds', '4').opts()).toEqual({ seeds: 4, seed: 1 });
    expect(fail(p(), '--seeds', 'two')).toMatch(/--seeds expects a number, got "two"$/);
    expect(fail(p(), '--seeds', '')).toMatch(/--seeds expects a number, got ""$/);
    expect(fail(p(), '--seed', '-1')).toMatch(
      /--seed must be an integer in \[0, 2147483647\], got -1$/,
    );
  });

  it('choices, lists without repeats, names and JSON objects', () => {
    const p = () =>
      programOf([
        choiceFlag('--engine <e>', 'engine', ['auto', 'fused', 'tfjs'] as const, {
          default: 'fused',
        }),
        listFlag(
          '--conditions <list>',
          'conditions',
          oneOf(['pathnet', 'independent'], 'condition'),
        ),
        jsonFlag('--options <json>', 'options'),
        numberFlag('--p <p>', 'p', BOUNDS.probability),
      ]);
    expect(parse(p(), '--conditions', 'pathnet, independent').opts().conditions).toEqual([
      'pathnet',
      'independent',
    ]);
    expect(fail(p(), '--engine', 'gpu')).toMatch(
      /--engine must be auto, fused or tfjs, got "gpu"$/,
    );
    expect(fail(p(), '--conditions', 'pathnet,pathnet')).toMatch(
      /--conditions names "pathnet" twice$/,
    );
    expect(fail(p(), '--conditions', 'pathnet,transfer')).toMatch(
      /--conditions: unknown condition "transfer"; valid: pathnet, independent$/,
    );
    expect(fail(p(), '--conditions', ',')).toMatch(/--conditions lists nothing; give at least 1$/);
    expect(fail(p(), '--options', '{bad json')).toMatch(
      /--options expects a JSON object, got \{bad json/,
    );
    expect(fail(p(), '--options', '[1]')).toMatch(/--options expects a JSON object like/);
    expect(fail(p(), '--p', '1.5')).toMatch(/--p must be in \[0, 1\], got 1.5$/);
  });

  it('the runtime group refuses an empty backend, too many threads and a queue that is not redis://', () => {
    const p = () => programOf(runtimeFlags({ queueHelp: 'queue' }));
    expect(parse(p()).opts()).toEqual({ engine: 'fused', progress: true });
    expect(fail(p(), '--backend', '')).toMatch(/--backend expects a backend name, got ""$/);
    expect(fail(p(), '--threads', '1e9')).toMatch(/--threads must be an integer in \[1, \d+\] \(/);
    expect(fail(p(), '--queue', 'localhost:6379')).toMatch(
      /--queue expects a redis:\/\/ or rediss:\/\/ URL/,
    );
  });

  it('a flag that needs another is refused alone, whatever its value', () => {
    const groups = [pluginFlags({ pluginHelp: 'plugin', operator: true })];
    const alone = programOf(...groups);
    parse(alone, '--operator-options', '{"k": 1}');
    expect(() => checkNeeds(alone, groups)).toThrow(
      new FlagError('--operator-options goes with --operator; give --operator too'),
    );
    const both = programOf(...groups);
    parse(
      both,
      '--operator',
      'shift',
      '--operator-options',
      '{"k": 1}',
      '--plugin',
      'a',
      '--plugin',
      'b',
    );
    expect(() => checkNeeds(both, groups)).not.toThrow();
    expect(both.opts().plugin).toEqual(['a', 'b']);
  });

  it("--quick's values replace the defaults, not what the command line gave", () => {
    const p = programOf(seedFlags({ seeds: 5, seedsHelp: 'seeds' }), [toOptionSpecQuick]);
    parse(p, '--quick', '--seed', '7');
    expect(quickValues(p, { seeds: 1, seed: 2 })).toEqual({ seeds: 1 });
    const plain = programOf(seedFlags({ seeds: 5, seedsHelp: 'seeds' }), [toOptionSpecQuick]);
    expect(quickValues(parse(plain), { seeds: 1 })).toEqual({});
  });
});

const toOptionSpecQuick = { flags: '--quick', help: 'quick' };

describe('isBadInput', () => {
  it('knows the errors of bad input by name, and nothing else', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    expect(isBadInput(new FlagError('x'))).toBe(true);
    expect(isBadInput(named('QueueUnreachableError'))).toBe(true);
    expect(isBadInput(named('DatasetNotFoundError'))).toBe(true);
    expect(isBadInput(new RangeError('Array buffer allocation failed'))).toBe(false);
    expect(isBadInput('FlagError')).toBe(false);
    expect(toOption({ flags: '--x <n>', help: 'x' }).long).toBe('--x');
  });
});
