import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from "fastify-type-provider-zod";
import type { App } from "../app.js";
import { migrationsApplied } from "../core/db/migrate.js";
import {
  registerAuthRoutes,
  registerClinicRoutes,
  registerDirectoryRoutes,
} from "../modules/directory/http/index.js";
import {
  registerEventRoutes,
  registerNotificationRoutes,
  registerPatientPages,
} from "../modules/notifications/http/index.js";
import { registerWebhookRoutes } from "../modules/webhooks/http/index.js";
import type { HttpContext } from "./context.js";
import { registerErrorHandling, sendProblem } from "./errors.js";
import { InFlightLimiter } from "./in-flight-limiter.js";
import { keepJsonFloats } from "./json-floats.js";
import { registerMetricsRoute } from "./metrics-route.js";
import { rejectNulBytes } from "./nul-guard.js";
import { RateLimiter } from "./rate-limiter.js";
import { registerSecurityHeaders } from "./security-headers.js";

const WEB_DIST = fileURLToPath(new URL("../../web/dist", import.meta.url));

export type Server = FastifyInstance;

/**
 * zod registers every named schema twice, as read (`Problem`) and as written (`ProblemInput`);
 * the routes only answer with them, so the unreferenced input twins are left out.
 */
function withoutUnusedInputs<T>(document: T): T {
  const doc = document as { components?: { schemas?: Record<string, unknown> } };
  const schemas = doc.components?.schemas;
  if (!schemas) return document;
  const isTwin = (name: string) => name.endsWith("Input") && name.slice(0, -"Input".length) in schemas;
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => !isTwin(name)));
  const text = JSON.stringify({ ...doc, components: { ...doc.components, schemas: kept } });
  for (const name of Object.keys(schemas)) {
    if (isTwin(name) && !text.includes(`"#/components/schemas/${name}"`)) delete schemas[name];
  }
  return document;
}

export async function buildServer(app: App, options: { limits?: Partial<HttpContext["limits"]> } = {}) {
  const server: FastifyInstance = Fastify({
    loggerInstance: app.logger as unknown as FastifyBaseLogger,
    bodyLimit: 512 * 1024,
    // Patient links carry a signed token in the path.
    routerOptions: { maxParamLength: 2048 },
    // Off by default: with it on, any client could choose its own address in X-Forwarded-For
    // (and so its own login limit). TRUST_PROXY names the proxies to believe.
    // Fastify takes a hop count too; its types leave the number out.
    trustProxy: app.config.http.trustProxy as boolean | string[],
    // A body trickled in byte by byte must not hold a connection forever.
    requestTimeout: app.config.http.requestTimeoutMs,
    http: {
      requestTimeout: app.config.http.requestTimeoutMs,
      headersTimeout: Math.min(60_000, app.config.http.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(5_000, Math.max(250, app.config.http.requestTimeoutMs / 4)),
    },
  });
  // A body's floats such as `1200.0` reach templates as floats (see bodyFloats).
  keepJsonFloats(server);
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(server);
  await registerSecurityHeaders(server);

  await server.register(fastifySwagger, {
    openapi: {
      info: {
        title: "DentalPin Notifications",
        description:
          "Email notifications for dental clinics. Authenticate with `Authorization: Bearer <jwt>`; " +
          "errors are application/problem+json.",
        version: "1.0.0",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas with an id (Problem, EmailLog, …) become named components.
    transformObject: (document) => withoutUnusedInputs(jsonSchemaTransformObject(document)),
  });
  await server.register(fastifySwaggerUi, { routePrefix: "/docs" });

  const ctx: HttpContext = {
    app,
    limits: {
      smtpTest: options.limits?.smtpTest ?? new RateLimiter(20),
      login: options.limits?.login ?? new RateLimiter(20),
      loginAccount: options.limits?.loginAccount ?? new RateLimiter(10, { windowMs: 15 * 60_000 }),
      templateRenders: options.limits?.templateRenders ?? new InFlightLimiter(2),
    },
  };

  server.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));
  server.get("/readyz", { schema: { hide: true } }, async (_req, reply) => {
    try {
      if (!(await migrationsApplied(app.database))) {
        return sendProblem(reply, "not_ready", "database migrations are not applied");
      }
      return { status: "ready", database: app.database.kind };
    } catch {
      return sendProblem(reply, "not_ready", "the database is not reachable");
    }
  });

  registerMetricsRoute(server, app);

  await server.register(
    async (api) => {
      rejectNulBytes(api);
      registerAuthRoutes(api, ctx);
      registerDirectoryRoutes(api, ctx);
      registerClinicRoutes(api, ctx);
      registerEventRoutes(api, ctx);
      await api.register(async (n) => registerNotificationRoutes(n, ctx), { prefix: "/notifications" });
      await api.register(async (n) => registerWebhookRoutes(n, ctx), { prefix: "/notifications" });
    },
    { prefix: "/api/v1" },
  );
  registerPatientPages(server, ctx);

  const ui = existsSync(WEB_DIST);
  if (ui) await server.register(fastifyStatic, { root: WEB_DIST, prefix: "/", wildcard: false });
  server.setNotFoundHandler((request, reply) => {
    const url = request.url.split("?")[0] ?? "";
    // The staff UI is a single-page app: unknown non-API pages get its index.
    if (ui && request.method === "GET" && !url.startsWith("/api/") && !path.extname(url)) {
      return reply.sendFile("index.html");
    }
    return sendProblem(reply, "not_found", `no route ${request.method} ${url}`);
  });
  await server.ready();
  return server;
}
