/** Detections read straight into columns, row n = element n of the results array. */
export interface DetectionColumns {
  /** Number of detections. */
  readonly count: number;
  /** `image_id` per detection. */
  readonly imageId: Float64Array;
  /** `category_id` per detection. */
  readonly categoryId: Float64Array;
  /** `bbox` of detection n at `[4n, 4n + 4)`. */
  readonly boxes: Float64Array;
  /** `score` per detection. */
  readonly score: Float64Array;
}

/** Thrown inside the reader when the text is not the plain shape it handles. */
class NotPlain extends Error {}

/** Exact powers of ten as doubles (10^0 .. 10^22 are exactly representable). */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

const FIELD_NAMES = ["image_id", "category_id", "bbox", "score"] as const;
const IMAGE_ID = 0;
const CATEGORY_ID = 1;
const BBOX = 2;
const SCORE = 3;
const ALL_FIELDS = 0b1111;
/** Each field name with its closing quote, as character codes. */
const FIELD_KEY_CODES = FIELD_NAMES.map((name) => Array.from(`${name}"`, (char) => char.charCodeAt(0)));
/** The field whose name starts with a character (the four first letters differ). */
const FIELD_BY_FIRST_CODE = new Map(FIELD_NAMES.map((name, field) => [name.charCodeAt(0), field]));

/**
 * A single-pass reader for COCO results text that writes the four fields evaluation needs into
 * typed arrays without building a JavaScript object per detection. It accepts only valid JSON
 * whose top level is an array of objects with numeric `image_id`, `category_id` and `score` and a
 * `bbox` of exactly 4 numbers (other fields are checked for JSON syntax and skipped); on anything
 * else it gives up, and the caller falls back to `JSON.parse` plus schema validation, which
 * reports the problem. Numbers are converted exactly as `JSON.parse` converts them.
 */
class ResultsReader {
  private pos = 0;
  private count = 0;
  private imageId: Float64Array;
  private categoryId: Float64Array;
  private boxes: Float64Array;
  private score: Float64Array;

  constructor(private readonly text: string) {
    const guess = Math.max(16, Math.ceil(text.length / 64));
    this.imageId = new Float64Array(guess);
    this.categoryId = new Float64Array(guess);
    this.boxes = new Float64Array(4 * guess);
    this.score = new Float64Array(guess);
  }

  read(): DetectionColumns {
    this.skipSpace();
    this.expect(0x5b);
    this.skipSpace();
    if (this.peek() === 0x5d) {
      this.pos++;
    } else {
      for (;;) {
        this.readDetection();
        this.skipSpace();
        const c = this.next();
        if (c === 0x5d) break;
        if (c !== 0x2c) throw new NotPlain();
        this.skipSpace();
      }
    }
    this.skipSpace();
    if (this.pos !== this.text.length) throw new NotPlain();
    const n = this.count;
    return {
      count: n,
      imageId: this.imageId.slice(0, n),
      categoryId: this.categoryId.slice(0, n),
      boxes: this.boxes.slice(0, 4 * n),
      score: this.score.slice(0, n),
    };
  }

  private readDetection(): void {
    const n = this.count;
    if (n === this.score.length) this.grow();
    this.expect(0x7b);
    this.skipSpace();
    let seen = 0;
    if (this.peek() === 0x7d) throw new NotPlain();
    for (;;) {
      const field = this.readKey();
      this.skipSpace();
      this.expect(0x3a);
      this.skipSpace();
      if (field === IMAGE_ID) this.imageId[n] = this.readNumber();
      else if (field === CATEGORY_ID) this.categoryId[n] = this.readNumber();
      else if (field === SCORE) this.score[n] = this.readNumber();
      else if (field === BBOX) this.readBox(4 * n);
      else this.skipValue(0);
      if (field >= 0) seen |= 1 << field;
      this.skipSpace();
      const c = this.next();
      if (c === 0x7d) break;
      if (c !== 0x2c) throw new NotPlain();
      this.skipSpace();
    }
    if (seen !== ALL_FIELDS) throw new NotPlain();
    this.count = n + 1;
  }

  private grow(): void {
    const size = 2 * this.score.length;
    const larger = (old: Float64Array, factor: number) => {
      const array = new Float64Array(factor * size);
      array.set(old);
      return array;
    };
    this.imageId = larger(this.imageId, 1);
    this.categoryId = larger(this.categoryId, 1);
    this.boxes = larger(this.boxes, 4);
    this.score = larger(this.score, 1);
  }

  /** Reads a key; returns the index of one of the four fields, or −1 for any other key. */
  private readKey(): number {
    this.expect(0x22);
    const start = this.pos;
    const field = FIELD_BY_FIRST_CODE.get(this.text.charCodeAt(start)) ?? -1;
    if (field >= 0 && this.followsAt(start, FIELD_KEY_CODES[field] as readonly number[])) {
      this.pos = start + (FIELD_KEY_CODES[field] as readonly number[]).length;
      return field;
    }
    // Any other key; a field name written with escapes is left to JSON.parse.
    if (this.skipStringBody()) throw new NotPlain();
    return -1;
  }

  /** Whether the text at `at` continues with the character codes `codes`. */
  private followsAt(at: number, codes: readonly number[]): boolean {
    for (let i = 0; i < codes.length; i++) {
      if (this.text.charCodeAt(at + i) !== codes[i]) return false;
    }
    return true;
  }

