import { performance } from "node:perf_hooks";
import pg from "pg";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/core/logger.js";
import { createBenchClinics, scheduledEvent } from "./lib/e2e-common.js";
import { withThrowawayDatabase } from "./lib/pg.js";
import { senderEnv } from "./lib/processes.js";

const counts = new Map<string, number>();
const orig = pg.Client.prototype.query;
(pg.Client.prototype as any).query = function (this: any, q: any, ...rest: any[]) {
  const text = typeof q === "string" ? q : (q?.text ?? "");
  const key = text.replace(/\s+/g, " ").slice(0, 90);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  return (orig as any).call(this, q, ...rest);
};
await withThrowawayDatabase("postgres://postgres@127.0.0.1:5432/postgres", "prof", async (url) => {
  const app = await createApp(loadConfig(senderEnv(1, { DATABASE_URL: url })), {
    logger: createLogger("warn"),
  });
  const clinics = await createBenchClinics(app, 10);
  const base = Date.now();
  counts.clear();
  let t0 = performance.now();
  for (let i = 0; i < 300; i++)
    await app.bus.publish("appointment.scheduled", scheduledEvent(clinics[i % 10]!, i, base));
  console.log(
    "publish ms/event",
    ((performance.now() - t0) / 300).toFixed(2),
    "queries/event",
    [...counts.values()].reduce((a, b) => a + b, 0) / 300,
  );
  console.log(
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([k, n]) => `${(n / 300).toFixed(2)}  ${k}`)
      .join("\n"),
  );
  counts.clear();
  t0 = performance.now();
  let n = 0;
  while (n < 300) n += await app.dispatcher.dispatchBatch();
  console.log(
    "dispatch ms/event",
    ((performance.now() - t0) / 300).toFixed(2),
    "queries/event",
    [...counts.values()].reduce((a, b) => a + b, 0) / 300,
  );
  console.log(
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([k, n]) => `${(n / 300).toFixed(2)}  ${k}`)
      .join("\n"),
  );
  const { startSinkProcess } = await import("../test/support/sink-process.js");
  const sink = await startSinkProcess();
  const app2 = await createApp(loadConfig(senderEnv(sink.port, { DATABASE_URL: url })), {
    logger: createLogger("warn"),
    migrate: false,
  });
  counts.clear();
  t0 = performance.now();
  n = 0;
  while (n < 300) n += await app2.worker.runOnce();
  console.log(
    "worker ms/email",
    ((performance.now() - t0) / 300).toFixed(2),
    "queries/email",
    [...counts.values()].reduce((a, b) => a + b, 0) / 300,
  );
  console.log(
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([k, n]) => `${(n / 300).toFixed(2)}  ${k}`)
      .join("\n"),
  );
  await app2.close();
  await sink.close();
  await app.close();
});
