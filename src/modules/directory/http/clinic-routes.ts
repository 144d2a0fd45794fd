import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { isValidTimeZone } from "../../../core/clock.js";
import { clinics } from "../../../core/db/schema.js";
import { NotFoundError, ValidationError } from "../../../core/errors.js";
import { requirePermission } from "../../../http/auth.js";
import type { HttpContext } from "../../../http/context.js";
import { dataOf, responses } from "../../../http/responses.js";
import { email, localeCode, requiredName, singleLine } from "../../../http/schemas.js";
import { findClinic } from "../clinics-repo.js";
import { clinicView } from "./auth-routes.js";
import { clinicSchema } from "./responses.js";

const body = z.strictObject({
  name: requiredName.optional(),
  timezone: z.string().max(64).optional(),
  default_locale: localeCode.optional(),
  email: email.nullable().optional(),
  phone: singleLine(40).nullable().optional(),
  address: singleLine(300).nullable().optional(),
});

/** The caller's own clinic: its name, time zone and language (what its emails speak by default). */
export function registerClinicRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;

  api.get(
    "/clinic",
    {
      schema: {
        tags: ["directory"],
        summary: "The clinic of the token",
        response: responses({ 200: dataOf(clinicSchema) }),
      },
      onRequest: requirePermission(app.access, null),
    },
    async (req) => {
      const clinic = await findClinic(app.database.db, req.principal!.clinicId);
      if (!clinic) throw new NotFoundError("clinic");
      return { data: clinicView(clinic) };
    },
  );

  api.patch(
    "/clinic",
    {
      schema: {
        tags: ["directory"],
        summary: "Change the clinic's name, time zone, language or contact details (fields left out stay)",
        body,
        response: responses({ 200: dataOf(clinicSchema) }),
      },
      onRequest: requirePermission(app.access, "notifications.settings.write"),
    },
    async (req) => {
      const b = req.body;
      if (b.timezone !== undefined && !isValidTimeZone(b.timezone)) {
        throw ValidationError.field(
          "timezone",
          "expected an IANA time zone such as Europe/Madrid",
          "invalid_timezone",
        );
      }
      if (b.default_locale !== undefined) {
        const shipped = app.templates.locales().map((l) => l.code);
        if (!shipped.includes(b.default_locale)) {
          throw ValidationError.field(
            "default_locale",
            `expected one of ${shipped.join(", ")}`,
            "unsupported_locale",
          );
        }
      }
      const values = {
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.timezone !== undefined ? { timezone: b.timezone } : {}),
        ...(b.default_locale !== undefined ? { defaultLocale: b.default_locale } : {}),
        ...(b.email !== undefined ? { email: b.email } : {}),
        ...(b.phone !== undefined ? { phone: b.phone || null } : {}),
        ...(b.address !== undefined ? { address: b.address || null } : {}),
      };
      const clinicId = req.principal!.clinicId;
      if (Object.keys(values).length > 0) {
        await app.database.db
          .update(clinics)
          .set({ ...values, updatedAt: new Date() })
          .where(eq(clinics.id, clinicId));
      }
      const clinic = await findClinic(app.database.db, clinicId);
      if (!clinic) throw new NotFoundError("clinic");
      return { data: clinicView(clinic) };
    },
  );
}
