/**
 * A set of taken offsets in `[0, size)` (kube-apiserver's allocator bitmap): the core of the
 * ClusterIP and NodePort allocators. Pure and synchronous, so an allocation cannot interleave with
 * another one in the process. `takeNext` scans from just after the last offset it handed out
 * (next-fit), so a released value is not handed out again straight away.
 */
export class OffsetBitmap {
  private readonly words: Uint32Array;
  private used = 0;
  private cursor = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 0) throw new Error(`bitmap size must be a non-negative integer, got ${size}`);
    this.words = new Uint32Array(Math.ceil(size / 32));
  }

  has(i: number): boolean {
    return i >= 0 && i < this.size && (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  /** Marks `i` taken; false when it is outside the bitmap or already taken. */
  take(i: number): boolean {
    if (!Number.isInteger(i) || i < 0 || i >= this.size || this.has(i)) return false;
    this.words[i >>> 5]! |= 1 << (i & 31);
    this.used++;
    return true;
  }

  release(i: number): void {
    if (!this.has(i)) return;
    this.words[i >>> 5]! &= ~(1 << (i & 31));
    this.used--;
  }

  /** Takes the next free offset that `allowed` accepts; undefined when none is left. */
  takeNext(allowed: (i: number) => boolean = () => true): number | undefined {
    for (let n = 0; n < this.size; n++) {
      const i = (this.cursor + n) % this.size;
      if (this.has(i) || !allowed(i)) continue;
      this.take(i);
      this.cursor = (i + 1) % this.size;
      return i;
    }
    return undefined;
  }

  get free(): number { return this.size - this.used; }
}
