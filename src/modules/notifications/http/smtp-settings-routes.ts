import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { parseCaCertificates } from "../../../core/email/ca-certificate.js";
import type { SmtpSettings } from "../../../core/email/index.js";
import { type FieldError, ValidationError } from "../../../core/errors.js";
import { requirePermission } from "../../../http/auth.js";
import type { HttpContext } from "../../../http/context.js";
import { dataOf, responses } from "../../../http/responses.js";
import { email, iso } from "../../../http/schemas.js";
import { findClinic } from "../../directory/index.js";
import { sendTestEmail, testEmailWords } from "../delivery/index.js";
import {
  findSmtpSettings,
  markSmtpVerified,
  type SmtpSettingsRow,
  upsertSmtpSettings,
} from "../settings/index.js";
import { smtpTestCode } from "../smtp-test-codes.js";
import { smtpSaveResultSchema, smtpSettingsSchema, testResultSchema } from "./responses.js";

const hostname = z
  .string()
  .trim()
  .max(253)
  .regex(/^[A-Za-z0-9.\-:[\]]*$/, "expected a host name or IP address");
const settingsFields = {
  provider: z.enum(["smtp", "console", "disabled"]).default("smtp"),
  host: hostname.default(""),
  port: z.number().int().min(1, "must be from 1 to 65535").max(65535, "must be from 1 to 65535").default(587),
  username: z.string().max(320).default(""),
  password: z.string().max(1024).optional(),
  use_tls: z.boolean().default(true),
  use_ssl: z.boolean().default(false),
  from_email: z.union([email, z.literal("")]).default(""),
  from_name: z.string().trim().max(200).default(""),
  /** PEM; absent keeps the stored one, null or "" removes it. */
  ca_certificate: z.string().max(65_536).nullable().optional(),
};
// What GET answers besides the settings: accepted back in a PUT and ignored, so a client can
// send what it read (changed where it wants) without stripping each read-only field.
const readOnlyFields = {
  configured: z.boolean().optional(),
  has_password: z.boolean().optional(),
  is_verified: z.boolean().optional(),
  last_verified_at: z.string().nullable().optional(),
  password_cleared: z.boolean().optional(),
  notice: z.string().optional(),
};
const settingsBody = z.strictObject({ ...settingsFields, ...readOnlyFields }).meta({
  examples: [
    {
      provider: "smtp",
      host: "smtp.gmail.com",
      port: 587,
      username: "clinica@gmail.com",
      password: "app-password",
      use_tls: true,
      use_ssl: false,
      from_email: "citas@clinica.example",
      from_name: "Clínica Dental Sonrisas",
    },
  ],
});

/**
 * A stored password belongs to the server and account it was typed for: it is never sent
 * to another host, port or username (a clinic user changing the host must not be able to
 * have the server hand the saved password to a machine they control).
 */
function sameAccount(
  saved: Pick<SmtpSettingsRow, "host" | "port" | "username">,
  other: { host: string; port: number; username: string },
): boolean {
  return (
    saved.host.trim().toLowerCase() === other.host.trim().toLowerCase() &&
    saved.port === other.port &&
    saved.username === other.username
  );
}

const PASSWORD_CLEARED =
  "the saved password was removed because the server, port or username changed; enter the password again";
const PASSWORD_NOT_USED =
  "the saved password was not used because the server, port or username differ from the saved settings";

/** The stored form of a CA bundle from a request; 422 on `ca_certificate` when it is not one. */
function caPem(value: string | null): string | null {
  if (value === null || value.trim() === "") return null;
  const parsed = parseCaCertificates(value);
  if ("error" in parsed) {
    const params = parsed.notCa === undefined ? {} : { params: { not_ca: parsed.notCa } };
    throw new ValidationError([
      { field: "ca_certificate", message: parsed.error, code: "invalid_ca_certificate", ...params },
    ]);
  }
  return parsed.pem;
}

