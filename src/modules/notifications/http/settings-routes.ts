import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requirePermission } from "../../../http/auth.js";
import type { HttpContext } from "../../../http/context.js";
import { dataOf, responses } from "../../../http/responses.js";
import { refitWaitingEmails } from "../dispatch/index.js";
import {
  applySettingsUpdate,
  getClinicSettings,
  getSendWindow,
  parseSendWindow,
  saveClinicSettings,
  saveSendWindow,
  sendWindowView,
} from "../settings/index.js";
import { typesCatalogue } from "../types-catalogue.js";
import { notificationTypesSchema, typeSettingsSchema } from "./responses.js";

const typeSettings = z.record(z.string(), z.record(z.string(), z.unknown()));
// Checked by parseSendWindow, so every bad end is named with the rule it breaks.
const sendWindowBody = z.strictObject({ start: z.string().nullable(), end: z.string().nullable() });

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
    async (req) => {
      const { clinicId } = req.principal!;
      const settings = await getClinicSettings(app.database.db, app.registry, clinicId);
      const window = await getSendWindow(app.database.db, clinicId);
      return { data: { settings, send_window: sendWindowView(window?.window ?? null) } };
    },
  );

  api.put(
    "/settings",
    {
      schema: {
        tags: ["notifications"],
        summary:
          "Update per-type settings and the sending window; a new hours_before or window re-plans pending reminders",
        body: z.strictObject({ settings: typeSettings.default({}), send_window: sendWindowBody.optional() }),
        response: responses({ 200: dataOf(typeSettingsSchema) }),
      },
      onRequest: requirePermission(app.access, "notifications.settings.write"),
    },
    async (req) => {
      const clinicId = req.principal!.clinicId;
      const saved = await app.database.db.transaction(async (tx) => {
        const current = await getClinicSettings(tx, app.registry, clinicId);
        const next = applySettingsUpdate(app.registry, current, req.body.settings);
        const windowBefore = (await getSendWindow(tx, clinicId))?.window ?? null;
        const window = req.body.send_window ? parseSendWindow(req.body.send_window) : windowBefore;
        await saveClinicSettings(tx, clinicId, next);
        const windowChanged = JSON.stringify(window) !== JSON.stringify(windowBefore);
        if (windowChanged) await saveSendWindow(tx, clinicId, window);
        const before = current.appointment_reminder?.hours_before;
        const after = next.appointment_reminder?.hours_before;
        if (after !== undefined && (after !== before || windowChanged))
          await app.reminders.replan(clinicId, after, tx);
        if (windowChanged) await refitWaitingEmails(tx, app.registry, clinicId, app.clock.now());
        return { settings: next, send_window: sendWindowView(window) };
      });
      app.worker.wake();
      return { data: saved };
    },
  );
}
