/** A segmentation of a normalized byte string: piece k is `ids[k]` over `[begins[k], begins[k + 1])`. */
export class Segmentation {
  ids = new Int32Array(64);
  begins = new Int32Array(65);
  count = 0;

  /** Drops arrays grown past 2^20 entries (a reused buffer must not pin one huge input). */
  release(): void {
    if (this.ids.length > 1 << 20) {
      this.ids = new Int32Array(64);
      this.begins = new Int32Array(65);
    }
  }

  reset(capacity: number): void {
    if (this.ids.length < capacity || (this.ids.length > 1 << 18 && this.ids.length > capacity * 8)) {
      this.ids = new Int32Array(capacity);
      this.begins = new Int32Array(capacity + 1);
    }
    this.count = 0;
  }

  push(id: number, begin: number): void {
    if (this.count >= this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
      const begins = new Int32Array(ids.length + 1);
      begins.set(this.begins);
      this.begins = begins;
    }
    this.ids[this.count] = id;
    this.begins[this.count] = begin;
    this.count++;
  }

  /** Closes the last piece at `end`. */
  finish(end: number): void {
    this.begins[this.count] = end;
  }
}

/** The segmentation algorithm of one `TrainerSpec.model_type`. */
export interface SegmentationModel {
  /** Segments norm[0..n) (already normalized) into `out`. */
  encode(norm: Uint8Array, n: number, out: Segmentation): void;
  /** Drops reusable work arrays grown for a huge input. */
  release?(): void;
}