function view(row: SmtpSettingsRow | undefined, fallbackProvider: string) {
  return {
    configured: Boolean(row),
    provider: (row?.provider ?? fallbackProvider) as "smtp" | "console" | "disabled",
    host: row?.host ?? "",
    port: row?.port ?? 587,
    username: row?.username ?? "",
    has_password: Boolean(row?.passwordEncrypted),
    use_tls: row?.useTls ?? true,
    use_ssl: row?.useSsl ?? false,
    from_email: row?.fromEmail ?? "",
    from_name: row?.fromName ?? "",
    ca_certificate: row?.caCertificate ?? null,
    is_verified: row?.isVerified ?? false,
    last_verified_at: iso(row?.lastVerifiedAt),
  };
}

function checkSmtpFields(b: {
  provider: string;
  host: string;
  use_tls: boolean;
  use_ssl: boolean;
  from_email: string;
}) {
  const errors: FieldError[] = [];
  if (b.use_tls && b.use_ssl) {
    errors.push({
      field: "use_ssl",
      code: "tls_and_ssl",
      message: "choose STARTTLS (use_tls, port 587) or SSL (use_ssl, port 465), not both",
    });
  }
  if (b.provider === "smtp") {
    if (!b.host)
      errors.push({ field: "host", code: "required", message: "is required for the smtp provider" });
    if (!b.from_email)
      errors.push({ field: "from_email", code: "required", message: "is required for the smtp provider" });
  }
  if (errors.length) throw new ValidationError(errors);
}

