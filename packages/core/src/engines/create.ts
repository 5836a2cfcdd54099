import type { PathNetConfig } from '../config.js';
import type { CreateOptions, DenseLayout } from '../types.js';
import type { Engine, GridEngine } from './engine.js';
import { FusedEngine } from './fused.js';
import { TfjsEngine } from './tfjs.js';

/**
 * A new, empty engine of kind `engine` for a grid shaped like `config` (its modules are
 * written next, by `PathNet`). Adding an engine: one file implementing {@link GridEngine},
 * its name in {@link Engine}, and one line here.
 */
export function createEngine(
  engine: Engine,
  config: PathNetConfig,
  denseLayout: DenseLayout,
  options: Pick<CreateOptions, 'threads' | 'concurrency'>,
): GridEngine {
  switch (engine) {
    case 'fused':
      return FusedEngine.create(config, options.threads ?? 1, options.concurrency ?? 1);
    case 'tfjs':
      return new TfjsEngine(structuredClone(config) as PathNetConfig, denseLayout);
  }
}
