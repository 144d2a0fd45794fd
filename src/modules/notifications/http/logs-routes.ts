import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { EMAIL_STATUSES } from "../../../core/db/schema.js";
import { ConflictError, NotFoundError } from "../../../core/errors.js";
import type { TemplateService } from "../../../core/templates/index.js";
import { requirePermission } from "../../../http/auth.js";
import type { HttpContext } from "../../../http/context.js";
import { dataOf, pageOf, responses } from "../../../http/responses.js";
import { idParams, iso, paged, pageQuery, uuid } from "../../../http/schemas.js";
import { findAppointment } from "../../directory/index.js";
import { calendarWords } from "../delivery/index.js";
import { type EmailLogRow, getLog, retryFailed, wakeWorkers } from "../outbox/index.js";
import { findSuppressionsByEmail, normaliseAddress } from "../suppressions/index.js";
import type { NotificationTypeRegistry } from "../type-registry.js";
import { emailLogDetailSchema, emailLogSchema } from "./responses.js";
import { suppressionView } from "./suppressions-routes.js";

const dateParam = z.iso
  .datetime({ offset: true, message: "expected an ISO 8601 date-time" })
  .or(z.iso.date());

export const logView = (l: EmailLogRow) => ({
  id: l.id,
  recipient_email: l.recipientEmail,
  recipient_name: l.recipientName,
  patient_id: l.patientId,
  template_key: l.templateKey,
  notification_type: l.notificationType,
  subject: l.subject,
  /** When the appointment the email is about starts (as the email was written), if any. */
  appointment_start:
    l.appointmentId && typeof l.context.start_time === "string" ? l.context.start_time : null,
  status: l.status,
  provider: l.provider,
  provider_message_id: l.providerMessageId,
  error_message: l.errorMessage,
  triggered_by_event: l.triggeredByEvent,
  event_id: l.eventId,
  appointment_id: l.appointmentId,
  budget_id: l.budgetId,
  triggered_by_user_id: l.triggeredByUserId,
  attempts: l.attempts,
  next_attempt_at: iso(l.nextAttemptAt),
  schedule_note: l.scheduleNote,
  locale: l.locale,
  template_source: l.templateSource,
  created_at: iso(l.createdAt),
  sent_at: iso(l.sentAt),
});

/** The calendar invitation an email carries; none for a skipped one, which was never sent. */
function attachmentsOf(l: EmailLogRow, registry: NotificationTypeRegistry, templates: TemplateService) {
  if (l.status === "skipped") return [];
  const calendar = registry.get(l.notificationType)?.calendar;
  if (!calendar || !l.appointmentId || typeof l.context.start_time !== "string") return [];
  return [
    {
      filename: calendarWords(templates, l.locale, "").filename,
      content_type: `text/calendar; method=${calendar === "cancel" ? "CANCEL" : "REQUEST"}`,
    },
  ];
}

export function registerLogRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;
  const read = requirePermission(app.access, "notifications.logs.read");

  api.get(
    "/logs",
    {
      schema: {
        tags: ["logs"],
        summary: "Every email of the clinic, newest first",
        querystring: z.strictObject({
          ...pageQuery,
          status: z.enum(EMAIL_STATUSES).optional(),
          patient_id: uuid.optional(),
          template_key: z.string().max(64).optional(),
          from: dateParam.optional(),
          to: dateParam.optional(),
          event_id: uuid.optional(),
        }),
        response: responses({ 200: pageOf(emailLogSchema) }),
      },
      onRequest: read,
    },
    async (req) => {
      const q = req.query;
      const { rows, total } = await app.notifications.listLogs(req.principal!.clinicId, {
        status: q.status,
        patientId: q.patient_id,
        templateKey: q.template_key,
        from: q.from ? new Date(q.from) : undefined,
        // A bare date as `to` means the whole day.
        to: q.to ? new Date(q.to.length === 10 ? `${q.to}T23:59:59.999Z` : q.to) : undefined,
        eventId: q.event_id,
        page: q.page,
        pageSize: q.page_size,
      });
      return paged(rows.map(logView), total, q.page, q.page_size);
    },
  );

  const detail = {
    tags: ["logs"],
    params: idParams,
    response: responses({ 200: dataOf(emailLogDetailSchema) }),
  };
  api.get("/logs/:id", { schema: detail, onRequest: read }, async (req) => {
    const log = await getLog(app.database.db, req.principal!.clinicId, req.params.id);
    if (!log) throw new NotFoundError("email log");
    const listed = await findSuppressionsByEmail(app.database.db, log.clinicId, [log.recipientEmail]);
    const suppression = listed.get(normaliseAddress(log.recipientEmail));
    const appointment = log.appointmentId
      ? await findAppointment(app.database.db, log.clinicId, log.appointmentId)
      : undefined;
    return {
      data: {
        ...logView(log),
        recipient_suppression: suppression ? suppressionView(suppression) : null,
        patient_response: appointment?.patientResponse ?? null,
        patient_responded_at: iso(appointment?.patientRespondedAt ?? null),
        body_html: log.bodyHtml,
        body_text: log.bodyText,
        attachments: attachmentsOf(log, app.registry, app.templates),
      },
    };
  });

  api.post(
    "/logs/:id/retry",
    {
      schema: {
        tags: ["logs"],
        summary: "Send a failed email again (attempts are kept)",
        params: idParams,
        response: responses({ 200: dataOf(emailLogSchema) }),
      },
      onRequest: requirePermission(app.access, "notifications.send"),
    },
    async (req) => {
      const clinicId = req.principal!.clinicId;
      const row = await retryFailed(app.database.db, clinicId, req.params.id, app.clock.now());
      if (!row) {
        const exists = await getLog(app.database.db, clinicId, req.params.id);
        if (!exists) throw new NotFoundError("email log");
        throw new ConflictError(`only failed emails can be retried; this one is ${exists.status}`);
      }
      await wakeWorkers(app.database.db);
      return { data: logView(row) };
    },
  );
}
