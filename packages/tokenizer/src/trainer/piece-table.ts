/**
 * The seed pieces as symbol sequences. Piece ids are fixed for the whole training; EM and pruning
 * only change which ids are alive and their scores. Each piece records one place it occurs (a word
 * and an offset), from which pruning reads the piece's own segmentation lattice.
 */
export class PieceTable {
  readonly capacity: number;
  /** Number of pieces added. */
  size = 0;
  private flat: Int32Array;
  private used = 0;
  readonly offsets: Int32Array;
  readonly lengths: Uint16Array;
  /** Log probability of each piece (float32, as sentencepiece keeps them). */
  readonly score: Float32Array;
  /** A word the piece occurs in (-1 for single characters) and where in it. */
  readonly occWord: Int32Array;
  readonly occBegin: Int32Array;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.flat = new Int32Array(Math.max(16, capacity * 4));
    this.offsets = new Int32Array(capacity + 1);
    this.lengths = new Uint16Array(capacity);
    this.score = new Float32Array(capacity);
    this.occWord = new Int32Array(capacity).fill(-1);
    this.occBegin = new Int32Array(capacity);
  }

  /** Adds `symbols[start, start + len)` as the next piece and returns its id. */
  add(symbols: ArrayLike<number>, start: number, len: number, word = -1, begin = 0): number {
    const id = this.size;
    if (id >= this.capacity) throw new RangeError(`PieceTable is full (${this.capacity} pieces)`);
    if (this.used + len > this.flat.length) {
      const bigger = new Int32Array(Math.max(this.flat.length * 2, this.used + len));
      bigger.set(this.flat);
      this.flat = bigger;
    }
    for (let i = 0; i < len; i++) this.flat[this.used + i] = symbols[start + i];
    this.offsets[id] = this.used;
    this.lengths[id] = len;
    this.used += len;
    this.offsets[id + 1] = this.used;
    this.occWord[id] = word;
    this.occBegin[id] = begin;
    this.size++;
    return id;
  }

  /** The symbols of piece `id` (a view; do not keep it across `add`). */
  symbols(id: number): Int32Array {
    return this.flat.subarray(this.offsets[id], this.offsets[id] + this.lengths[id]);
  }
}
