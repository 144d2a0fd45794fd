import { collectDefaultMetrics } from "prom-client";
import { createApp } from "../app.js";
import type { Config } from "../config.js";
import type { Logger } from "../core/logger.js";
import { buildMetricsServer } from "../http/metrics-server.js";
import { buildServer } from "../http/server.js";
import { hasAnyClinic, seedDemo } from "../modules/directory/index.js";

/**
 * Runs until SIGTERM/SIGINT: then stops taking requests and claiming work, lets the work in
 * hand finish, and closes the database.
 */
export async function serve(
  config: Config,
  logger: Logger,
  options: { worker: boolean; http?: boolean; seed: boolean },
): Promise<void> {
  const app = await createApp(config, { logger });
  // Template edits made by any process (API, CLI) show in this one's emails at once.
  await app.watchTemplates();
  // The process's own figures (CPU, memory, event loop, GC), once per process: createApp may
  // run more than once in a process that embeds it, and these watch the whole process.
  // The event-loop delay is sampled every 100 ms, not every 10 (prom-client's default): a timer
  // 100 times a second is a visible share of an idle process's CPU, and a delay worth an
  // alert is far longer than 100 ms.
  collectDefaultMetrics({ register: app.metricsRegistry, eventLoopMonitoringPrecision: 100 });
  if (options.seed && !(await hasAnyClinic(app.database))) {
    const demo = await seedDemo(app.database);
    process.stderr.write(
      [
        "",
        `  Demo clinic created. Log in at ${config.publicUrl}/ with:`,
        `    email:    ${demo.admin_email}`,
        `    password: ${demo.admin_password}`,
        "  (shown once; create more users with: npm run cli -- users create ...)",
        "",
      ].join("\n"),
    );
  }
  const server = options.http === false ? null : await buildServer(app);
  if (server) {
    await server.listen({ port: config.port, host: config.host });
    // A plain line at every start, whatever the log format: where to open the staff UI.
    process.stderr.write(
      `DentalPin Notifications: open ${config.publicUrl}/ (API under /api/v1, docs at /docs)\n`,
    );
    logger.info(
      { url: config.publicUrl, database: app.database.describe },
      "DentalPin Notifications is listening",
    );
  }
  // A worker-only process counts its own emails: it serves them on METRICS_PORT when asked.
  const metricsServer =
    server === null && config.metrics.enabled && config.metrics.port !== null
      ? await buildMetricsServer(app)
      : null;
  if (metricsServer) {
    await metricsServer.listen({ port: config.metrics.port!, host: config.host });
    logger.info({ port: config.metrics.port }, "metrics served on /metrics");
  }
  if (options.worker) {
    await app.startBackground();
    logger.info({ concurrency: config.worker.concurrency }, "worker started");
  }
  await new Promise<void>((resolve) => {
    const stop = async (signal: string) => {
      logger.info({ signal }, "shutting down");
      await server?.close();
      await metricsServer?.close();
      await app.close();
      resolve();
    };
    process.once("SIGTERM", () => void stop("SIGTERM"));
    process.once("SIGINT", () => void stop("SIGINT"));
  });
}
