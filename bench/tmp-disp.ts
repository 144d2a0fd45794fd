import { performance } from "node:perf_hooks";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { EventDispatcher } from "../src/core/events/dispatcher.js";
import { createLogger } from "../src/core/logger.js";
import { createBenchClinics, scheduledEvent } from "./lib/e2e-common.js";
import { withThrowawayDatabase } from "./lib/pg.js";
import { senderEnv } from "./lib/processes.js";

await withThrowawayDatabase("postgres://postgres@127.0.0.1:5432/postgres", "disp", async (url) => {
  const app = await createApp(loadConfig(senderEnv(1, { DATABASE_URL: url })), {
    logger: createLogger("warn"),
  });
  const clinics = await createBenchClinics(app, 10);
  const base = Date.now();
  const M = 400;
  let k = 0;
  const publish = async (m: number) => {
    let i = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (i < m) {
          i++;
          await app.bus.publish("appointment.scheduled", scheduledEvent(clinics[k % 10]!, k++, base));
        }
      }),
    );
  };
  for (const [lanes, batch] of [
    [1, 100],
    [4, 10],
    [8, 10],
    [1, 100],
  ] as const) {
    await publish(M);
    const ds = Array.from(
      { length: lanes },
      () =>
        new EventDispatcher(
          { database: app.database, bus: app.bus, clock: app.clock, logger: app.logger },
          { batchSize: batch },
        ),
    );
    const t0 = performance.now();
    let n = 0;
    await Promise.all(
      ds.map(async (d) => {
        for (;;) {
          const got = await d.dispatchBatch();
          n += got;
          if (got === 0) break;
        }
      }),
    );
    console.log(
      `lanes ${lanes} batch ${batch}: ${n} events, ${(n / ((performance.now() - t0) / 1000)).toFixed(0)} events/s`,
    );
  }
  await app.close();
});
