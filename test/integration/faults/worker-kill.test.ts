import { describe, expect, it } from "vitest";
import { createTestClinic } from "../../support/app.js";
import { onPostgres } from "../../support/engine.js";
import {
  countByStatus,
  duplicatesIn,
  explainState,
  faultStage,
  leasedIds,
  logStates,
  queueEmails,
  until,
} from "./support.js";

const N = 400;
/** Kill the worker once the sink has received this many messages in all. */
const KILL_AT = [60, 160, 260];

const stage = faultStage();

describe.skipIf(!onPostgres)("a worker process SIGKILLed mid-batch, again and again", () => {
  it("loses nothing, and sends again only what was in flight at each kill", {
    timeout: 120_000,
  }, async () => {
    const { clinicId } = await createTestClinic(stage.t.app);
    const ids = await queueEmails(stage.t.app, clinicId, N);
    const start = () => stage.spawn();

    const inFlight: string[][] = [];
    for (const at of KILL_AT) {
      const w = start();
      await w.ready;
      await until(
        `${at} messages at the sink`,
        () => stage.sink.stats().received >= at,
        30_000,
        2,
        () => explainState(stage.t.app, stage.workers),
      );
      await w.kill("SIGKILL");
      // Only the dead worker was running: every row still leased is one it held.
      inFlight.push(await leasedIds(stage.t.app));
    }
    // A last worker retakes the dead ones' rows once their 5 s leases run out, and finishes.
    const last = start();
    await last.ready;
    await until(
      "every email sent",
      async () => (await countByStatus(stage.t.app)).sent === N,
      60_000,
      100,
      () => explainState(stage.t.app, stage.workers),
    );

    const stats = stage.sink.stats(true);
    const byLogId = stats.byLogId ?? {};
    const duplicates = duplicatesIn(byLogId);
    const allInFlight = new Set(inFlight.flat());
    console.info(
      `[worker-kill] ${N} emails, ${KILL_AT.length} SIGKILLs; in flight at each kill: ${inFlight.map((x) => x.length).join(", ")}; ` +
        `messages at the sink: ${stats.received}; sent twice: ${duplicates.ids.length} (${duplicates.total} extra copies)`,
    );

    // Nothing lost: every row sent, and each reached the stage.sink.
    const states = await logStates(stage.t.app, ids);
    expect(states.filter((s) => s.status !== "sent")).toEqual([]);
    expect(ids.filter((id) => !byLogId[id])).toEqual([]);
    // The kills did land mid-batch, and a copy too many only ever came from a row in flight.
    expect(allInFlight.size).toBeGreaterThan(0);
    expect(duplicates.ids.filter((id) => !allInFlight.has(id))).toEqual([]);
    expect(duplicates.total).toBeLessThanOrEqual(inFlight.reduce((n, x) => n + x.length, 0));
    expect(last.alive).toBe(true);
  });
});
