/**
 * The Atari games of `--ale` (real Atari through ale-py), in matrix order, and
 * atari-transfer's own flag; no tensor imports, so that `--help` can name them.
 */
import { switchFlag } from '@pathnet/experiments/cli';

export const ALE_GAMES = ['Pong', 'Breakout', 'SpaceInvaders', 'Seaquest', 'Asterix', 'Freeway'];

/** `--ale`. */
export const ALE_FLAGS = [
  switchFlag(
    '--ale',
    `real Atari through ale-py (${ALE_GAMES.join(', ')}) on the paper's 84×84 grid`,
  ),
];
