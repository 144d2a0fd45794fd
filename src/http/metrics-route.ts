import type { FastifyInstance } from "fastify";
import type { App } from "../app.js";
import { metricsAccess } from "../core/metrics/index.js";
import { sendProblem } from "./errors.js";

/**
 * GET /metrics, the Prometheus exposition: behind METRICS_TOKEN, or for this machine only
 * when no token is set. `request.ip` is the socket's peer, or, with TRUST_PROXY, the client
 * the proxy forwarded for (so a local proxy does not make every outside client local).
 */
export function registerMetricsRoute(server: FastifyInstance, app: App): void {
  server.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    // Answered here, not left to the staff UI's catch-all, which would serve its page.
    if (!app.config.metrics.enabled)
      return sendProblem(reply, "not_found", "metrics are off (METRICS_ENABLED=false)");
    const access = metricsAccess({
      token: app.config.metrics.token,
      authorization: request.headers.authorization,
      clientAddress: request.ip,
    });
    if (access === "token_required") {
      reply.header("www-authenticate", 'Bearer realm="metrics"');
      return sendProblem(reply, "unauthorized", "GET /metrics needs the METRICS_TOKEN bearer token");
    }
    if (access === "loopback_only") {
      return sendProblem(
        reply,
        "forbidden",
        "GET /metrics answers this machine only unless METRICS_TOKEN is set",
      );
    }
    let body: string;
    try {
      body = await app.metricsRegistry.metrics();
    } catch (err) {
      request.log.error({ err }, "metrics could not be read");
      return sendProblem(reply, "not_ready", "the database could not be read for the metrics");
    }
    return reply.type(app.metricsRegistry.contentType).send(body);
  });
}
