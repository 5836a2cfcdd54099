/** The Atari games of `--ale` (real Atari through ale-py), in matrix order; no imports, so `--help` can name them. */
export const ALE_GAMES = ['Pong', 'Breakout', 'SpaceInvaders', 'Seaquest', 'Asterix', 'Freeway'];
