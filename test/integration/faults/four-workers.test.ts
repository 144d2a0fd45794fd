import { describe, expect, it } from "vitest";
import { createTestClinic } from "../../support/app.js";
import { onPostgres } from "../../support/engine.js";
import {
  countByStatus,
  duplicatesIn,
  explainState,
  faultStage,
  logStates,
  queueEmails,
  until,
} from "./support.js";

const N = 2000;
const stage = faultStage();

describe.skipIf(!onPostgres)("four worker processes on one PostgreSQL", () => {
  it("send 2,000 queued notifications exactly once each", { timeout: 120_000 }, async () => {
    const { clinicId } = await createTestClinic(stage.t.app);
    const ids = await queueEmails(stage.t.app, clinicId, N);
    for (let i = 0; i < 4; i++) stage.spawn();
    await Promise.all(stage.workers.map((w) => w.ready));

    await until(
      "every email sent",
      async () => (await countByStatus(stage.t.app)).sent === N,
      60_000,
      100,
      () => explainState(stage.t.app, stage.workers),
    );
    // SIGTERM: each worker finishes what it holds and exits cleanly.
    const exits = stage.workers.map((w) => w.kill("SIGTERM"));
    const late = new Promise<string>((r) => setTimeout(() => r("still running after 15 s"), 15_000).unref());
    expect(await Promise.all(exits.map((e) => Promise.race([e, late])))).toEqual(["0", "0", "0", "0"]);

    const states = await logStates(stage.t.app, ids);
    expect(states.filter((s) => s.status !== "sent" || s.attempts !== 1)).toEqual([]);
    const stats = stage.sink.stats(true);
    expect(stats.received).toBe(N);
    expect(Object.keys(stats.byLogId ?? {}).sort()).toEqual([...ids].sort());
    expect(duplicatesIn(stats.byLogId ?? {}).total).toBe(0);
  });
});
