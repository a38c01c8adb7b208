/** A binary min-heap under a `less` order (the active queue: higher priority first, then oldest). */
export interface Heap<T> {
  push(v: T): void;
  pop(): T | undefined;
  size(): number;
}

export function createHeap<T>(less: (a: T, b: T) => boolean): Heap<T> {
  const a: T[] = [];
  const swap = (i: number, j: number) => { const t = a[i]!; a[i] = a[j]!; a[j] = t; };
  return {
    push(v) {
      a.push(v);
      for (let i = a.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!less(a[i]!, a[parent]!)) break;
        swap(i, parent);
        i = parent;
      }
    },
    pop() {
      if (!a.length) return undefined;
      const top = a[0];
      const last = a.pop()!;
      if (a.length) {
        a[0] = last;
        for (let i = 0; ;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < a.length && less(a[l]!, a[m]!)) m = l;
          if (r < a.length && less(a[r]!, a[m]!)) m = r;
          if (m === i) break;
          swap(i, m);
          i = m;
        }
      }
      return top;
    },
    size: () => a.length,
  };
}
