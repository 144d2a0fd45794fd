import { describe, expect, it } from "vitest";
import { pluralKey } from "../src/i18n/context.js";
import { en } from "../src/i18n/en.js";
import { es } from "../src/i18n/es.js";
import { fr } from "../src/i18n/fr.js";
import { pt } from "../src/i18n/pt.js";
import { formatDateTime, hourCycleOf } from "../src/lib/datetime.js";

describe("plural forms", () => {
  const has = (k: string) => k in en;
  it("picks the language's form, falling back to other", () => {
    expect(pluralKey("logs.count", 1, "es", has)).toBe("logs.count.one");
    expect(pluralKey("logs.count", 2, "es", has)).toBe("logs.count.other");
    expect(pluralKey("logs.count", 0, "en", has)).toBe("logs.count.other");
    // French and Portuguese say "0 e-mail": zero is singular there.
    expect(pluralKey("logs.count", 0, "fr", has)).toBe("logs.count.one");
    // A form the dictionary lacks ("many" for a million in Spanish) is "other".
    expect(pluralKey("logs.count", 1_000_000, "es", has)).toBe("logs.count.other");
  });

  it("has both forms in every language", () => {
    for (const dict of [en, es, fr, pt]) {
      expect(dict["logs.count.one"]).toContain("{n}");
      expect(dict["logs.count.other"]).toContain("{n}");
    }
  });
});

describe("the clinic's clock", () => {
  it("reads the clinic locale's hour cycle", () => {
    expect(hourCycleOf("es")).toBe("h23");
    expect(hourCycleOf("en-US")).toBe("h12");
    expect(hourCycleOf(null)).toBeUndefined();
    expect(hourCycleOf("not a locale!")).toBeUndefined();
  });

  it("writes English dates on a Spanish clinic's 24-hour clock", () => {
    const iso = "2025-03-12T14:30:00Z";
    expect(formatDateTime(iso, "en", "Europe/Madrid")).toMatch(/3:30\s?PM/);
    expect(formatDateTime(iso, "en", "Europe/Madrid", "es")).toMatch(/15:30/);
    expect(formatDateTime(iso, "en", "Europe/Madrid", "es")).not.toMatch(/PM/);
  });
});
