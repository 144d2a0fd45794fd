import { readFileSync } from "node:fs";
import { collectDefaultMetrics, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { RegistryMetrics, registerTableGauges, type TableSnapshot } from "../../../src/core/metrics/index.js";
import { parseExposition } from "../../support/prometheus-text.js";

const snapshot: TableSnapshot = {
  outboxDue: 3,
  outboxOldestDueAgeSeconds: 42.5,
  inboxDue: 1,
  inboxOldestDueAgeSeconds: 7,
  webhooksDue: 0,
  webhooksOldestDueAgeSeconds: 0,
  emailsLastHour: { sent: 10, failed: 1 },
  suppressionsByReason: { bounce: 2 },
};

function registry(read: () => Promise<TableSnapshot> = async () => snapshot) {
  const r = new Registry();
  const metrics = new RegistryMetrics(r);
  registerTableGauges(r, read);
  return { r, metrics };
}

describe("the metrics registry", () => {
  it("writes an exposition a strict reader accepts, default process metrics included", async () => {
    const { r, metrics } = registry();
    collectDefaultMetrics({ register: r });
    metrics.emailOutcome("appointment_reminder", "sent");
    metrics.emailOutcome("appointment_reminder", "retry");
    metrics.emailSend(0.03, true);
    metrics.bounce();
    metrics.webhookDelivery("delivered");
    const m = parseExposition(await r.metrics());
    expect(m.value("dentalpin_email_outcomes_total", { type: "appointment_reminder", outcome: "sent" })).toBe(
      1,
    );
    expect(m.value("dentalpin_email_send_duration_seconds_bucket", { result: "accepted", le: "0.05" })).toBe(
      1,
    );
    expect(m.value("dentalpin_email_send_duration_seconds_bucket", { result: "accepted", le: "0.025" })).toBe(
      0,
    );
    expect(m.value("dentalpin_email_bounces_total")).toBe(1);
    expect(m.value("dentalpin_webhook_deliveries_total", { outcome: "delivered" })).toBe(1);
    expect(m.value("dentalpin_webhook_deliveries_total", { outcome: "failed" })).toBe(0);
    expect(m.value("dentalpin_outbox_oldest_due_age_seconds")).toBe(42.5);
    // Every status and reason has a series, 0 when the tables have none.
    expect(m.value("dentalpin_emails_last_hour", { status: "skipped" })).toBe(0);
    expect(m.value("dentalpin_email_suppressions", { reason: "manual" })).toBe(0);
    expect(m.types.get("process_cpu_seconds_total")).toBe("counter");
  });

  it("reads the tables once per scrape, whatever the number of gauges", async () => {
    let reads = 0;
    const { r } = registry(async () => {
      reads++;
      return snapshot;
    });
    await r.metrics();
    expect(reads).toBe(1);
    await r.metrics();
    expect(reads).toBe(2);
  });

  it("fails the scrape when the tables cannot be read (no stale value stands in)", async () => {
    const { r } = registry(async () => {
      throw new Error("connection refused");
    });
    await expect(r.metrics()).rejects.toThrow("connection refused");
  });
});

describe("docs/alerts.yml", () => {
  const rules = (
    parse(readFileSync(new URL("../../../docs/alerts.yml", import.meta.url), "utf8")) as {
      groups: { name: string; rules: { alert: string; expr: string; for?: string }[] }[];
    }
  ).groups.flatMap((g) => g.rules);

  it("is Prometheus rule groups, each rule with a name, an expression and a summary", () => {
    expect(rules.length).toBeGreaterThanOrEqual(6);
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^DentalPin[A-Za-z]+$/);
      expect(typeof rule.expr).toBe("string");
      expect(rule).toHaveProperty("annotations.summary");
      if (rule.for) expect(rule.for).toMatch(/^\d+[smh]$/);
    }
  });

  it("names only metrics the registry has", () => {
    const { r } = registry();
    const families = r.getMetricsAsArray().map((m) => ({ name: m.name, type: m.type }));
    const known = new Set(
      families.flatMap(({ name, type }) =>
        String(type) === "histogram" ? [name, `${name}_bucket`, `${name}_sum`, `${name}_count`] : [name],
      ),
    );
    const named = rules.flatMap((rule) =>
      [...rule.expr.matchAll(/\bdentalpin_[a-z0-9_]+/g)].map((m) => m[0]),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => !known.has(n))).toEqual([]);
  });

  it("alerts on the oldest due email at 5 minutes, the failure ratio, waiting events and webhook failures", () => {
    const exprs = rules.map((rule) => rule.expr.replace(/\s+/g, " "));
    expect(exprs).toContain("max(dentalpin_outbox_oldest_due_age_seconds) > 300");
    expect(
      exprs.some((e) => e.includes('outcome="failed"') && e.includes("dentalpin_email_outcomes_total")),
    ).toBe(true);
    expect(exprs.some((e) => e.includes("dentalpin_inbox_oldest_due_age_seconds"))).toBe(true);
    expect(exprs.some((e) => e.includes("dentalpin_webhook_deliveries_total"))).toBe(true);
  });
});

describe("the strict exposition reader the tests use", () => {
  it.each([
    ["an undeclared family", "x_total 1\n"],
    ["a bad label", "# TYPE x counter\nx{a=b} 1\n"],
    ["an unescaped quote", '# TYPE x counter\nx{a="b"c"} 1\n'],
    ["a bad value", "# TYPE x gauge\nx one\n"],
    ["an unknown type", "# TYPE x meter\nx 1\n"],
    ["no final newline", "# TYPE x gauge\nx 1"],
  ])("refuses %s", (_what, text) => {
    expect(() => parseExposition(text)).toThrow();
  });

  it("reads histogram series, escaped labels and special values", () => {
    const m = parseExposition(
      '# HELP h a histogram\n# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 0.5\nh_count 2\n# TYPE g gauge\ng{a="q\\"x"} NaN\n',
    );
    expect(m.value("h_bucket", { le: "+Inf" })).toBe(2);
    expect(m.value("g", { a: 'q"x' })).toBeNaN();
  });
});
