/**
 * The asynchronous binary tournament of PathNet-A3C (Fernando et al. 2017,
 * Sec. 2.2): every worker holds one pathway; once it has played T episodes
 * with it, its fitness (their mean return) is compared with the latest
 * fitness of B other workers drawn at random, and if one of them has "a
 * fitness of at least its own", the worker takes a mutated copy of that
 * one's genotype. The selection and mutation operators are looked up by name
 * in `@pathnet/evolution`'s registry, so a registered plugin replaces the
 * built-in ones.
 *
 * The population lives in a {@link PathwayTable}: plain typed arrays, which a
 * `SharedArrayBuffer` lets every thread read and write (hogwild, like the
 * parameters: a tournament may read a genotype while another thread writes it;
 * every gene is always a valid module index).
 *
 * @packageDocumentation
 */
import type { Pathway } from '@pathnet/core';
import {
  createOperator,
  type Genotype,
  type MutationOperator,
  type Rng,
  type SelectionOperator,
} from '@pathnet/evolution';
import type { A3CArgs } from './args.js';
import { InvalidA3CArgsError } from './errors.js';

/** L, M, N of the grid the pathways live in. */
export interface PathwayShape {
  /** L, layers. */
  readonly layers: number;
  /** M, modules per layer. */
  readonly modules: number;
  /** N, genes per layer. */
  readonly active: number;
}

/**
 * The population's genotypes and latest fitnesses, in one buffer:
 * `Float64Array [P]` fitness (NaN: none since the genotype last changed), then
 * `Int32Array [P · L · N]` genes.
 */
export class PathwayTable {
  /** The buffer; pass it to other threads to share the population. */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  readonly #fitness: Float64Array;
  readonly #genes: Int32Array;
  readonly #stride: number;
  /**
   * @param size - P, workers.
   * @param buffer - an existing table's buffer to view; omitted: a new one (shared when `shared`).
   */
  constructor(
    readonly size: number,
    readonly shape: PathwayShape,
    options: { buffer?: ArrayBuffer | SharedArrayBuffer; shared?: boolean } = {},
  ) {
    this.#stride = shape.layers * shape.active;
    const bytes = 8 * size + 4 * size * this.#stride;
    this.buffer =
      options.buffer ?? (options.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    if (this.buffer.byteLength !== bytes) {
      throw new InvalidA3CArgsError(
        'pathway table buffer',
        this.buffer.byteLength,
        `${bytes} bytes`,
      );
    }
    this.#fitness = new Float64Array(this.buffer, 0, size);
    this.#genes = new Int32Array(this.buffer, 8 * size, size * this.#stride);
    if (options.buffer === undefined) this.#fitness.fill(Number.NaN);
  }
  /** Worker `i`'s genotype, a fresh `[L][N]` array. */
  genotype(i: number): number[][] {
    const { layers, active } = this.shape;
    const o = i * this.#stride;
    return Array.from({ length: layers }, (_, l) =>
      Array.from(this.#genes.subarray(o + l * active, o + (l + 1) * active)),
    );
  }
  /** Writes worker `i`'s genotype (`[L][N]`). */
  setGenotype(i: number, g: Genotype): void {
    const { active } = this.shape;
    g.forEach((row, l) => {
      this.#genes.set(row, i * this.#stride + l * active);
    });
  }
  /** Worker `i`'s latest fitness, or `null` if it has none since its genotype last changed. */
  fitness(i: number): number | null {
    const f = this.#fitness[i] as number;
    return Number.isNaN(f) ? null : f;
  }
  /** Sets worker `i`'s fitness (`null`: none). */
  setFitness(i: number, f: number | null): void {
    this.#fitness[i] = f ?? Number.NaN;
  }
}

/** What one tournament did. */
export interface TournamentResult {
  /** The reporting worker. */
  readonly worker: number;
  /** Its fitness: the mean return of its last T episodes. */
  readonly fitness: number;
  /** The B others it was compared with. */
  readonly others: readonly number[];
  /** The worker whose genotype it copied, or `null` if it kept its own. */
  readonly copiedFrom: number | null;
  /** Its pathway from now on. */
  readonly pathway: Pathway;
}

/** Runs tournaments on a {@link PathwayTable} with the registry's operators. */
export class AsyncPathwayTournament {
  readonly #selection: SelectionOperator;
  readonly #mutation: MutationOperator;
  /**
   * @throws {InvalidA3CArgsError} if an operator name is not a selection / mutation operator.
   * @throws {UnknownIdError} (from `@pathnet/evolution`) for an unregistered operator name.
   */
  constructor(
    readonly table: PathwayTable,
    args: Pick<
      A3CArgs,
      'selectionOperator' | 'mutationOperator' | 'tournamentSize' | 'mutationProbability'
    >,
  ) {
    const selection = createOperator(args.selectionOperator, {
      others: args.tournamentSize,
      ties: 'copy',
    });
    if (selection.kind !== 'selection') {
      throw new InvalidA3CArgsError(
        'selectionOperator',
        args.selectionOperator,
        'the name of a selection operator',
      );
    }
    const mutation = createOperator(args.mutationOperator, {
      modules: table.shape.modules,
      ...(args.mutationProbability === null ? {} : { probability: args.mutationProbability }),
    });
    if (mutation.kind !== 'mutation') {
      throw new InvalidA3CArgsError(
        'mutationOperator',
        args.mutationOperator,
        'the name of a mutation operator',
      );
    }
    this.#selection = selection;
    this.#mutation = mutation;
  }

  /**
   * Worker `worker` reports the returns of its last T episodes: its fitness (their
   * mean) is recorded, B others are drawn with `rng`, and if the selection operator
   * names a winner, the worker's genotype becomes a mutated copy of the winner's and
   * its fitness is cleared.
   */
  report(worker: number, returns: readonly number[], rng: Rng): TournamentResult {
    const fitness = returns.reduce((a, b) => a + b, 0) / returns.length;
    this.table.setFitness(worker, fitness);
    const members = this.#selection.pick(rng, this.table.size, worker);
    const others = members.slice(1);
    const outcome = this.#selection.decide(
      members,
      members.map((m) => this.table.fitness(m)),
    );
    if (outcome === null || outcome.loser !== worker) {
      return { worker, fitness, others, copiedFrom: null, pathway: this.table.genotype(worker) };
    }
    const child = this.#mutation.apply(rng, this.table.genotype(outcome.winner));
    this.table.setGenotype(worker, child);
    this.table.setFitness(worker, null);
    return {
      worker,
      fitness,
      others,
      copiedFrom: outcome.winner,
      pathway: this.table.genotype(worker),
    };
  }
}
