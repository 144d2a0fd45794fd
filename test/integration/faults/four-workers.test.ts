import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, createTestClinic, type TestApp } from "../../support/app.js";
import { onPostgres } from "../../support/engine.js";
import { type CountingSink, startCountingSink } from "../../support/sink-process.js";
import {
  countByStatus,
  duplicatesIn,
  explainState,
  logStates,
  queueEmails,
  spawnWorker,
  until,
  type WorkerProcess,
} from "./support.js";

const N = 2000;
let t: TestApp;
let sink: CountingSink;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestApp();
  sink = await startCountingSink();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill("SIGKILL")));
  await t?.close();
  await sink?.close();
});

describe.skipIf(!onPostgres)("four worker processes on one PostgreSQL", () => {
  it("send 2,000 queued notifications exactly once each", { timeout: 120_000 }, async () => {
    const { clinicId } = await createTestClinic(t.app);
    const ids = await queueEmails(t.app, clinicId, N);
    for (let i = 0; i < 4; i++)
      workers.push(spawnWorker({ databaseUrl: t.testDb.url!, smtpPort: sink.port }));
    await Promise.all(workers.map((w) => w.ready));

    await until(
      "every email sent",
      async () => (await countByStatus(t.app)).sent === N,
      60_000,
      100,
      () => explainState(t.app, workers),
    );
    // SIGTERM: each worker finishes what it holds and exits cleanly.
    const exits = workers.map((w) => w.kill("SIGTERM"));
    const late = new Promise<string>((r) => setTimeout(() => r("still running after 15 s"), 15_000).unref());
    expect(await Promise.all(exits.map((e) => Promise.race([e, late])))).toEqual(["0", "0", "0", "0"]);

    const states = await logStates(t.app, ids);
    expect(states.filter((s) => s.status !== "sent" || s.attempts !== 1)).toEqual([]);
    const stats = sink.stats(true);
    expect(stats.received).toBe(N);
    expect(Object.keys(stats.byLogId ?? {}).sort()).toEqual([...ids].sort());
    expect(duplicatesIn(stats.byLogId ?? {}).total).toBe(0);
  });
});
