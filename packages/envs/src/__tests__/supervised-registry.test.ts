import { DuplicateRegistrationError, UnknownIdError } from '@pathnet/registry';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BUILTIN_TASK_IDS,
  createSupervisedTask,
  makeTask,
  registerTask,
  TaskOptionError,
  taskIds,
  unregisterTask,
} from '../index.js';
import { syntheticDataset } from './supervised-fixtures.js';

afterEach(() => {
  unregisterTask('test/tiny');
});

describe('task registry', () => {
  it('lists the built-in tasks, registered through the same registry', () => {
    expect(taskIds()).toEqual(expect.arrayContaining([...BUILTIN_TASK_IDS]));
    expect([...BUILTIN_TASK_IDS].sort()).toEqual([
      'cifar10',
      'fashion-mnist',
      'mnist',
      'mnist-binary',
      'svhn-cropped',
    ]);
  });

  it('makeTask passes the options to a registered factory', async () => {
    const seen: unknown[] = [];
    registerTask('test/tiny', (options: { perClass?: number }) => {
      seen.push(options);
      const n = options.perClass ?? 2;
      return createSupervisedTask({ id: 'test/tiny', dataset: syntheticDataset([n, n]) });
    });
    const task = await makeTask('test/tiny', { perClass: 5 });
    expect(seen).toEqual([{ perClass: 5 }]);
    expect(task.trainSize).toBe(10);
    expect(taskIds()).toContain('test/tiny');
  });

  it('a duplicate id throws, built-ins included', () => {
    const factory = () => createSupervisedTask({ id: 'x', dataset: syntheticDataset([1, 1]) });
    registerTask('test/tiny', factory);
    expect(() => registerTask('test/tiny', factory)).toThrow(DuplicateRegistrationError);
    expect(() => registerTask('mnist', factory)).toThrow(DuplicateRegistrationError);
  });

  it('an unknown id rejects with close suggestions', async () => {
    const err = await makeTask('mnist-binery').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownIdError);
    expect((err as Error).message).toMatch(
      /unknown supervised task "mnist-binery". Did you mean "mnist-binary"/,
    );
  });

  it('unregisterTask frees the id', () => {
    registerTask('test/tiny', () =>
      createSupervisedTask({ id: 'x', dataset: syntheticDataset([1, 1]) }),
    );
    expect(unregisterTask('test/tiny')).toBe(true);
    expect(taskIds()).not.toContain('test/tiny');
  });
});

describe('mnist-binary options', () => {
  it.each([[[5, 5]], [[3, 10]], [[-1, 2]], [[1]], [[1, 2, 3]], [[1.5, 2]], ['56']])(
    'digits %j is a TaskOptionError naming the argument and what is expected',
    async (digits) => {
      const err = await makeTask('mnist-binary', { digits } as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TaskOptionError);
      expect((err as Error).message).toMatch(
        /option "digits": got .*, expected two different digits in 0..9/,
      );
    },
  );

  it('an unknown option name is rejected instead of ignored', async () => {
    const err = await makeTask('mnist-binary', { noize: 0.5 } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskOptionError);
    expect((err as Error).message).toMatch(/option "noize".*one of the options of "mnist-binary"/);
  });

  it('a noise level outside [0, 1] is rejected', async () => {
    await expect(makeTask('mnist-binary', { noise: 2 })).rejects.toThrow(/option "noise": got 2/);
  });

  it('a non-boolean flatten is rejected', async () => {
    await expect(makeTask('mnist', { flatten: 'yes' } as never)).rejects.toThrow(
      /option "flatten": got "yes"/,
    );
  });
});
