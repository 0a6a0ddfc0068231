import type { SamplerSession } from './sampler-session.ts';

/**
 * Remembers sampler sessions per (manifest object, seed, mode), so a second audit round continues
 * the stream instead of re-hashing the whole manifest (Arlo re-hashes every round: 2.9 s for a
 * 1,000-ballot round 2 on a 1M-ballot manifest). Keyed by object identity: pass the same
 * manifest object each round; a changed manifest must be a new object.
 */
export class SamplerCache {
  readonly #sessions = new WeakMap<object, Map<string, SamplerSession>>();

  /** The cached session for this manifest and key, opening it on first use. */
  get(manifest: object, key: string, open: () => SamplerSession): SamplerSession {
    let byKey = this.#sessions.get(manifest);
    if (byKey === undefined) {
      byKey = new Map();
      this.#sessions.set(manifest, byKey);
    }
    let session = byKey.get(key);
    if (session === undefined) {
      session = open();
      byKey.set(key, session);
    }
    return session;
  }
}
