/**
 * The `random` filter's numbers. Jinja2 draws from Python's global generator, so no two renders
 * agree; here a render draws from a generator seeded by the template's source and its context:
 * the same template with the same data picks the same items (a preview and its send agree, and
 * tests can assert the pick), while different data or a different template picks differently.
 * The sequence is not Python's (it cannot be: Python's is unseeded), the documented deviation.
 */
import { createHash, type Hash } from "node:crypto";

/** How deep the context is read for the seed (contexts are JSON data: this is far beyond real ones). */
const MAX_SEED_DEPTH = 64;

/** A generator of floats in [0, 1), seeded from the template source and the render context. */
export function seededRandom(source: string, context: Record<string, unknown>): () => number {
  const hash = createHash("sha256").update(source).update("\u0000");
  feed(hash, context, 0, new Set());
  const seed = hash.digest();
  return sfc32(seed.readUInt32LE(0), seed.readUInt32LE(4), seed.readUInt32LE(8), seed.readUInt32LE(12));
}

/** Writes a value into the hash with its type, reading only own data properties (never a getter). */
function feed(hash: Hash, v: unknown, depth: number, open: Set<object>): void {
  if (v === null || typeof v !== "object") {
    hash.update(`${typeof v}:${String(v)};`);
    return;
  }
  if (depth > MAX_SEED_DEPTH || open.has(v)) {
    hash.update("…;");
    return;
  }
  open.add(v);
  // A boxed Number is a float (`1200.0`), a different value from the int 1200.
  if (v instanceof Number) hash.update(`float:${v.valueOf()};`);
  else if (Array.isArray(v)) {
    hash.update(`[${v.length}`);
    for (const item of v) feed(hash, item, depth + 1, open);
    hash.update("]");
  } else {
    hash.update("{");
    for (const key of Object.keys(v)) {
      const desc = Object.getOwnPropertyDescriptor(v, key);
      if (!desc || !("value" in desc)) continue;
      hash.update(`${JSON.stringify(key)}=`);
      feed(hash, desc.value, depth + 1, open);
    }
    hash.update("}");
  }
  open.delete(v);
}

/** Chris Doty-Humphrey's sfc32: small, fast, and good enough to pick an item of a list. */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of sfc32 still echo the seed words: discard a few, as its author advises.
  for (let i = 0; i < 12; i++) next();
  return next;
}
