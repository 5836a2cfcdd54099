import { describe, expect, it } from 'vitest';
import { closestIds, DuplicateRegistrationError, Registry, UnknownIdError } from '../index.js';

describe('Registry', () => {
  it('returns what was registered and lists ids sorted', () => {
    const r = new Registry<number>('thing');
    r.register('b', 2);
    r.register('a', 1);
    expect(r.get('a')).toBe(1);
    expect(r.ids()).toEqual(['a', 'b']);
  });

  it('throws on a duplicate id instead of overriding', () => {
    const r = new Registry<number>('thing');
    r.register('a', 1);
    expect(() => r.register('a', 2)).toThrow(DuplicateRegistrationError);
    expect(r.get('a')).toBe(1);
  });

  it('suggests close ids for an unknown one', () => {
    const r = new Registry<number>('environment');
    for (const id of ['minatar/Breakout-v0', 'minatar/Asterix-v0', 'ale/Pong-v5'])
      r.register(id, 0);
    const err = (() => {
      try {
        r.get('minatar/Breakot-v0');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnknownIdError);
    expect((err as UnknownIdError).suggestions[0]).toBe('minatar/Breakout-v0');
    expect((err as Error).message).toMatch(/Did you mean "minatar\/Breakout-v0"/);
  });

  it('rejects an empty id', () => {
    expect(() => new Registry<number>('thing').register('', 1)).toThrow(TypeError);
  });

  it('unregister frees the id', () => {
    const r = new Registry<number>('thing');
    r.register('a', 1);
    expect(r.unregister('a')).toBe(true);
    r.register('a', 3);
    expect(r.get('a')).toBe(3);
  });

  it('closestIds gives nothing for a wild guess', () => {
    expect(closestIds('zzzzzzzzzzzz', ['mnist', 'cifar10'])).toEqual([]);
  });
});
