import {
  applyEvent,
  type DashboardEvent,
  type DashboardState,
  emptyState,
  type GridShape,
} from './model.js';

/** An event as the hub numbers it (the SSE `id`). */
export interface NumberedEvent {
  id: number;
  event: DashboardEvent;
  /** The event as JSON, made once for every page. */
  data: string;
}

/** A connected page: receives every event from the moment it subscribed. */
export type Subscriber = (numbered: NumberedEvent) => void;

/** How much a {@link DashboardHub} keeps. */
export interface HubOptions {
  /** Latest events kept for pages that reconnect (older ones: the page reloads the state). */
  bufferSize?: number;
}

/** Default {@link HubOptions.bufferSize}. */
export const DEFAULT_BUFFER_SIZE = 512;

/**
 * The state of one run and its latest events: what the server serves. The run pushes events
 * in ({@link DashboardHub.publish}, never throws, never waits on a page); pages subscribe.
 * Memory is bounded: a fixed ring of events and curves thinned past a cap.
 */
export class DashboardHub {
  readonly #state: DashboardState;
  readonly #ring: (NumberedEvent | undefined)[];
  #nextId = 1;
  readonly #subscribers = new Set<Subscriber>();

  /**
   * @param title - the page's title (e.g. the app's name and its results folder).
   * @param mode - `live` for a run in progress, `finished` for a results folder.
   * @throws {RangeError} if `bufferSize` is not an integer ≥ 1.
   */
  constructor(title: string, mode: DashboardState['mode'] = 'live', options: HubOptions = {}) {
    const size = options.bufferSize ?? DEFAULT_BUFFER_SIZE;
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`bufferSize must be an integer ≥ 1, got ${size}`);
    }
    this.#state = emptyState(title, mode);
    this.#ring = new Array(size).fill(undefined);
  }

  /** The current state (the hub's own object: read it, do not change it). */
  get state(): DashboardState {
    return this.#state;
  }

  /** Pages connected now. */
  get subscribers(): number {
    return this.#subscribers.size;
  }

  /** The id the next event will get. */
  get nextId(): number {
    return this.#nextId;
  }

  /** Sets the grid's shape, the plan (for ETA) and the results table's columns. */
  describe(setup: {
    grid?: GridShape;
    plan?: DashboardState['plan'];
    columns?: string[];
    pictures?: string[];
  }): void {
    if (setup.grid) this.#state.grid = { ...setup.grid };
    if (setup.plan !== undefined) this.#state.plan = setup.plan;
    if (setup.columns) this.#state.results.columns = [...setup.columns];
    if (setup.pictures) this.#state.pictures = [...setup.pictures];
  }

  /** Applies an event to the state and sends it to every page; a failing page is dropped. */
  publish(event: DashboardEvent): void {
    applyEvent(this.#state, event);
    const numbered = { id: this.#nextId++, event, data: JSON.stringify(event) };
    this.#ring[numbered.id % this.#ring.length] = numbered;
    for (const subscriber of this.#subscribers) {
      try {
        subscriber(numbered);
      } catch {
        this.#subscribers.delete(subscriber);
      }
    }
  }

  /**
   * The events after `lastId` if the ring still holds them all, else `undefined` (the page
   * must reload the state).
   */
  since(lastId: number): NumberedEvent[] | undefined {
    if (!Number.isInteger(lastId) || lastId < 0 || lastId >= this.#nextId) return undefined;
    const out: NumberedEvent[] = [];
    for (let id = lastId + 1; id < this.#nextId; id++) {
      const numbered = this.#ring[id % this.#ring.length];
      if (numbered?.id !== id) return undefined;
      out.push(numbered);
    }
    return out;
  }

  /** Adds a page; returns the function that removes it. */
  subscribe(subscriber: Subscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => {
      this.#subscribers.delete(subscriber);
    };
  }
}
