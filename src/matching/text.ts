import { forEachContentToken } from "./nlp.js";

/**
 * Smoothed inverse document frequency over `documents` profiles. Never zero, so a term or topic
 * shared by everyone still counts a little (plain ln(N/df) would make a community-wide favourite
 * like "interviewing" worth nothing), and defined for unseen terms (df = 0).
 */
export function smoothIdf(documents: number, documentFrequency: number): number {
  return 1 + Math.log((1 + documents) / (1 + documentFrequency));
}

/** Sub-linear term frequency: saying "interview" five times is not five times the interest. */
export function tfWeight(count: number): number {
  return 1 + Math.log(count);
}

/** Growable Int32Array: profile data for 100k+ profiles stays in flat typed arrays. */
export class IntBuffer {
  private data: Int32Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Int32Array(Math.max(16, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** String interning with document frequencies and a display form per id. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly displayForms: string[] = [];
  private frequencies = new Int32Array(256);

  get size(): number {
    return this.displayForms.length;
  }

  /** Id of `key`, created on first sight with `display` as what people will see. */
  intern(key: string, display: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.displayForms.length;
      this.ids.set(key, id);
      this.keys.push(key);
      this.displayForms.push(display);
      if (id >= this.frequencies.length) {
        const grown = new Int32Array(this.frequencies.length * 2);
        grown.set(this.frequencies);
        this.frequencies = grown;
      }
    }
    return id;
  }

  get(key: string): number | undefined {
    return this.ids.get(key);
  }

  display(id: number): string {
    return this.displayForms[id] ?? "";
  }

  key(id: number): string {
    return this.keys[id] ?? "";
  }

  /** Number of profiles counted with this id (document frequency). */
  frequency(id: number): number {
    return this.frequencies[id] ?? 0;
  }

  countDocument(id: number): void {
    this.frequencies[id] = (this.frequencies[id] ?? 0) + 1;
  }

  /** Smoothed IDF of every id over `documents` profiles. */
  idfTable(documents: number): Float64Array {
    const idf = new Float64Array(this.size);
    for (let id = 0; id < idf.length; id++) idf[id] = smoothIdf(documents, this.frequencies[id] ?? 0);
    return idf;
  }
}

/**
 * Counts the terms of one text at a time into reusable buffers (dense counts by term id plus the
 * list of ids seen), so digesting 100k+ profiles allocates almost nothing per profile.
 */
export class TermCounter {
  private counts = new Int32Array(1024);
  private seen: number[] = [];

  /**
   * Term ids of `text`, sorted, with their counts, passed to `emit`. `idOf` interns or looks up a
   * stem (and gets the word as written, so that evidence can be shown readably).
   */
  count(text: string, idOf: (stem: string, surface: string) => number, emit: (id: number, count: number) => void): void {
    forEachContentToken(text, (stem, surface) => {
      const id = idOf(stem, surface);
      if (id >= this.counts.length) {
        const grown = new Int32Array(Math.max(id + 1, this.counts.length * 2));
        grown.set(this.counts);
        this.counts = grown;
      }
      if (this.counts[id] === 0) this.seen.push(id);
      this.counts[id] = (this.counts[id] ?? 0) + 1;
    });
    this.seen.sort((a, b) => a - b);
    for (const id of this.seen) {
      emit(id, this.counts[id] ?? 0);
      this.counts[id] = 0;
    }
    this.seen.length = 0;
  }
}

/**
 * L2-normalised TF-IDF weights of sorted term ids ids[from..to) with their counts, written to
 * out[from..to). Rounded to float32 once, here, so that every code path (index, full scan,
 * explanation) multiplies exactly the same numbers.
 */
export function writeTfidf(
  ids: Int32Array,
  counts: Int32Array,
  from: number,
  to: number,
  idfOf: (id: number) => number,
  out: Float32Array,
): void {
  let norm = 0;
  for (let i = from; i < to; i++) {
    const w = tfWeight(counts[i] ?? 1) * idfOf(ids[i] ?? 0);
    out[i] = w;
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  // Normalise from the float64 weights (recomputed: out[] already holds float32 roundings).
  for (let i = from; i < to; i++) out[i] = norm > 0 ? (tfWeight(counts[i] ?? 1) * idfOf(ids[i] ?? 0)) / norm : 0;
}

/**
 * Cosine of two normalised sparse vectors with sorted ids. Products are summed in increasing id
 * order, the same order as the dense-scatter dot product of the index, so both give identical
 * floats. Clamped to [0, 1] against float32 rounding.
 */
export function sparseCosine(aIds: Int32Array, aW: Float32Array, bIds: Int32Array, bW: Float32Array): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < aIds.length && j < bIds.length) {
    const a = aIds[i] ?? 0;
    const b = bIds[j] ?? 0;
    if (a === b) {
      dot += (aW[i] ?? 0) * (bW[j] ?? 0);
      i++;
      j++;
    } else if (a < b) {
      i++;
    } else {
      j++;
    }
  }
  return clampUnit(dot);
}

export function clampUnit(x: number): number {
  return x > 1 ? 1 : x > 0 ? x : 0;
}
