import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, createTestClinic, type TestApp } from "../../support/app.js";
import { onPostgres } from "../../support/engine.js";
import { type CountingSink, startCountingSink } from "../../support/sink-process.js";
import {
  countByStatus,
  duplicatesIn,
  explainState,
  leasedIds,
  logStates,
  queueEmails,
  spawnWorker,
  until,
  type WorkerProcess,
} from "./support.js";

const N = 300;
/** Drop every connection to the database once the sink has received this many messages. */
const DROP_AT = [40, 120, 200];
const MORE = 50;

let t: TestApp;
let sink: CountingSink;
let admin: pg.Client;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestApp();
  sink = await startCountingSink();
  admin = new pg.Client({ connectionString: t.testDb.url });
  admin.on("error", () => {});
  await admin.connect();
});
afterAll(async () => {
  await worker?.kill("SIGKILL");
  await admin?.end().catch(() => {});
  await t?.close();
  await sink?.close();
});

/** What an operator's failover or a DBA's pg_terminate_backend does to the worker. */
async function dropAllConnections(): Promise<number> {
  const { rows } = await admin.query(
    "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
  );
  return rows.filter((r) => r.ok).length;
}

/** Our own pooled connections were dropped too: a query may meet one before the pool notices. */
async function afterReconnect<T>(query: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await query();
    } catch (err) {
      if (attempt >= 5) throw err;
    }
  }
}

describe.skipIf(!onPostgres)("PostgreSQL connections dropped while a worker sends", () => {
  it("the worker reconnects and carries on, losing nothing", { timeout: 120_000 }, async () => {
    const { clinicId } = await createTestClinic(t.app);
    const ids = await queueEmails(t.app, clinicId, N);
    worker = spawnWorker({ databaseUrl: t.testDb.url!, smtpPort: sink.port });
    await worker.ready;

    const dropped: number[] = [];
    const inFlight: string[][] = [];
    for (const at of DROP_AT) {
      await until(
        `${at} messages at the sink`,
        () => sink.stats().received >= at,
        30_000,
        2,
        () => explainState(t.app, worker ? [worker] : []),
      );
      dropped.push(await dropAllConnections());
      // A row whose outcome could not be written stays leased until its lease runs out.
      inFlight.push(await afterReconnect(() => leasedIds(t.app)));
      expect(worker.alive).toBe(true);
    }
    expect(dropped.every((n) => n > 0)).toBe(true);
    await until(
      "the first emails all sent",
      async () => (await countByStatus(t.app)).sent === N,
      60_000,
      100,
      () => explainState(t.app, worker ? [worker] : []),
    );

    // Work queued after the drops is still taken up by the same process.
    const more = await queueEmails(t.app, clinicId, MORE, (i) => `later-${i}@example.com`);
    await until(
      "the later emails sent",
      async () => (await countByStatus(t.app)).sent === N + MORE,
      30_000,
      100,
      () => explainState(t.app, worker ? [worker] : []),
    );
    expect(worker.alive).toBe(true);

    const byLogId = sink.stats(true).byLogId ?? {};
    const duplicates = duplicatesIn(byLogId);
    const allInFlight = new Set(inFlight.flat());
    console.info(
      `[pg-drop] ${N + MORE} emails; connections dropped: ${dropped.join(", ")}; ` +
        `leased at each drop: ${inFlight.map((x) => x.length).join(", ")}; sent twice: ${duplicates.ids.length}`,
    );
    const states = await logStates(t.app, [...ids, ...more]);
    expect(states.filter((s) => s.status !== "sent")).toEqual([]);
    expect([...ids, ...more].filter((id) => !byLogId[id])).toEqual([]);
    expect(duplicates.ids.filter((id) => !allInFlight.has(id))).toEqual([]);
  });
});