export function registerSmtpRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;
  const fallback = app.config.email.enabled ? app.config.email.provider : "disabled";

  api.get(
    "/smtp-settings",
    {
      schema: {
        tags: ["smtp"],
        summary: "The clinic's email server (never the password: has_password)",
        response: responses({ 200: dataOf(smtpSettingsSchema) }),
      },
      onRequest: requirePermission(app.access, "notifications.settings.read"),
    },
    async (req) => ({
      data: view(await findSmtpSettings(app.database.db, req.principal!.clinicId), fallback),
    }),
  );

  api.put(
    "/smtp-settings",
    {
      schema: {
        tags: ["smtp"],
        summary: "Save the email server; without password the stored one is kept; resets is_verified",
        body: settingsBody,
        response: responses({ 200: dataOf(smtpSaveResultSchema) }),
      },
      onRequest: requirePermission(app.access, "notifications.settings.write"),
    },
    async (req) => {
      const clinicId = req.principal!.clinicId;
      const b = req.body;
      checkSmtpFields(b);
      if (b.provider === "smtp") await app.email.assertAllowedHost(b.host);
      const current = await findSmtpSettings(app.database.db, clinicId);
      const keepsAccount = current ? sameAccount(current, b) : false;
      const passwordCleared =
        b.password === undefined && Boolean(current?.passwordEncrypted) && !keepsAccount;
      const passwordEncrypted =
        b.password === undefined
          ? keepsAccount
            ? (current?.passwordEncrypted ?? null)
            : null
          : b.password === ""
            ? null
            : app.cipher.encryptPassword(b.password);
      const row = await upsertSmtpSettings(app.database.db, clinicId, {
        provider: b.provider,
        host: b.host,
        port: b.port,
        username: b.username,
        passwordEncrypted,
        useTls: b.use_tls,
        useSsl: b.use_ssl,
        fromEmail: b.from_email,
        fromName: b.from_name,
        caCertificate:
          b.ca_certificate === undefined ? (current?.caCertificate ?? null) : caPem(b.ca_certificate),
        isVerified: false,
        lastVerifiedAt: null,
      });
      app.email.invalidate(clinicId);
      return {
        data: {
          ...view(row, fallback),
          password_cleared: passwordCleared,
          ...(passwordCleared ? { notice: PASSWORD_CLEARED } : {}),
        },
      };
    },
  );

  api.post(
    "/smtp-settings/test",
    {
      schema: {
        tags: ["smtp"],
        summary: "Connect, authenticate and send a test email; answers what the server said",
        body: z.strictObject({
          to_email: email,
          ...Object.fromEntries(Object.entries(settingsFields).map(([k, v]) => [k, v.optional()])),
        }) as unknown as z.ZodObject<
          { to_email: typeof email } & {
            [K in keyof typeof settingsFields]: z.ZodOptional<(typeof settingsFields)[K]>;
          }
        >,
        response: responses({ 200: dataOf(testResultSchema) }),
      },
      onRequest: requirePermission(app.access, "notifications.settings.write"),
    },
    async (req) => {
      const clinicId = req.principal!.clinicId;
      ctx.limits.smtpTest.take(`smtp-test:${clinicId}`, "too many test emails; wait a minute");
      const saved = await findSmtpSettings(app.database.db, clinicId);
      const b = req.body as Record<string, unknown> & { to_email: string };
      const hasBodySettings = typeof b.host === "string" && b.host !== "";
      if (!hasBodySettings) {
        if (saved?.provider !== "smtp") {
          // Nothing SMTP to verify: send through whatever this clinic uses now (console, global…).
          return { data: await sendTestEmail(app, clinicId, b.to_email, req.principal!.userId) };
        }
      }
      const account = {
        host: String(b.host ?? ""),
        port: Number(b.port ?? 587),
        username: String(b.username ?? ""),
      };
      const savedPasswordWithheld =
        hasBodySettings &&
        typeof b.password !== "string" &&
        Boolean(saved?.passwordEncrypted) &&
        !(saved && sameAccount(saved, account));
      const settings: SmtpSettings = hasBodySettings
        ? {
            ...account,
            password:
              typeof b.password === "string"
                ? b.password
                : savedPasswordWithheld
                  ? null
                  : app.cipher.decryptPassword(saved?.passwordEncrypted ?? null),
            useTls: b.use_tls === undefined ? true : Boolean(b.use_tls),
            useSsl: Boolean(b.use_ssl ?? false),
            fromEmail: String(b.from_email ?? saved?.fromEmail ?? ""),
            fromName: String(b.from_name ?? saved?.fromName ?? ""),
            caCertificate:
              b.ca_certificate === undefined
                ? (saved?.caCertificate ?? null)
                : caPem(b.ca_certificate as string | null),
          }
        : {
            host: saved!.host,
            port: saved!.port,
            username: saved!.username,
            password: app.cipher.decryptPassword(saved!.passwordEncrypted),
            useTls: saved!.useTls,
            useSsl: saved!.useSsl,
            fromEmail: saved!.fromEmail,
            fromName: saved!.fromName,
            caCertificate: saved!.caCertificate,
          };
      checkSmtpFields({
        provider: "smtp",
        host: settings.host,
        use_tls: settings.useTls,
        use_ssl: settings.useSsl,
        from_email: settings.fromEmail,
      });
      // A test email, when asked for, speaks the clinic's language.
      const clinic = await findClinic(app.database.db, clinicId);
      const message = testEmailWords(clinic?.name ?? "DentalPin", clinic?.defaultLocale ?? "en");
      const result = await app.email.verify(settings, {
        sendTestTo: b.to_email,
        message: b.to_email ? { ...message, to: b.to_email } : undefined,
      });
      const matchesSaved =
        saved &&
        saved.host === settings.host &&
        saved.port === settings.port &&
        saved.username === settings.username &&
        saved.useTls === settings.useTls &&
        saved.useSsl === settings.useSsl &&
        (saved.caCertificate ?? null) === (settings.caCertificate ?? null) &&
        (typeof b.password !== "string" ||
          app.cipher.decryptPassword(saved.passwordEncrypted) === b.password);
      if (result.success && matchesSaved) await markSmtpVerified(app.database.db, clinicId, app.clock.now());
      return {
        data: {
          success: result.success,
          step: result.step,
          message: savedPasswordWithheld ? `${result.message} (${PASSWORD_NOT_USED})` : result.message,
          smtp_code: result.smtpCode,
          code: smtpTestCode(result, Boolean(b.to_email)),
          saved_password_used:
            !savedPasswordWithheld && typeof b.password !== "string" && Boolean(saved?.passwordEncrypted),
        },
      };
    },
  );

  api.post(
    "/test",
    {
      schema: {
        tags: ["smtp"],
        summary: "Send a simple test email with the clinic's current configuration",
        body: z.strictObject({ to_email: email }),
        response: responses({ 200: dataOf(testResultSchema) }),
      },
      onRequest: requirePermission(app.access, "notifications.settings.write"),
    },
    async (req) => {
      const clinicId = req.principal!.clinicId;
      ctx.limits.smtpTest.take(`smtp-test:${clinicId}`, "too many test emails; wait a minute");
      return { data: await sendTestEmail(app, clinicId, req.body.to_email, req.principal!.userId) };
    },
  );
}
