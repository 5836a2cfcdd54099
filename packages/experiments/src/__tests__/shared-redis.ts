import { startRedis, type TestRedis, type TestWorker } from '@pathnet/experiments/testing';
import { afterAll, beforeAll } from 'vitest';

/**
 * One redis-server for the tests of the describe block that calls this: started before them,
 * stopped after them, after every worker pushed onto `workers`. `url` is its address.
 */
export function sharedRedis() {
  let redis: TestRedis | undefined;
  const workers: TestWorker[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await redis?.stop();
  }, 30_000);
  return {
    workers,
    get url(): string {
      if (redis === undefined) throw new Error('the shared redis-server is not started yet');
      return redis.url;
    },
  };
}
