/**
 * Every random value the emulator makes (tokens, codes, transaction ids, event ids) comes from
 * this seeded generator, so a run is reproducible from its seed. Not cryptographically secure:
 * the emulator guards nothing real.
 */

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

/** sfc32, a small fast PRNG with a 128-bit state, seeded from one integer. */
export class SeededRandom {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    this.#a = 0x9e3779b9;
    this.#b = 0x243f6a88;
    this.#c = 0xb7e15162;
    this.#d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** The generator's internal state, to persist it and continue the sequence after a restart. */
  exportState(): [number, number, number, number] {
    return [this.#a >>> 0, this.#b >>> 0, this.#c >>> 0, this.#d >>> 0];
  }

  /** Continues from a state taken with {@link exportState}. */
  importState(state: readonly number[]): void {
    if (state.length !== 4 || !state.every((n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff)) {
      throw new RangeError("a SeededRandom state is four unsigned 32-bit integers");
    }
    [this.#a, this.#b, this.#c, this.#d] = state;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) >>> 0;
    return t;
  }

  /** Uniform float in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4_294_967_296;
  }

  /** Uniform integer in [0, bound). */
  nextInt(bound: number): number {
    return Math.floor(this.nextFloat() * bound);
  }

  /** A string of `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string = ALPHANUMERIC): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[this.nextInt(alphabet.length)];
    return out;
  }

  /** Lower-case hex string of `length` digits. */
  hex(length: number): string {
    return this.string(length, HEX);
  }

  /** A version-4-shaped UUID. */
  uuid(): string {
    const h = this.hex(32);
    const variant = HEX[8 + this.nextInt(4)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${
      h.slice(20, 32)
    }`;
  }
}
