import { startSinkProcess } from "../test/support/sink-process.js";
import { benchCeiling, benchPerConnection } from "./baselines.js";
import { benchE2ePglite, benchE2ePostgres } from "./e2e.js";

const sink = await startSinkProcess();
try {
  console.log("ceiling", await benchCeiling(sink, 1000));
  console.log("perconn", await benchPerConnection(sink, 30, 4));
  const settings = { n: 500, clinics: 10, publishConcurrency: 8, timeoutSeconds: 120 };
  await sink.reset();
  console.log(
    await benchE2ePostgres({
      adminUrl: "postgres://postgres@127.0.0.1:5432/postgres",
      sinkPort: sink.port,
      workers: 1,
      concurrency: 4,
      settings,
    }),
  );
  console.log(await sink.stats());
  await sink.reset();
  console.log(await benchE2ePglite({ sinkPort: sink.port, concurrency: 4, settings }));
  console.log(await sink.stats());
} finally {
  await sink.close();
}
