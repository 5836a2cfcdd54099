/**
 * `node dist/memory-child.js ENGINE BACKEND STEPS`: one memory profile
 * ({@link profileMemoryHere}) in a process of its own, printed as JSON.
 */
import type { Engine } from '@pathnet/core';
import { profileMemoryHere } from './memory.js';

const [engine, backend, steps] = process.argv.slice(2);
if (engine === undefined || backend === undefined || steps === undefined) {
  console.error('usage: memory-child.js ENGINE BACKEND STEPS');
  process.exit(2);
}
console.log(JSON.stringify(await profileMemoryHere(engine as Engine, backend, Number(steps))));
