/**
 * A typed key into {@link CycleState}. Each plugin declares its own keys, so plugins
 * added later cannot collide with or depend on another plugin's data.
 */
export interface StateKey<T> {
  readonly name: string;
  /** Carries T for the type checker only; never set. */
  readonly _type?: T;
}

/** Declares a key for data a plugin computes once per scheduling cycle. */
export function stateKey<T>(name: string): StateKey<T> {
  return Object.freeze({ name });
}

/**
 * Data shared between the extension points of one scheduling cycle (one pod): what a
 * plugin's PreFilter or PreScore computes once is read by its Filter or Score on every node.
 */
export class CycleState {
  private readonly data = new Map<StateKey<unknown>, unknown>();

  write<T>(key: StateKey<T>, value: T): void {
    this.data.set(key, value);
  }

  read<T>(key: StateKey<T>): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  /**
   * A copy for a what-if evaluation (preemption, nominated pods). Values are shared:
   * plugins replace what they change (see PreFilterExtensions), never change it in place.
   */
  clone(): CycleState {
    const copy = new CycleState();
    for (const [k, v] of this.data) copy.data.set(k, v);
    return copy;
  }
}
