import { describe, expect, it } from "vitest";
import {
  buildLocaleChain,
  formatDate,
  formatDateTime,
  formatMoney,
  formatTime,
  formattingLocale,
  sampleContext,
  withDateValues,
} from "../../../src/core/templates/index.js";
import { TemplateEngine } from "../../../src/core/templates/jinja/index.js";

const instant = new Date("2026-12-01T09:30:00Z");

describe("locale chain", () => {
  it("goes patient (and base language) > clinic (and base language) > default, without duplicates", () => {
    expect(buildLocaleChain("en", "fr")).toEqual(["en", "fr", "default"]);
    expect(buildLocaleChain("es", "es")).toEqual(["es", "default"]);
    expect(buildLocaleChain(null, undefined)).toEqual(["default"]);
    expect(buildLocaleChain(null, "pt")).toEqual(["pt", "default"]);
    expect(buildLocaleChain("es-MX", "en")).toEqual(["es-MX", "es", "en", "default"]);
    expect(buildLocaleChain("pt_br", "fr-FR")).toEqual(["pt-BR", "pt", "fr-FR", "fr", "default"]);
    expect(buildLocaleChain("../etc", "")).toEqual(["default"]);
  });

  it("formats in the template's language, or the patient's own variant of it", () => {
    const tags: Record<string, string> = { pt: "pt-PT", fr: "fr-FR" };
    const tagOf = (l: string) => tags[l] ?? null;
    expect(formattingLocale("pt", ["pt", "es", "default"], tagOf)).toBe("pt-PT");
    expect(formattingLocale("pt", ["pt-BR", "pt", "default"], tagOf)).toBe("pt-BR");
    expect(formattingLocale("fr", ["de", "fr", "default"], tagOf)).toBe("fr-FR");
    expect(formattingLocale("default", ["de", "default"], tagOf)).toBe("de");
    expect(formattingLocale("default", ["default"], tagOf)).toBe("en");
  });
});

describe("formatting in the clinic's time zone and the email's locale", () => {
  it("formats dates and times", () => {
    expect(formatDateTime(instant, "Europe/Madrid", "es")).toBe("martes, 1 de diciembre de 2026, 10:30");
    expect(formatDateTime(instant, "Europe/Madrid", "en")).toBe("Tuesday, December 1, 2026 at 10:30 AM");
    expect(formatDateTime(instant, "America/New_York", "en")).toBe("Tuesday, December 1, 2026 at 04:30 AM");
    expect(formatDate(instant, "Europe/Madrid", "es")).toBe("martes, 1 de diciembre de 2026");
    expect(formatTime(instant, "Europe/Madrid", "es")).toBe("10:30");
    expect(formatDateTime(instant, "Europe/Madrid", "fr-FR")).toBe("mardi 1 décembre 2026 à 10:30");
    expect(formatDateTime(instant, "Europe/Madrid", "pt-PT")).toBe(
      "terça-feira, 1 de dezembro de 2026 às 10:30",
    );
    expect(formatDateTime(instant, "Europe/Madrid", "default")).toBe("Tuesday, December 1, 2026 at 10:30 AM");
  });

  it("formats money in the budget's currency with grouping", () => {
    expect(formatMoney("1250.00", "EUR", "es")).toBe("1.250,00\u00a0€");
    expect(formatMoney(1250, "EUR", "en")).toBe("€1,250.00");
    expect(formatMoney("99.5", "USD", "en")).toBe("$99.50");
    expect(formatMoney("abc", "EUR", "es")).toBe("abc");
    expect(formatMoney("1250.00", "EUR", "fr-FR")).toBe("1\u202f250,00\u00a0€");
    expect(formatMoney("1250.00", "EUR", "pt-PT")).toBe("1\u00a0250,00\u00a0€");
  });
});

describe("date values in the context", () => {
  it("print like Python's datetime and support strftime with localized names", () => {
    const ctx = withDateValues(
      { start_time: instant.toISOString(), other: "2026-12-01T09:30:00Z" },
      { timeZone: "Europe/Madrid", locale: "es" },
    );
    const engine = new TemplateEngine();
    const out = engine.renderString(
      "{{ start_time }}|{{ start_time.strftime('%A, %d de %B de %Y, %H:%M') }}|{{ other }}",
      ctx,
      { autoescape: true },
    );
    expect(out).toBe("2026-12-01 10:30:00|martes, 01 de diciembre de 2026, 10:30|2026-12-01T09:30:00Z");
    const en = withDateValues(
      { start_time: instant.toISOString() },
      { timeZone: "Europe/Madrid", locale: "en" },
    );
    expect(engine.renderString("{{ start_time.strftime('%A %B %d') }}", en, { autoescape: false })).toBe(
      "Tuesday December 01",
    );
    expect(withDateValues({ start_time: "not a date" }, { timeZone: "UTC", locale: "es" }).start_time).toBe(
      "not a date",
    );
  });

  it("sample contexts carry what each type needs", () => {
    expect(sampleContext("budget_sent", "es")).toMatchObject({
      budget_number: "P-2026-0042",
      total: "1250.00",
      currency: "EUR",
    });
    expect(sampleContext("appointment_cancelled", "en")).toHaveProperty("reason");
    expect(sampleContext("appointment_reminder", "es")).toMatchObject({
      start_time_formatted: "martes, 1 de diciembre de 2026, 10:30",
    });
  });
});
