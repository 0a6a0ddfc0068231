// Four SHA-256 compressions at once, one per 32-bit lane of WebAssembly's 128-bit SIMD, for the
// sampler's ranking pass (one block per id after the seed block's midstate). The module is
// assembled here, at load time, from the FIPS 180-4 round definition: no binary is shipped, and
// runtimes without WebAssembly SIMD simply get `undefined` and use the scalar kernel.

const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/** Byte offsets in the module's memory. */
const MIDSTATE = 0; // 8 words, each repeated in the 4 lanes (8 × 16 bytes)
const BLOCK = 128; // 16 message words × 4 lanes: word j of lane l at BLOCK + 16 j + 4 l
const OUT = 384; // 8 digest words × 4 lanes, same layout

/** Four-lane compression over shared memory. */
export interface Sha256x4 {
  /** The module memory as 32-bit words (little-endian lanes). */
  readonly words: Int32Array;
  /** Word index of message word j, lane l: `block + 4 j + l`. */
  readonly block: number;
  /** Word index of digest word j, lane l: `out + 4 j + l`. */
  readonly out: number;
  /** Sets the starting state of all four lanes. */
  setMidstate(state: Int32Array): void;
  /** Compresses the four lanes' blocks from the midstate; digests land at `out`. */
  compress(): void;
  /** Makes each lane's digest at `out` its own starting state (for a message's next block). */
  chain(): void;
}

// --- A tiny WebAssembly assembler: just what the compression function needs. ---

function uleb(n: number, out: number[]): void {
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
}

function sleb(n: number, out: number[]): void {
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

function section(id: number, body: number[], out: number[]): void {
  out.push(id);
  uleb(body.length, out);
  out.push(...body);
}

/** The compression function's body (locals, then code). */
function compressBody(): number[] {
  const code: number[] = [];
  const simd = (op: number): void => {
    code.push(0xfd);
    uleb(op, code);
  };
  const get = (local: number): void => {
    code.push(0x20);
    uleb(local, code);
  };
  const set = (local: number): void => {
    code.push(0x21);
    uleb(local, code);
  };
  const i32 = (n: number): void => {
    code.push(0x41);
    sleb(n, code);
  };
  const load = (offset: number): void => {
    i32(0);
    simd(0x00);
    code.push(4);
    uleb(offset, code);
  };
  const store = (offset: number, local: number): void => {
    i32(0);
    get(local);
    simd(0x0b);
    code.push(4);
    uleb(offset, code);
  };
  const splat = (value: number): void => {
    simd(0x0c);
    for (let lane = 0; lane < 4; lane++) {
      for (let b = 0; b < 4; b++) code.push((value >>> (8 * b)) & 0xff);
    }
  };
  const and = (): void => {
    simd(0x4e);
  };
  const andnot = (): void => {
    simd(0x4f);
  };
  const or = (): void => {
    simd(0x50);
  };
  const xor = (): void => {
    simd(0x51);
  };
  const add = (): void => {
    simd(0xae);
  };
  const shl = (n: number): void => {
    i32(n);
    simd(0xab);
  };
  const shr = (n: number): void => {
    i32(n);
    simd(0xad);
  };
  const rotr = (local: number, n: number): void => {
    get(local);
    shr(n);
    get(local);
    shl(32 - n);
    or();
  };

  // Locals: 0-7 working variables a..h, 8-23 message schedule (16, rolling), 24-25 t1 and t2.
  const W = 8;
  const T1 = 24;
  const T2 = 25;
  for (let j = 0; j < 8; j++) {
    load(MIDSTATE + 16 * j);
    set(j);
  }
  for (let j = 0; j < 16; j++) {
    load(BLOCK + 16 * j);
    set(W + j);
  }
  for (let i = 0; i < 64; i++) {
    const w = W + (i % 16);
    if (i >= 16) {
      // w_i = w_{i−16} + σ0(w_{i−15}) + w_{i−7} + σ1(w_{i−2})
      const x = W + ((i - 15) % 16);
      const y = W + ((i - 2) % 16);
      get(w);
      rotr(x, 7);
      rotr(x, 18);
      xor();
      get(x);
      shr(3);
      xor();
      add();
      get(W + ((i - 7) % 16));
      add();
      rotr(y, 17);
      rotr(y, 19);
      xor();
      get(y);
      shr(10);
      xor();
      add();
      set(w);
    }
    // The working variables rotate by renaming: in round i, `a` is local (−i mod 8).
    const v = (k: number): number => (((k - i) % 8) + 8) % 8;
    const [a, b, c, d, e, f, g, h] = [v(0), v(1), v(2), v(3), v(4), v(5), v(6), v(7)];
    // t1 = h + Σ1(e) + Ch(e, f, g) + K_i + w_i
    get(h);
    rotr(e, 6);
    rotr(e, 11);
    xor();
    rotr(e, 25);
    xor();
    add();
    get(e);
    get(f);
    and();
    get(g);
    get(e);
    andnot();
    xor();
    add();
    splat(K[i] as number);
    add();
    get(w);
    add();
    set(T1);
    // t2 = Σ0(a) + Maj(a, b, c)
    rotr(a, 2);
    rotr(a, 13);
    xor();
    rotr(a, 22);
    xor();
    get(a);
    get(b);
    and();
    get(c);
    get(a);
    get(b);
    or();
    and();
    or();
    add();
    set(T2);
    get(d);
    get(T1);
    add();
    set(d);
    get(T1);
    get(T2);
    add();
    set(h);
  }
  for (let j = 0; j < 8; j++) {
    load(MIDSTATE + 16 * j);
    get(j);
    add();
    set(j);
    store(OUT + 16 * j, j);
  }
  code.push(0x0b);

  const body: number[] = [1];
  uleb(26, body);
  body.push(0x7b); // 26 locals of type v128
  body.push(...code);
  return body;
}

function assemble(): Uint8Array {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  section(1, [1, 0x60, 0, 0], out); // type 0: () -> ()
  section(3, [1, 0], out); // function 0 has type 0
  section(5, [1, 0, 1], out); // one memory, one page
  // exports: "m" = memory 0, "c" = function 0
  section(7, [2, 1, 0x6d, 2, 0, 1, 0x63, 0, 0], out);
  const body = compressBody();
  const code: number[] = [1];
  uleb(body.length, code);
  code.push(...body);
  section(10, code, out);
  return Uint8Array.from(out);
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => {
    exports: { m: { buffer: ArrayBuffer }; c: () => void };
  };
}

let cached: Sha256x4 | null | undefined;

/**
 * The four-lane compressor, or `undefined` where WebAssembly SIMD is unavailable.
 * @example sha256x4()?.compress()
 */
export function sha256x4(): Sha256x4 | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return undefined;
  try {
    const instance = new wasm.Instance(new wasm.Module(assemble()));
    const words = new Int32Array(instance.exports.m.buffer);
    const compress = instance.exports.c;
    cached = {
      words,
      block: BLOCK / 4,
      out: OUT / 4,
      setMidstate(state) {
        for (let j = 0; j < 8; j++) {
          for (let lane = 0; lane < 4; lane++)
            words[MIDSTATE / 4 + 4 * j + lane] = state[j] as number;
        }
      },
      compress,
      chain() {
        words.copyWithin(MIDSTATE / 4, OUT / 4, OUT / 4 + 32);
      },
    };
  } catch {
    cached = null;
  }
  return cached ?? undefined;
}
