import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import {
  createTestApp,
  createTestClinic,
  drain,
  pointClinicAtSink,
  type TestApp,
} from "../../support/app.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";
import { logStates, queueEmails } from "./support.js";

/** mulberry32: a seeded generator, so a failing run can be replayed with its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const N = 60;
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000);
const random = seeded(SEED);
let t: TestApp;
let sink: SmtpSink;
const clock = new ManualClock(new Date("2026-11-25T09:00:00Z"));
const tries = new Map<string, number>();
let greylisted = 0;

beforeAll(async () => {
  t = await createTestApp({
    clock,
    env: { WORKER_CONCURRENCY: "8", EMAIL_MAX_ATTEMPTS: "12", EMAIL_RETRY_BASE_SECONDS: "30" },
  });
  sink = await startSmtpSink({
    respond: ({ rcpt }) => {
      tries.set(rcpt, (tries.get(rcpt) ?? 0) + 1);
      if (rcpt.startsWith("unknown-")) return { code: 550, message: "5.1.1 No such user here" };
      // A third of all attempts, at random, is told to come back later.
      if (random() < 1 / 3) {
        greylisted++;
        return { code: 451, message: "4.7.1 Greylisted, please try again later" };
      }
      return null;
    },
  });
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

describe(`a relay that answers 451 to a random share and 550 to unknown users (seed ${SEED})`, () => {
  it("sends every 451 email after retries and fails each 550 after one attempt", async () => {
    const { clinicId } = await createTestClinic(t.app);
    await pointClinicAtSink(t.app, clinicId, sink.port);
    // About one in five recipients does not exist.
    const unknown = new Set(Array.from({ length: N }, (_, i) => i).filter(() => random() < 0.2));
    const to = (i: number) => (unknown.has(i) ? `unknown-${i}@example.com` : `patient-${i}@example.com`);
    const ids = await queueEmails(t.app, clinicId, N, to);

    for (let round = 0; round < 15; round++) {
      await drain(t.app);
      const states = await logStates(t.app, ids);
      if (states.every((s) => s.status !== "pending")) break;
      clock.advance(24 * 3600_000);
    }

    const states = new Map((await logStates(t.app, ids)).map((s) => [s.id, s]));
    const outcome = ids.map((id, i) => ({ i, ...states.get(id)! }));
    const bad = outcome.filter((o) => unknown.has(o.i));
    const good = outcome.filter((o) => !unknown.has(o.i));
    expect(bad.filter((o) => o.status !== "failed" || o.attempts !== 1)).toEqual([]);
    expect(good.filter((o) => o.status !== "sent")).toEqual([]);
    // Each good email reached the sink once: its last try, after as many 451s as it drew.
    expect(sink.messages).toHaveLength(good.length);
    for (const o of good) expect(tries.get(to(o.i))).toBe(o.attempts);
    for (const o of bad) expect(tries.get(to(o.i))).toBe(1);
    expect(greylisted).toBeGreaterThan(0);
    expect(good.some((o) => o.attempts > 1)).toBe(true);
  });
});
