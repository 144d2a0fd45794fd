import { describe, expect, it } from "vitest";
import { ApiError, buildQuery } from "../src/api/http.js";
import { asLocale, interpolate, LOCALES, languageName } from "../src/i18n/context.js";
import { dictionaries } from "../src/i18n/dict.js";
import { en } from "../src/i18n/en.js";
import { es } from "../src/i18n/es.js";
import { formatMoney, normalizeAmount, sumAmounts } from "../src/lib/money.js";
import { humanize } from "../src/lib/notificationTypes.js";
import { hasPermission, PERM, visibleSettingsTabs } from "../src/lib/permissions.js";
import { explainReason } from "../src/lib/reasons.js";
import { matchPath } from "../src/lib/router.js";
import { withDefaults } from "../src/lib/typeSettings.js";
import { apiFilters, filtersFromQuery, queryFromFilters } from "../src/pages/settings/logs/filters.js";

describe("what each role sees", () => {
  it("shows a receptionist only the email log tab", () => {
    const receptionist = [PERM.preferencesRead, PERM.preferencesWrite, PERM.logsRead, PERM.send];
    expect(visibleSettingsTabs(receptionist)).toEqual(["logs"]);
  });

  it("shows an admin every tab, email server first", () => {
    expect(visibleSettingsTabs(Object.values(PERM))).toEqual([
      "smtp",
      "types",
      "templates",
      "logs",
      "suppressions",
      "webhooks",
    ]);
  });

  it("gives a dentist templates and the log, not the email server", () => {
    expect(visibleSettingsTabs([PERM.templatesRead, PERM.logsRead])).toEqual(["templates", "logs"]);
    expect(hasPermission([PERM.templatesRead], PERM.templatesWrite)).toBe(false);
  });
});

describe("money", () => {
  it("sums decimal strings in cents, accepting a comma", () => {
    expect(sumAmounts(["0.10", "0.20"])).toBe("0.30");
    expect(sumAmounts(["1250", "99,5", "x", ""])).toBe("1349.50");
    expect(sumAmounts(["", "abc"])).toBe("");
  });

  it("accepts a decimal comma, sending a dot", () => {
    expect(normalizeAmount(" 350,50 ")).toBe("350.50");
    expect(normalizeAmount("12")).toBe("12");
  });

  it("formats with the currency in the user's language, and survives a bad code", () => {
    expect(formatMoney("1250.00", "EUR", "es")).toMatch(/1250,00\s€|1\.250,00\s€/);
    expect(formatMoney("12", "NOPE!", "en")).toBe("12 NOPE!");
  });
});

describe("notification types", () => {
  it("names a custom type from its key", () => {
    expect(humanize("prescription_created")).toBe("Prescription created");
  });

  it("gives every known type a row, with 24 h for the reminder and manual types off", () => {
    const full = withDefaults(
      [
        { key: "welcome", hours_before: false, manual_by_default: true, custom: false, patient_links: false },
        {
          key: "appointment_reminder",
          hours_before: true,
          manual_by_default: false,
          custom: false,
          patient_links: true,
        },
      ],
      {},
    );
    expect(full).toEqual({
      welcome: { enabled: true, auto_send: false },
      appointment_reminder: { enabled: true, auto_send: true, hours_before: 24, patient_links: true },
    });
  });

  it("keeps saved values over defaults", () => {
    const full = withDefaults(
      [
        {
          key: "appointment_reminder",
          hours_before: true,
          manual_by_default: false,
          custom: false,
          patient_links: true,
        },
      ],
      { appointment_reminder: { enabled: false, auto_send: true, hours_before: 48, patient_links: false } },
    );
    expect(full.appointment_reminder).toEqual({
      enabled: false,
      auto_send: true,
      hours_before: 48,
      patient_links: false,
    });
  });
});

describe("skip reasons", () => {
  it("explains the seed's reasons and keeps unknown codes as they are", () => {
    expect(explainReason("patient_opted_out_of_appointment_reminder")).toEqual({
      key: "reason.optedOutOf",
      type: "appointment_reminder",
    });
    expect(explainReason("disabled_at_clinic_level")).toEqual({ key: "reason.disabled" });
    expect(explainReason("535 Authentication failed")).toBeNull();
    expect(explainReason(null)).toBeNull();
  });
});

describe("email log filters in the URL", () => {
  it("round-trips through the query string, dropping empty ones", () => {
    const f = filtersFromQuery(new URLSearchParams("status=failed&page=3&from=2025-01-01"));
    expect(f).toMatchObject({ status: "failed", page: 3, from: "2025-01-01", to: "" });
    expect(queryFromFilters(f)).toBe("?status=failed&from=2025-01-01&page=3");
    expect(queryFromFilters({ ...f, status: "", from: "", page: 1 })).toBe("");
  });

  it("ignores a nonsense page number", () => {
    expect(filtersFromQuery(new URLSearchParams("page=-4")).page).toBe(1);
  });

  it("turns whole days on the clinic's calendar into instants", () => {
    const f = filtersFromQuery(new URLSearchParams("from=2025-07-01&to=2025-07-01"));
    expect(apiFilters(f, "Europe/Madrid")).toMatchObject({
      from: "2025-07-01T00:00:00+02:00",
      to: "2025-07-02T00:00:00+02:00",
      status: undefined,
    });
  });
});

describe("small plumbing", () => {
  it("builds a query string without empty values", () => {
    expect(buildQuery({ a: 1, b: "", c: undefined, d: null, e: "x y" })).toBe("?a=1&e=x+y");
    expect(buildQuery({})).toBe("");
  });

  it("keys problem+json errors by field, keeping the first message", () => {
    const err = new ApiError({
      status: 422,
      errors: [
        { field: "host", message: "is required" },
        { field: "host", message: "second" },
        { field: "body_html", message: "bad", line: 2, column: 5 },
      ],
    });
    expect(err.fieldErrors.host?.message).toBe("is required");
    expect(err.fieldErrors.body_html).toMatchObject({ line: 2, column: 5 });
  });

  it("matches route patterns and decodes parameters", () => {
    expect(matchPath("/patients/:id", "/patients/a%20b")).toEqual({ id: "a b" });
    expect(matchPath("/patients/:id", "/patients")).toBeNull();
    expect(matchPath("/settings/notifications/:tab", "/settings/other/logs")).toBeNull();
  });

  it("fills variables in translations and leaves unknown ones", () => {
    expect(interpolate("Page {page} of {pages}", { page: 1, pages: 3 })).toBe("Page 1 of 3");
    expect(interpolate("{{ patient_name }} {x}", {})).toBe("{{ patient_name }} {x}");
  });

  it("has a Spanish text for every English one", () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    expect(Object.values(es).every((v) => v.trim().length > 0)).toBe(true);
  });

  it("speaks Spanish, English, French and Portuguese, each with every text and its own name", () => {
    expect(LOCALES).toEqual(["es", "en", "fr", "pt"]);
    for (const l of LOCALES) {
      expect(Object.keys(dictionaries[l]).sort()).toEqual(Object.keys(en).sort());
      expect(Object.values(dictionaries[l]).every((v) => v.trim().length > 0)).toBe(true);
    }
    expect(dictionaries.fr["nav.appointments"]).toBe("Rendez-vous");
    expect(dictionaries.pt["nav.appointments"]).toBe("Consultas");
    expect(LOCALES.map(languageName)).toEqual(["Español", "English", "Français", "Português"]);
    expect(asLocale("pt-BR")).toBe("pt");
    expect(asLocale("fr_CA")).toBe("fr");
    expect(asLocale("de")).toBeNull();
    expect(languageName("de")).toBe("de");
  });
});
