import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ValidationError } from "../../../core/errors.js";
import { requirePermission } from "../../../http/auth.js";
import type { HttpContext } from "../../../http/context.js";
import { bodyFloats } from "../../../http/json-floats.js";
import { dataOf, responses } from "../../../http/responses.js";
import { publishedEventSchema } from "./responses.js";

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
        body: z
          .strictObject({
            event: z.string().min(1).max(100),
            payload: z.record(z.string(), z.unknown()),
            idempotency_key: z.string().trim().min(1, "must not be empty").max(200),
          })
          .meta({
            examples: [
              {
                event: "appointment.scheduled",
                idempotency_key: "agenda-appointment-7f9c-created",
                payload: {
                  appointment_id: "0b6b8a52-3f4e-4c1a-9a77-2f8a1f0c9d11",
                  patient_id: "5d1c0c3e-8a0f-4f43-b0e4-1f5e0a6b7c22",
                  patient_email: "maria.garcia@example.com",
                  patient_name: "María García López",
                  start_time: "2026-12-01T10:30:00+01:00",
                  professional_name: "Dra. Lucía Martín",
                },
              },
            ],
          }),
        response: responses({ 200: dataOf(publishedEventSchema), 202: dataOf(publishedEventSchema) }),
      },
      onRequest: requirePermission(app.access, "notifications.events.publish"),
    },
    async (req, reply) => {
      const clinicId = req.principal!.clinicId;
      const { event, payload, idempotency_key } = req.body;
      if (!app.bus.publishableFromOutside(event)) {
        throw ValidationError.field(
          "event",
          "is reported by this service itself and cannot be published",
          "event_not_publishable",
        );
      }
      if (payload.clinic_id !== undefined && payload.clinic_id !== clinicId) {
        throw ValidationError.field(
          "payload.clinic_id",
          "must be the clinic of your token (or left out)",
          "clinic_mismatch",
        );
      }
      const result = await app.bus.publish(
        event,
        { ...bodyFloats(req, payload, "payload"), clinic_id: clinicId },
        { idempotencyKey: idempotency_key },
      );
      return reply
        .code(result.duplicate ? 200 : 202)
        .send({ data: { event_id: result.eventId, duplicate: result.duplicate } });
    },
  );
}
