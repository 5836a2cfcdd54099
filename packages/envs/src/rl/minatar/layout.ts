/**
 * Observation layouts of the MinAtar games: the game's own channels, the
 * same padded with zero channels to a common count, or a semantic layout
 * whose channels mean the same object kind in every game.
 *
 * @packageDocumentation
 */

/**
 * How a MinAtar environment lays out its observation channels (last axis of `uint8 [10, 10, C]`):
 * - `native`: the game's own channels in its order (C = 4 … 10 by game);
 * - `padded`: the game's own channels, then zero channels up to
 *   {@link MINATAR_PADDED_CHANNELS} (C = 10 for every game; channel k is a
 *   different object kind in each game);
 * - `semantic`: {@link MINATAR_SEMANTIC_CHANNELS} (C = 15 for every game),
 *   each game channel in the slot of its group ({@link MINATAR_CHANNEL_GROUPS}),
 *   so a channel means the same kind of object in every game.
 */
export type MinAtarLayout = 'native' | 'padded' | 'semantic';

/** Every {@link MinAtarLayout}. */
export const MINATAR_LAYOUTS: readonly MinAtarLayout[] = Object.freeze([
  'native',
  'padded',
  'semantic',
]);

/** Channels of the `padded` layout: the most any MinAtar game has (Seaquest's 10). */
export const MINATAR_PADDED_CHANNELS = 10;

/** A group of the `semantic` layout: a kind of object, the same in every game. */
export type SemanticGroup =
  | 'player'
  | 'enemy'
  | 'friendly'
  | 'player_projectile'
  | 'enemy_projectile'
  | 'motion'
  | 'gauge'
  | 'wall';

/**
 * The groups of the `semantic` layout in channel order, with their slot
 * counts (the most channels any game puts in the group) and what they hold.
 */
export const SEMANTIC_GROUPS: readonly {
  readonly group: SemanticGroup;
  readonly slots: number;
  readonly holds: string;
}[] = Object.freeze([
  {
    group: 'player',
    slots: 2,
    holds: 'the agent itself (slot 1: its rear, which shows its heading)',
  },
  { group: 'enemy', slots: 2, holds: 'objects that harm the agent or end the game on contact' },
  { group: 'friendly', slots: 1, holds: 'objects the agent collects or rescues for reward' },
  {
    group: 'player_projectile',
    slots: 1,
    holds: 'what the agent shoots or bounces to destroy things',
  },
  { group: 'enemy_projectile', slots: 1, holds: 'what enemies shoot at the agent' },
  {
    group: 'motion',
    slots: 5,
    holds:
      'where moving objects were, or which way and how fast they move (trails, direction and speed markers)',
  },
  { group: 'gauge', slots: 2, holds: 'status bars drawn on the grid' },
  { group: 'wall', slots: 1, holds: 'static structure that blocks or deflects moving objects' },
]);

/**
 * The group of each channel name of the five MinAtar games (Young & Tian
 * 2019; names as in kenjyoung/MinAtar, `oxygen_guage`/`diver_guage` spelt
 * `gauge` here). A game's channels in the same group take the group's slots
 * in the game's channel order.
 *
 * | game | player | enemy | friendly | player_projectile | enemy_projectile | motion | gauge | wall |
 * |---|---|---|---|---|---|---|---|---|
 * | Breakout | paddle | | | ball | | trail | | brick |
 * | Asterix | player | enemy | gold | | | trail | | |
 * | Freeway | chicken | car | | | | speed1 … speed5 | | |
 * | Seaquest | sub_front, sub_back | enemy_fish, enemy_sub | diver | friendly_bullet | enemy_bullet | trail | oxygen_gauge, diver_gauge | |
 * | Space Invaders | cannon | alien | | friendly_bullet | enemy_bullet | alien_left, alien_right | | |
 */
export const MINATAR_CHANNEL_GROUPS: Readonly<Record<string, SemanticGroup>> = Object.freeze({
  // Breakout
  paddle: 'player',
  ball: 'player_projectile',
  trail: 'motion',
  brick: 'wall',
  // Asterix
  player: 'player',
  enemy: 'enemy',
  gold: 'friendly',
  // Freeway
  chicken: 'player',
  car: 'enemy',
  speed1: 'motion',
  speed2: 'motion',
  speed3: 'motion',
  speed4: 'motion',
  speed5: 'motion',
  // Seaquest
  sub_front: 'player',
  sub_back: 'player',
  friendly_bullet: 'player_projectile',
  enemy_bullet: 'enemy_projectile',
  enemy_fish: 'enemy',
  enemy_sub: 'enemy',
  oxygen_gauge: 'gauge',
  diver_gauge: 'gauge',
  diver: 'friendly',
  // Space Invaders
  cannon: 'player',
  alien: 'enemy',
  alien_left: 'motion',
  alien_right: 'motion',
});

/** The channel names of the `semantic` layout, `"<group>.<slot>"` in channel order (15). */
export const MINATAR_SEMANTIC_CHANNELS: readonly string[] = Object.freeze(
  SEMANTIC_GROUPS.flatMap(({ group, slots }) =>
    Array.from({ length: slots }, (_, k) => `${group}.${k}`),
  ),
);

/**
 * Where each of a game's channels goes in the `semantic` layout: `target[c]`
 * is the semantic channel index of game channel `c`.
 * @param channels - the game's channel names, in its order.
 * @returns `Int32Array [channels.length]` of indices into {@link MINATAR_SEMANTIC_CHANNELS}.
 * @throws {RangeError} for a channel name without a group in {@link MINATAR_CHANNEL_GROUPS},
 *   or more channels in a group than it has slots.
 */
export function semanticTargets(channels: readonly string[]): Int32Array {
  const used = new Map<SemanticGroup, number>();
  const target = new Int32Array(channels.length);
  channels.forEach((name, c) => {
    const group = Object.hasOwn(MINATAR_CHANNEL_GROUPS, name)
      ? MINATAR_CHANNEL_GROUPS[name]
      : undefined;
    if (group === undefined) {
      throw new RangeError(
        `MinAtar channel "${name}" has no group of the semantic layout; known channels: ${Object.keys(MINATAR_CHANNEL_GROUPS).join(', ')}`,
      );
    }
    const slot = used.get(group) ?? 0;
    const spec = SEMANTIC_GROUPS.find((g) => g.group === group) as (typeof SEMANTIC_GROUPS)[number];
    if (slot >= spec.slots) {
      throw new RangeError(
        `MinAtar channel "${name}" is channel ${slot + 1} of group "${group}", which has ${spec.slots} slot(s)`,
      );
    }
    used.set(group, slot + 1);
    target[c] = MINATAR_SEMANTIC_CHANNELS.indexOf(`${group}.${slot}`);
  });
  return target;
}
