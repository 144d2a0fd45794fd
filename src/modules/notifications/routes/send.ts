import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requirePermission } from "../../../http/auth.js";
import { uuid } from "../../../http/schemas.js";
import type { HttpContext } from "../../../http/server.js";
import { manualSend } from "../manual-send.js";

export function registerSendRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;
  api.post(
    "/send",
    {
      schema: {
        tags: ["send"],
        summary: "Send a notification now (manual types such as welcome and budget_sent)",
        body: z.strictObject({
          notification_type: z.string().min(1).max(64),
          patient_id: uuid,
          appointment_id: uuid.optional(),
          budget_id: uuid.optional(),
          custom_context: z.record(z.string(), z.unknown()).optional(),
        }),
      },
      onRequest: requirePermission(app.tokens, "notifications.send"),
    },
    async (req) => ({
      data: await manualSend(app, req.principal!.clinicId, req.principal!.userId, req.body),
    }),
  );
}
