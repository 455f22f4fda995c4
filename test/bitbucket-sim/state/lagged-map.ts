/**
 * A map whose writes become visible only after a lag, to emulate eventual consistency
 * (switch `readAfterWriteLagMs`). With a lag of 0 it behaves like a plain Map.
 * Only the latest pending write is kept per key: a read before it lands sees the value that
 * was visible when the write was made, which is what a lagging replica would show.
 */
interface Cell<V> {
  previous: V | undefined;
  current: V | undefined;
  visibleAtMs: number;
}

export class LaggedMap<K, V> {
  private readonly cells = new Map<K, Cell<V>>();

  /** Sets `key` to `value` (or removes it when `value` is undefined), visible from `nowMs + lagMs`. */
  set(key: K, value: V | undefined, nowMs: number, lagMs: number): void {
    const previous = this.get(key, nowMs);
    if (value === undefined && previous === undefined && lagMs <= 0) {
      this.cells.delete(key);
      return;
    }
    this.cells.set(key, { previous, current: value, visibleAtMs: nowMs + lagMs });
  }

  /** The value a reader sees at `nowMs`. */
  get(key: K, nowMs: number): V | undefined {
    const cell = this.cells.get(key);
    if (cell === undefined) return undefined;
    return nowMs >= cell.visibleAtMs ? cell.current : cell.previous;
  }

  /** Every visible entry at `nowMs`, in first-insertion order. */
  *entries(nowMs: number): IterableIterator<[K, V]> {
    for (const [key, cell] of this.cells) {
      const value = nowMs >= cell.visibleAtMs ? cell.current : cell.previous;
      if (value !== undefined) yield [key, value];
    }
  }

  /** Number of keys with any recorded value, visible or pending; a cheap "is anything granted" hint. */
  get rawSize(): number {
    return this.cells.size;
  }

  /** True when some write has not landed yet; list caches must not be trusted then. */
  hasPending(nowMs: number): boolean {
    for (const cell of this.cells.values()) if (nowMs < cell.visibleAtMs) return true;
    return false;
  }

  clear(): void {
    this.cells.clear();
  }
}
