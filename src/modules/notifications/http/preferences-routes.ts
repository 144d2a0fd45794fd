import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requirePermission } from "../../../http/auth.js";
import type { HttpContext } from "../../../http/context.js";
import { dataOf, responses } from "../../../http/responses.js";
import { localeCode, uuid } from "../../../http/schemas.js";
import { getPreferences, preferencesView, updatePreferences } from "../settings/index.js";
import { preferencesSchema } from "./responses.js";

export function registerPreferenceRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;
  const params = z.strictObject({ patient_id: uuid });

  api.get(
    "/preferences/patient/:patient_id",
    {
      schema: { tags: ["preferences"], params, response: responses({ 200: dataOf(preferencesSchema) }) },
      onRequest: requirePermission(app.access, "notifications.preferences.read"),
    },
    async (req) => ({
      data: preferencesView(
        await getPreferences(app.database.db, app.registry, req.principal!.clinicId, req.params.patient_id),
      ),
    }),
  );

  api.put(
    "/preferences/patient/:patient_id",
    {
      schema: {
        tags: ["preferences"],
        summary: "A patient's opt-ins: email master toggle, per type, language",
        params,
        body: z.strictObject({
          email_enabled: z.boolean().optional(),
          preferences: z.record(z.string(), z.boolean()).optional(),
          preferred_locale: localeCode.optional(),
          confirm_resubscribe: z
            .boolean()
            .optional()
            .describe("required (true) to turn email back on for a patient who unsubscribed themselves"),
        }),
        response: responses({ 200: dataOf(preferencesSchema) }),
      },
      onRequest: requirePermission(app.access, "notifications.preferences.write"),
    },
    async (req) => {
      const p = req.principal!;
      const now = app.clock.now();
      const saved = await updatePreferences(
        app.database.db,
        app.registry,
        p.clinicId,
        req.params.patient_id,
        req.body,
        { kind: "staff", userId: p.userId },
        now,
        app.preferenceReports,
      );
      if (saved.audit?.resubscribedAt?.getTime() === now.getTime()) {
        req.log.info(
          { patient_id: req.params.patient_id, user_id: p.userId, clinic_id: p.clinicId },
          "email turned back on, with confirmation, for a patient who had unsubscribed",
        );
      }
      return { data: preferencesView(saved) };
    },
  );
}
