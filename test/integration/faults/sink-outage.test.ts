import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import {
  createTestApp,
  createTestClinic,
  drain,
  pointClinicAtSink,
  type TestApp,
} from "../../support/app.js";
import { type CountingSink, startCountingSink } from "../../support/sink-process.js";
import { duplicatesIn, logStates, queueEmails } from "./support.js";

const N = 40;
let t: TestApp;
let sink: CountingSink;
const clock = new ManualClock(new Date("2026-11-25T09:00:00Z"));

beforeAll(async () => {
  t = await createTestApp({
    clock,
    env: { WORKER_CONCURRENCY: "8", EMAIL_MAX_ATTEMPTS: "10", EMAIL_RETRY_BASE_SECONDS: "30" },
  });
  sink = await startCountingSink();
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

describe("the SMTP relay is down for a while, then up", () => {
  it("keeps every email pending while the relay is down and sends each exactly once when it is back", async () => {
    const { clinicId } = await createTestClinic(t.app);
    await pointClinicAtSink(t.app, clinicId, sink.port);
    const ids = await queueEmails(t.app, clinicId, N);

    await sink.stop();
    // Two rounds against a dead relay: each attempt fails as transient and is put off.
    for (let round = 1; round <= 2; round++) {
      await drain(t.app);
      const states = await logStates(t.app, ids);
      expect(
        states.filter((s) => s.status !== "pending" || s.attempts !== round || s.leaseOwner !== null),
      ).toEqual([]);
      clock.advance(2 * 3600_000);
    }
    expect(sink.stats().received).toBe(0);

    await sink.start();
    // Jump past every retry delay until nothing is left; bounded in rounds, no sleeping.
    for (let round = 0; round < 10; round++) {
      await drain(t.app);
      const states = await logStates(t.app, ids);
      if (states.every((s) => s.status === "sent")) break;
      clock.advance(2 * 3600_000);
    }

    const states = await logStates(t.app, ids);
    expect(states.filter((s) => s.status !== "sent")).toEqual([]);
    expect(states.every((s) => s.attempts === 3)).toBe(true);
    const stats = sink.stats(true);
    expect(stats.received).toBe(N);
    expect(Object.keys(stats.byLogId ?? {}).sort()).toEqual([...ids].sort());
    expect(duplicatesIn(stats.byLogId ?? {}).total).toBe(0);
  });
});
