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

  it('lists every registered id when few, and groups them by namespace when many', () => {
    const message = (r: Registry<number>, id: string) => {
      try {
        r.get(id);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error(`${id} was found`);
    };
    const few = new Registry<number>('environment');
    for (const id of ['minatar/Breakout-v0', 'CartPole-v1']) few.register(id, 0);
    expect(message(few, 'x')).toMatch(/Registered: CartPole-v1, minatar\/Breakout-v0\.$/);
    const many = new Registry<number>('environment');
    const ale = Array.from({ length: 30 }, (_, i) => `ale/Game${10 + i}-v5`);
    for (const id of [...ale, 'minatar/Breakout-v0', 'minatar/Asterix-v0', 'CartPole-v1']) {
      many.register(id, 0);
    }
    expect(message(many, 'minatar/Foo-v0')).toMatch(
      /Registered: 33 ids: minatar\/Asterix-v0, minatar\/Breakout-v0; besides 30 ale\/…, 1 without a namespace\.$/,
    );
    const own = message(many, 'ale/Foo-v5');
    expect(own).toContain(`${ale.slice(0, 20).join(', ')} and 10 more; besides 2 minatar/…`);
    expect(own).not.toContain('ale/Game30-v5');
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
