/**
 * An array-backed binary heap ordered by `before(a, b)` (true when `a` must pop before `b`).
 * Used as a min-heap of tickets and, with the order reversed, as the bounded max-heap that keeps
 * the k smallest first tickets of a large manifest in O(N log k).
 */
export class BinaryHeap<T> {
  readonly #items: T[] = [];
  readonly #before: (a: T, b: T) => boolean;

  constructor(before: (a: T, b: T) => boolean) {
    this.#before = before;
  }

  /** Number of items held. */
  get size(): number {
    return this.#items.length;
  }

  /** The item that pops next, if any. */
  peek(): T | undefined {
    return this.#items[0];
  }

  /** Adds an item. */
  push(item: T): void {
    const items = this.#items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as T;
      if (!this.#before(item, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  /** Removes and returns the first item. */
  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) this.#siftDown(last);
    return top;
  }

  /** Replaces the first item (cheaper than pop + push). */
  replaceTop(item: T): void {
    if (this.#items.length === 0) this.#items.push(item);
    else this.#siftDown(item);
  }

  /** Removes and returns all items, in no particular order. */
  drain(): T[] {
    return this.#items.splice(0);
  }

  #siftDown(item: T): void {
    const items = this.#items;
    const n = items.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.#before(items[right] as T, items[left] as T)) child = right;
      const c = items[child] as T;
      if (!this.#before(c, item)) break;
      items[i] = c;
      i = child;
    }
    items[i] = item;
  }
}
