import type { DbOrTx } from "../db/client.js";
import { wakeListeners } from "../db/notify.js";
import type { DbTemplate, TemplateStore } from "./types.js";

/** The channel on which every process hears that stored templates changed. */
export const TEMPLATES_CHANNEL = "dentalpin_templates";

/** Tells every process (this one too) to forget its cached templates once this write commits. */
export async function templatesChanged(db: DbOrTx): Promise<void> {
  await wakeListeners(db, TEMPLATES_CHANNEL);
}

/**
 * Keeps the store's answers for a while: the worker would otherwise read the same clinic's
 * templates twice for every email. Every write of a stored template NOTIFYs (templatesChanged)
 * and each process LISTENs and calls invalidate(), so an edit shows at once everywhere;
 * `ttlMs` only bounds how long a write made behind the service's back (plain SQL) goes unseen.
 */
export class CachedTemplateStore implements TemplateStore {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(
    private readonly inner: TemplateStore,
    private readonly options: { ttlMs: number; maxEntries?: number; now?: () => number },
  ) {}

  findCandidates(clinicId: string, templateKey: string, locales: string[]): Promise<DbTemplate[]> {
    return this.remember(`c|${clinicId}|${templateKey}|${locales.join(",")}`, () =>
      this.inner.findCandidates(clinicId, templateKey, locales),
    );
  }

  findLayout(clinicId: string, name: string): Promise<string | null> {
    const inner = this.inner;
    if (!inner.findLayout) return Promise.resolve(null);
    return this.remember(`l|${clinicId}|${name}`, () => inner.findLayout!(clinicId, name));
  }

  invalidate(): void {
    this.entries.clear();
  }

  private remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = (this.options.now ?? Date.now)();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.options.ttlMs) return hit.value as Promise<T>;
    if (this.entries.size >= (this.options.maxEntries ?? 5000)) this.entries.clear();
    const value = load();
    this.entries.set(key, { at: now, value });
    // A failed read is not remembered.
    value.catch(() => this.entries.delete(key));
    return value;
  }
}
