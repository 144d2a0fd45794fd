import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { App } from "../app.js";
import { registerErrorHandling } from "./errors.js";
import { registerMetricsRoute } from "./metrics-route.js";

/**
 * A worker-only process's /metrics (METRICS_PORT): its counters are its own, so Prometheus
 * must reach each worker too. Nothing else is served here.
 */
export async function buildMetricsServer(app: App): Promise<FastifyInstance> {
  const server: FastifyInstance = Fastify({
    loggerInstance: app.logger as unknown as FastifyBaseLogger,
    trustProxy: app.config.http.trustProxy as boolean | string[],
    requestTimeout: app.config.http.requestTimeoutMs,
  });
  registerErrorHandling(server);
  registerMetricsRoute(server, app);
  server.setNotFoundHandler((_request, reply) => reply.code(404).send());
  await server.ready();
  return server;
}
