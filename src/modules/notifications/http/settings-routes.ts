import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requirePermission } from "../../../http/auth.js";
import type { HttpContext } from "../../../http/context.js";
import { dataOf, responses } from "../../../http/responses.js";
import { applySettingsUpdate, getClinicSettings, saveClinicSettings } from "../settings/index.js";
import { typesCatalogue } from "../types-catalogue.js";
import { notificationTypesSchema, typeSettingsSchema } from "./responses.js";

const typeSettings = z.record(z.string(), z.record(z.string(), z.unknown()));

export function registerSettingsRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;

  api.get(
    "/types",
    {
      schema: {
        tags: ["notifications"],
        summary: "Notification types this service knows",
        response: responses({ 200: notificationTypesSchema }),
      },
      onRequest: requirePermission(app.access, null),
    },
    async () => typesCatalogue(app.registry),
  );

  api.get(
    "/settings",
    {
      schema: {
        tags: ["notifications"],
        summary: "The clinic's per-type settings",
        response: responses({ 200: dataOf(typeSettingsSchema) }),
      },
      onRequest: requirePermission(app.access, "notifications.settings.read"),
    },
    async (req) => ({
      data: { settings: await getClinicSettings(app.database.db, app.registry, req.principal!.clinicId) },
    }),
  );

  api.put(
    "/settings",
    {
      schema: {
        tags: ["notifications"],
        summary: "Update per-type settings; a new hours_before re-plans pending reminders",
        body: z.strictObject({ settings: typeSettings }),
        response: responses({ 200: dataOf(typeSettingsSchema) }),
      },
      onRequest: requirePermission(app.access, "notifications.settings.write"),
    },
    async (req) => {
      const clinicId = req.principal!.clinicId;
      const saved = await app.database.db.transaction(async (tx) => {
        const current = await getClinicSettings(tx, app.registry, clinicId);
        const next = applySettingsUpdate(app.registry, current, req.body.settings);
        await saveClinicSettings(tx, clinicId, next);
        const before = current.appointment_reminder?.hours_before;
        const after = next.appointment_reminder?.hours_before;
        if (after !== undefined && after !== before) await app.reminders.replan(clinicId, after, tx);
        return next;
      });
      app.worker.wake();
      return { data: { settings: saved } };
    },
  );
}
