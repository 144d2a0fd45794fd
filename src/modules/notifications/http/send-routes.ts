import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requirePermission } from "../../../http/auth.js";
import type { HttpContext } from "../../../http/context.js";
import { bodyFloats } from "../../../http/json-floats.js";
import { dataOf, responses } from "../../../http/responses.js";
import { uuid } from "../../../http/schemas.js";
import { manualSend } from "../delivery/index.js";
import { sendResultSchema } from "./responses.js";

export function registerSendRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;
  api.post(
    "/send",
    {
      schema: {
        tags: ["send"],
        summary: "Send a notification now (manual types such as welcome and budget_sent)",
        body: z
          .strictObject({
            notification_type: z.string().min(1).max(64),
            patient_id: uuid,
            appointment_id: uuid.optional(),
            budget_id: uuid.optional(),
            custom_context: z.record(z.string(), z.unknown()).optional(),
          })
          .meta({
            examples: [
              {
                notification_type: "budget_sent",
                patient_id: "5d1c0c3e-8a0f-4f43-b0e4-1f5e0a6b7c22",
                budget_id: "9a0e1f7c-1b2d-4e3f-8a9b-0c1d2e3f4a55",
              },
            ],
          }),
        response: responses({ 200: dataOf(sendResultSchema) }),
      },
      onRequest: requirePermission(app.access, "notifications.send"),
    },
    async (req) => ({
      data: await manualSend(app, req.principal!.clinicId, req.principal!.userId, {
        ...req.body,
        custom_context: bodyFloats(req, req.body.custom_context, "custom_context"),
      }),
    }),
  );
}
