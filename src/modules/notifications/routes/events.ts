import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ValidationError } from "../../../core/errors.js";
import { requirePermission } from "../../../http/auth.js";
import type { HttpContext } from "../../../http/server.js";

/** The sidecar door: platforms in other languages publish the same events over HTTP. */
export function registerEventRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;
  api.post(
    "/events",
    {
      schema: {
        tags: ["events"],
        summary: "Publish an event (durable, idempotent): 202 stored, 200 duplicate",
        body: z.strictObject({
          event: z.string().min(1).max(100),
          payload: z.record(z.string(), z.unknown()),
          idempotency_key: z.string().trim().min(1, "must not be empty").max(200),
        }),
      },
      onRequest: requirePermission(app.tokens, "notifications.events.publish"),
    },
    async (req, reply) => {
      const clinicId = req.principal!.clinicId;
      const { event, payload, idempotency_key } = req.body;
      if (payload.clinic_id !== undefined && payload.clinic_id !== clinicId) {
        throw ValidationError.field("payload.clinic_id", "must be the clinic of your token (or left out)");
      }
      const result = await app.bus.publish(
        event,
        { ...payload, clinic_id: clinicId },
        { idempotencyKey: idempotency_key },
      );
      return reply
        .code(result.duplicate ? 200 : 202)
        .send({ data: { event_id: result.eventId, duplicate: result.duplicate } });
    },
  );
}
