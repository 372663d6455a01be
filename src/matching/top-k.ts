/**
 * Bounded heap keeping the k best (score desc, id asc) rows seen so far. The root is the worst
 * kept entry, so admission is one comparison against it.
 */
export class TopK {
  private readonly rows: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(
    readonly k: number,
    private readonly ids: readonly string[],
  ) {
    this.rows = new Int32Array(k);
    this.scores = new Float64Array(k);
  }

  get full(): boolean {
    return this.size >= this.k;
  }

  /** Score of the worst kept entry; -Infinity while not full (anything is admitted). */
  get threshold(): number {
    return this.full ? (this.scores[0] ?? -Infinity) : -Infinity;
  }

  /** Whether (score, row) would be kept; ties on score go to the smaller id. */
  admits(score: number, row: number): boolean {
    if (this.k === 0) return false;
    if (!this.full) return true;
    const worst = this.scores[0] ?? -Infinity;
    return score > worst || (score === worst && (this.ids[row] ?? "") < (this.ids[this.rows[0] ?? 0] ?? ""));
  }

  /** Adds an admitted entry (check admits() first), evicting the worst when full. */
  push(score: number, row: number): void {
    if (this.full) {
      this.rows[0] = row;
      this.scores[0] = score;
      this.siftDown(0);
    } else {
      this.rows[this.size] = row;
      this.scores[this.size] = score;
      this.siftUp(this.size++);
    }
  }

  /** Kept entries, best first. */
  sorted(): { row: number; score: number }[] {
    const entries: { row: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) entries.push({ row: this.rows[i] ?? 0, score: this.scores[i] ?? 0 });
    return entries.sort((a, b) => b.score - a.score || compareIds(this.ids[a.row] ?? "", this.ids[b.row] ?? ""));
  }

  /** Entry i is worse (should be nearer the root) than entry j. */
  private worse(i: number, j: number): boolean {
    const si = this.scores[i] ?? 0;
    const sj = this.scores[j] ?? 0;
    if (si !== sj) return si < sj;
    return (this.ids[this.rows[i] ?? 0] ?? "") > (this.ids[this.rows[j] ?? 0] ?? "");
  }

  private swap(i: number, j: number): void {
    const row = this.rows[i] ?? 0;
    const score = this.scores[i] ?? 0;
    this.rows[i] = this.rows[j] ?? 0;
    this.scores[i] = this.scores[j] ?? 0;
    this.rows[j] = row;
    this.scores[j] = score;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) return;
      const right = left + 1;
      const child = right < this.size && this.worse(right, left) ? right : left;
      if (!this.worse(child, i)) return;
      this.swap(i, child);
      i = child;
    }
  }
}

/** Plain code-unit order, the same everywhere (not locale-dependent). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
