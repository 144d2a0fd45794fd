import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { WEBHOOK_DELIVERY_STATUSES } from "../../../core/db/schema.js";
import { ConflictError, NotFoundError } from "../../../core/errors.js";
import { requireInstallationPermission, requirePermission } from "../../../http/auth.js";
import type { HttpContext } from "../../../http/context.js";
import { dataOf, noContent, pageOf, responses } from "../../../http/responses.js";
import { idParams, paged, pageQuery, singleLine, uuid } from "../../../http/schemas.js";
import { listDeliveries, resendDelivery } from "../deliveries-repo.js";
import type { EndpointScope } from "../endpoints-repo.js";
import { WEBHOOK_EVENT_TYPES } from "../event-types.js";
import {
  deliverySchema,
  deliveryView,
  endpointSchema,
  endpointView,
  endpointWithSecretSchema,
  testResultSchema,
  testResultView,
} from "./views.js";

const eventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .max(WEBHOOK_EVENT_TYPES.length)
  .describe("the events to receive; empty or left out: every event");
const url = z.string().trim().min(1, "must not be empty").max(2000);
const description = singleLine(200);

const createBody = z.strictObject({
  url,
  description: description.optional(),
  event_types: eventTypes.optional(),
  enabled: z.boolean().optional(),
});
const updateBody = z.strictObject({
  url: url.optional(),
  description: description.optional(),
  event_types: eventTypes.optional(),
  enabled: z.boolean().optional(),
});
const deliveriesQuery = z.strictObject({
  ...pageQuery,
  endpoint_id: uuid.optional(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
});

interface Door {
  /** `/webhooks` for a clinic's endpoints, `/system-webhooks` for the installation's. */
  path: string;
  tag: string;
  guard: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  scopeOf: (req: FastifyRequest) => EndpointScope;
  who: string;
}

/** The same routes for both doors; every query is scoped to the caller's clinic (or the installation). */
function registerDoor(server: FastifyInstance, ctx: HttpContext, door: Door): void {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;
  const { endpoints } = app.webhooks;
  const { path, guard, scopeOf, who } = door;
  const tags = [door.tag];

  api.get(
    path,
    {
      schema: {
        tags,
        summary: `Webhook endpoints (${who})`,
        response: responses({ 200: pageOf(endpointSchema) }),
      },
      onRequest: guard,
    },
    async (req) => {
      const rows = await endpoints.list(scopeOf(req));
      return paged(rows.map(endpointView), rows.length, 1, rows.length);
    },
  );

  api.post(
    path,
    {
      schema: {
        tags,
        summary: `Add a webhook endpoint (${who}); the answer carries its secret, shown this once`,
        body: createBody,
        response: responses({ 201: dataOf(endpointWithSecretSchema) }),
      },
      onRequest: guard,
    },
    async (req, reply) => {
      const { endpoint, secret } = await endpoints.create(scopeOf(req), {
        url: req.body.url,
        description: req.body.description,
        eventTypes: req.body.event_types,
        enabled: req.body.enabled,
      });
      return reply.code(201).send({ data: { ...endpointView(endpoint), secret } });
    },
  );

  api.get(
    `${path}/deliveries`,
    {
      schema: {
        tags,
        summary: `Webhook deliveries, newest first (${who})`,
        querystring: deliveriesQuery,
        response: responses({ 200: pageOf(deliverySchema) }),
      },
      onRequest: guard,
    },
    async (req) => {
      const { page, page_size, endpoint_id, status } = req.query;
      const { rows, total } = await listDeliveries(
        app.database.db,
        scopeOf(req),
        { endpointId: endpoint_id, status },
        page,
        page_size,
      );
      return paged(rows.map(deliveryView), total, page, page_size);
    },
  );

  api.post(
    `${path}/deliveries/:id/resend`,
    {
      schema: {
        tags,
        summary: "Deliver again now, with the same webhook-id (a delivered or failed delivery; else 409)",
        params: idParams,
        response: responses({ 200: dataOf(deliverySchema) }),
      },
      onRequest: guard,
    },
    async (req) => {
      const { row, found } = await resendDelivery(
        app.database.db,
        scopeOf(req),
        req.params.id,
        app.clock.now(),
      );
      if (!found) throw new NotFoundError("webhook delivery");
      if (!row) throw new ConflictError("the delivery is still pending; it is tried again by itself");
      return { data: deliveryView(row) };
    },
  );

  api.get(
    `${path}/:id`,
    {
      schema: {
        tags,
        summary: "A webhook endpoint",
        params: idParams,
        response: responses({ 200: dataOf(endpointSchema) }),
      },
      onRequest: guard,
    },
    async (req) => ({ data: endpointView(await endpoints.get(scopeOf(req), req.params.id)) }),
  );

  api.patch(
    `${path}/:id`,
    {
      schema: {
        tags,
        summary: "Change a webhook endpoint (URL, description, events, enabled)",
        params: idParams,
        body: updateBody,
        response: responses({ 200: dataOf(endpointSchema) }),
      },
      onRequest: guard,
    },
    async (req) => {
      const row = await endpoints.update(scopeOf(req), req.params.id, {
        url: req.body.url,
        description: req.body.description,
        eventTypes: req.body.event_types,
        enabled: req.body.enabled,
      });
      return { data: endpointView(row) };
    },
  );

  api.delete(
    `${path}/:id`,
    {
      schema: {
        tags,
        summary: "Delete a webhook endpoint and its deliveries",
        params: idParams,
        response: responses({ 204: noContent }),
      },
      onRequest: guard,
    },
    async (req, reply) => {
      await endpoints.remove(scopeOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    `${path}/:id/rotate-secret`,
    {
      schema: {
        tags,
        summary: "A new signing secret, shown this once; the old one stops signing at once",
        params: idParams,
        response: responses({ 200: dataOf(endpointWithSecretSchema) }),
      },
      onRequest: guard,
    },
    async (req) => {
      const { endpoint, secret } = await endpoints.rotateSecret(scopeOf(req), req.params.id);
      return { data: { ...endpointView(endpoint), secret } };
    },
  );

  api.post(
    `${path}/:id/test`,
    {
      schema: {
        tags,
        summary: "Send a signed webhook.test event now; 200 with what the receiver answered",
        params: idParams,
        response: responses({ 200: dataOf(testResultSchema) }),
      },
      onRequest: guard,
    },
    async (req) => {
      const scope = scopeOf(req);
      ctx.limits.smtpTest.take(
        `webhook-test:${scope ?? "installation"}`,
        "too many test events; wait a minute",
      );
      return { data: testResultView(await endpoints.sendTest(scope, req.params.id)) };
    },
  );
}

/**
 * Under /api/v1/notifications: `/webhooks` (a clinic's endpoints; its admins), and
 * `/system-webhooks` (the installation's, which hear every clinic; an installation token).
 */
export function registerWebhookRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const { app } = ctx;
  registerDoor(server, ctx, {
    path: "/webhooks",
    tag: "webhooks",
    who: "the clinic's",
    guard: requirePermission(app.access, "notifications.webhooks.manage"),
    scopeOf: (req) => req.principal!.clinicId,
  });
  registerDoor(server, ctx, {
    path: "/system-webhooks",
    tag: "webhooks",
    who: "installation token",
    guard: requireInstallationPermission(app.tokens, "notifications.system_webhooks.write"),
    scopeOf: () => null,
  });
}
