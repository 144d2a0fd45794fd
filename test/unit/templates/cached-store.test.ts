import { describe, expect, it } from "vitest";
import { CachedTemplateStore } from "../../../src/core/templates/cached-store.js";
import type { DbTemplate, TemplateStore } from "../../../src/core/templates/types.js";

function countingStore() {
  const calls: string[] = [];
  let fail = false;
  const store: TemplateStore = {
    async findCandidates(clinicId, key) {
      calls.push(`c:${clinicId}:${key}`);
      if (fail) throw new Error("db down");
      return [] as DbTemplate[];
    },
    async findLayout(clinicId, name) {
      calls.push(`l:${clinicId}:${name}`);
      return null;
    },
  };
  const setFail = (f: boolean) => {
    fail = f;
  };
  return { store, calls, setFail };
}

describe("CachedTemplateStore", () => {
  it("answers repeated reads from memory until the TTL passes or it is invalidated", async () => {
    let now = 0;
    const { store, calls } = countingStore();
    const cached = new CachedTemplateStore(store, { ttlMs: 1000, now: () => now });
    await cached.findCandidates("c1", "welcome", ["es"]);
    await cached.findCandidates("c1", "welcome", ["es"]);
    await cached.findLayout("c1", "base.html");
    await cached.findLayout("c1", "base.html");
    expect(calls).toEqual(["c:c1:welcome", "l:c1:base.html"]);
    await cached.findCandidates("c2", "welcome", ["es"]);
    expect(calls).toHaveLength(3);
    now = 1000;
    await cached.findCandidates("c1", "welcome", ["es"]);
    expect(calls).toHaveLength(4);
    cached.invalidate();
    await cached.findCandidates("c1", "welcome", ["es"]);
    expect(calls).toHaveLength(5);
  });

  it("does not remember a failed read", async () => {
    const { store, calls, setFail } = countingStore();
    const cached = new CachedTemplateStore(store, { ttlMs: 60_000 });
    setFail(true);
    await expect(cached.findCandidates("c1", "welcome", ["es"])).rejects.toThrow(/db down/);
    setFail(false);
    await expect(cached.findCandidates("c1", "welcome", ["es"])).resolves.toEqual([]);
    expect(calls).toHaveLength(2);
  });
});