  private readBox(at: number): void {
    this.expect(0x5b);
    for (let i = 0; i < 4; i++) {
      this.skipSpace();
      this.boxes[at + i] = this.readNumber();
      this.skipSpace();
      if (this.next() !== (i === 3 ? 0x5d : 0x2c)) throw new NotPlain();
    }
  }

  /** Reads a JSON number; exact via Clinger's fast path, else via `Number` of its text. */
  private readNumber(): number {
    const text = this.text;
    const start = this.pos;
    let c = this.peek();
    const negative = c === 0x2d;
    if (negative) c = text.charCodeAt(++this.pos);
    let mantissa = 0;
    let digits = 0;
    let exponent = 0;
    if (c === 0x30) {
      c = text.charCodeAt(++this.pos);
    } else if (c >= 0x31 && c <= 0x39) {
      while (c >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        digits++;
        c = text.charCodeAt(++this.pos);
      }
    } else {
      throw new NotPlain();
    }
    if (c === 0x2e) {
      c = text.charCodeAt(++this.pos);
      if (!(c >= 0x30 && c <= 0x39)) throw new NotPlain();
      while (c >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        digits++;
        exponent--;
        c = text.charCodeAt(++this.pos);
      }
    }
    if (c === 0x65 || c === 0x45) {
      c = text.charCodeAt(++this.pos);
      let sign = 1;
      if (c === 0x2b || c === 0x2d) {
        sign = c === 0x2d ? -1 : 1;
        c = text.charCodeAt(++this.pos);
      }
      if (!(c >= 0x30 && c <= 0x39)) throw new NotPlain();
      let written = 0;
      while (c >= 0x30 && c <= 0x39) {
        written = Math.min(written * 10 + (c - 0x30), 1e6);
        c = text.charCodeAt(++this.pos);
      }
      exponent += sign * written;
    }
    let value: number;
    if (digits <= 15 && exponent >= -22 && exponent <= 22) {
      const magnitude =
        exponent < 0
          ? mantissa / (POWERS_OF_TEN[-exponent] as number)
          : mantissa * (POWERS_OF_TEN[exponent] as number);
      value = negative ? -magnitude : magnitude;
    } else {
      value = Number(text.slice(start, this.pos));
    }
    if (!Number.isFinite(value)) throw new NotPlain();
    return value;
  }

  /** Skips any JSON value, checking its syntax. */
  private skipValue(depth: number): void {
    if (depth > 64) throw new NotPlain();
    const c = this.peek();
    if (c === 0x22) {
      this.pos++;
      this.skipStringBody();
    } else if (c === 0x7b || c === 0x5b) {
      this.skipContainer(c === 0x7b, depth);
    } else if (c === 0x74) {
      this.literal("true");
    } else if (c === 0x66) {
      this.literal("false");
    } else if (c === 0x6e) {
      this.literal("null");
    } else {
      this.readNumber();
    }
  }

  private skipContainer(isObject: boolean, depth: number): void {
    this.pos++;
    const close = isObject ? 0x7d : 0x5d;
    this.skipSpace();
    if (this.peek() === close) {
      this.pos++;
      return;
    }
    for (;;) {
      if (isObject) {
        this.expect(0x22);
        this.skipStringBody();
        this.skipSpace();
        this.expect(0x3a);
        this.skipSpace();
      }
      this.skipValue(depth + 1);
      this.skipSpace();
      const c = this.next();
      if (c === close) return;
      if (c !== 0x2c) throw new NotPlain();
      this.skipSpace();
    }
  }

  /**
   * Skips a string after its opening quote, checking its escapes and rejecting control
   * characters; returns whether it contained an escape.
   */
  private skipStringBody(): boolean {
    const text = this.text;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(this.pos++);
      if (c === 0x22) return escaped;
      if (c < 0x20 || Number.isNaN(c)) throw new NotPlain();
      if (c === 0x5c) {
        escaped = true;
        const e = text.charCodeAt(this.pos++);
        if (e === 0x75) {
          for (let i = 0; i < 4; i++) {
            const h = text.charCodeAt(this.pos++);
            const hex = (h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66);
            if (!hex) throw new NotPlain();
          }
        } else if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) {
          throw new NotPlain();
        }
      }
    }
  }

  private literal(word: string): void {
    if (!this.text.startsWith(word, this.pos)) throw new NotPlain();
    this.pos += word.length;
  }

  private skipSpace(): void {
    const text = this.text;
    let c = text.charCodeAt(this.pos);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++this.pos);
  }

  private peek(): number {
    return this.text.charCodeAt(this.pos);
  }

  private next(): number {
    return this.text.charCodeAt(this.pos++);
  }

  private expect(code: number): void {
    if (this.text.charCodeAt(this.pos++) !== code) throw new NotPlain();
  }
}

/**
 * Reads a COCO results text into columns when it is a plain, valid results array (see
 * {@link ResultsReader}); returns `undefined` otherwise, so that the caller parses and validates
 * it the general way and reports what is wrong.
 *
 * @param text - the results file's text.
 */
export function readResultsColumns(text: string): DetectionColumns | undefined {
  try {
    return new ResultsReader(text).read();
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}
