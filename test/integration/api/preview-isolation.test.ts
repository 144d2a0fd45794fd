import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, createTestClinic, type TestApp, tokenFor } from "../../support/app.js";
import { type HttpResponse, startTestServer, type TestServer } from "../../support/http.js";

/**
 * Previews render in worker threads, at most two per clinic at a time: a clinic hammering
 * heavy previews gets 429s for the excess, and neither `/healthz` nor another clinic waits.
 */

const N = "/api/v1/notifications";
/** Generous for a loaded 2-core CI machine; a preview on the event loop holds it up to 2 s. */
const BOUND_MS = 500;
/** Runs until the 2 s time limit stops it. */
const HEAVY = "{{ range(15000000)|sum }}";

let t: TestApp;
let http: TestServer;
let tokenA: string;
let tokenB: string;

const preview = (token: string, bodyHtml: string) =>
  http.request("POST", `${N}/templates/preview`, {
    token,
    body: { template_key: "welcome", locale: "es", subject: "Hola", body_html: bodyHtml },
  });

beforeAll(async () => {
  t = await createTestApp();
  http = await startTestServer(t.app);
  tokenA = await tokenFor(t.app, (await createTestClinic(t.app)).clinicId, "admin");
  tokenB = await tokenFor(t.app, (await createTestClinic(t.app)).clinicId, "admin");
  // Start the render threads (start-up is not what is measured).
  await t.app.renderPool.start();
  const warm = await Promise.all(
    [tokenA, tokenB, tokenB].map((tk) => preview(tk, "<p>{{ patient_name }}</p>")),
  );
  expect(warm.map((r) => r.status)).toEqual([200, 200, 200]);
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

describe("heavy previews of one clinic", () => {
  it("leave /healthz and other clinics' requests answering within 500 ms, and the excess gets 429", async () => {
    let done = false;
    const hammer = Promise.all(Array.from({ length: 12 }, () => preview(tokenA, HEAVY))).finally(() => {
      done = true;
    });

    const health: number[] = [];
    const other: number[] = [];
    const otherStatuses: number[] = [];
    // Measure for as long as the heavy previews run (no fixed sleeps: each probe follows the last).
    while (!done) {
      const h = await timed(() => http.request("GET", "/healthz"));
      expect(h.value.status).toBe(200);
      health.push(h.ms);
      const o = await timed(() => preview(tokenB, "<p>Hola {{ patient_first_name }}</p>"));
      otherStatuses.push(o.value.status);
      other.push(o.ms);
    }
    const results: HttpResponse[] = await hammer;

    // The clinic's own previews: two ran (and hit the time limit), the rest were refused at once.
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 422).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(8);
    expect(statuses.every((s) => s === 422 || s === 429)).toBe(true);
    const refused = results.find((r) => r.status === 429)!;
    expect(refused.body.detail).toMatch(/at most 2 template previews or saves at a time per clinic/);
    const ran = results.find((r) => r.status === 422)!;
    expect(ran.body.errors[0].message).toMatch(/time limit exceeded \(2000 ms\)/);

    // Meanwhile: several probes each way, every one of them fast.
    expect(health.length).toBeGreaterThanOrEqual(3);
    expect(otherStatuses.every((s) => s === 200)).toBe(true);
    expect(Math.max(...health)).toBeLessThan(BOUND_MS);
    expect(Math.max(...other)).toBeLessThan(BOUND_MS);
  });

  it("gives the clinic its slots back once its previews are done", async () => {
    const res = await preview(tokenA, "<p>{{ patient_name }}</p>");
    expect(res.status).toBe(200);
    expect(res.body.data.body_html).toContain("María García López");
  });
});
