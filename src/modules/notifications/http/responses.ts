import { z } from "zod";
import { EMAIL_STATUSES, PATIENT_RESPONSES } from "../../../core/db/schema.js";
import { isoString } from "../../../http/responses.js";
import { SMTP_TEST_CODES } from "../smtp-test-codes.js";

/** What the notification routes answer (inside `{"data": …}`), as the OpenAPI document shows it. */

const smtpStep = z.enum(["connect", "tls", "auth", "send"]);

export const smtpSettingsSchema = z
  .strictObject({
    configured: z.boolean(),
    provider: z.enum(["smtp", "console", "disabled"]),
    host: z.string(),
    port: z.number().int(),
    username: z.string(),
    has_password: z.boolean(),
    use_tls: z.boolean(),
    use_ssl: z.boolean(),
    from_email: z.string(),
    from_name: z.string(),
    ca_certificate: z.string().nullable(),
    is_verified: z.boolean(),
    last_verified_at: isoString.nullable(),
  })
  .meta({ id: "SmtpSettings" });

export const smtpSaveResultSchema = smtpSettingsSchema
  .extend({
    /** True when host, port or username changed without a new password: it was removed. */
    password_cleared: z.boolean(),
    notice: z.string().optional(),
  })
  .meta({ id: "SmtpSaveResult" });

export const testResultSchema = z
  .strictObject({
    success: z.boolean(),
    step: smtpStep.nullable(),
    message: z.string(),
    smtp_code: z.number().int().nullable(),
    code: z.enum(SMTP_TEST_CODES).meta({ description: "What happened, for clients to word (docs/api.md)" }),
    log_id: z.uuid().nullable().optional(),
    saved_password_used: z.boolean().optional(),
  })
  .meta({ id: "TestResult" });

export const notificationTypeSchema = z
  .strictObject({
    key: z.string(),
    hours_before: z.boolean(),
    manual_by_default: z.boolean(),
    custom: z.boolean(),
    /** Its emails can carry the patient's "confirm" / "I can't come" links (setting patient_links). */
    patient_links: z.boolean(),
    /** The record it is sent from, where the UI offers to send it. */
    send_from: z.enum(["patient", "appointment", "budget"]),
  })
  .meta({ id: "NotificationType" });

export const skipReasonSchema = z
  .strictObject({
    code: z.string(),
    pattern: z.string().nullable(),
    i18n_key: z.string(),
  })
  .meta({ id: "SkipReason", description: "A reason an email was not sent, as the log writes it" });

export const notificationTypesSchema = z
  .strictObject({ data: z.array(notificationTypeSchema), reasons: z.array(skipReasonSchema) })
  .meta({ id: "NotificationTypes" });

export const typeSettingSchema = z
  .strictObject({
    enabled: z.boolean(),
    auto_send: z.boolean(),
    hours_before: z.number().int().optional(),
    patient_links: z.boolean().optional(),
  })
  .meta({ id: "TypeSetting" });

/** The sending window, `HH:MM` on the clinic's clock; both null: no quiet hours. */
export const sendWindowSchema = z
  .strictObject({ start: z.string().nullable(), end: z.string().nullable() })
  .meta({ id: "SendWindow" });

export const typeSettingsSchema = z.strictObject({
  settings: z.record(z.string(), typeSettingSchema),
  send_window: sendWindowSchema,
});

const templateSource = z.enum(["clinic", "system", "file"]);

export const templateSchema = z
  .strictObject({
    id: z.uuid(),
    clinic_id: z.uuid().nullable(),
    scope: z.enum(["clinic", "system"]),
    template_key: z.string(),
    locale: z.string(),
    subject: z.string(),
    body_html: z.string(),
    body_text: z.string().nullable(),
    description: z.string().nullable(),
    is_active: z.boolean(),
    created_at: isoString,
    updated_at: isoString,
  })
  .meta({ id: "Template" });

export const systemTemplateSchema = templateSchema
  .omit({ clinic_id: true, scope: true, created_at: true })
  .meta({ id: "SystemTemplate" });

export const effectiveTemplateSchema = z
  .strictObject({
    subject: z.string(),
    body_html: z.string(),
    body_text: z.string().nullable(),
    source: templateSource,
    locale: z.string(),
    template_id: z.uuid().nullable(),
  })
  .meta({ id: "EffectiveTemplate" });

export const previewSchema = z
  .strictObject({
    subject: z.string(),
    body_html: z.string(),
    body_text: z.string(),
    /** "draft" when the subject/body given were rendered rather than a stored template. */
    source: z.enum(["clinic", "system", "file", "draft"]),
    locale: z.string(),
  })
  .meta({ id: "Preview" });

export const preferencesSchema = z
  .strictObject({
    patient_id: z.uuid(),
    email_enabled: z.boolean(),
    preferences: z.record(z.string(), z.boolean()),
    preferred_locale: z.string().nullable(),
    /** When and how the patient unsubscribed themselves (`page` or `one_click`), if ever. */
    unsubscribed_at: isoString.nullable(),
    unsubscribed_via: z.enum(["page", "one_click"]).nullable(),
    /** When and by which staff user email was turned back on after that (null user: the patient). */
    resubscribed_at: isoString.nullable(),
    resubscribed_by: z.uuid().nullable(),
  })
  .meta({ id: "Preferences" });

export const emailLogSchema = z
  .strictObject({
    id: z.uuid(),
    recipient_email: z.string(),
    recipient_name: z.string().nullable(),
    patient_id: z.uuid().nullable(),
    template_key: z.string(),
    notification_type: z.string(),
    subject: z.string(),
    /** When the appointment the email is about starts (as the email was written), if any. */
    appointment_start: z.string().nullable().optional(),
    status: z.enum(EMAIL_STATUSES),
    provider: z.string().nullable(),
    provider_message_id: z.string().nullable(),
    error_message: z.string().nullable(),
    triggered_by_event: z.string().nullable(),
    event_id: z.uuid().nullable(),
    appointment_id: z.uuid().nullable(),
    budget_id: z.uuid().nullable(),
    triggered_by_user_id: z.uuid().nullable(),
    attempts: z.number().int(),
    next_attempt_at: isoString.nullable(),
    /** Why it was planned for another time than its own (quiet_hours, …); null otherwise. */
    schedule_note: z.string().nullable(),
    locale: z.string().nullable(),
    template_source: z.string().nullable(),
    created_at: isoString,
    sent_at: isoString.nullable(),
  })
  .meta({ id: "EmailLog" });

export const suppressionSchema = z
  .strictObject({
    id: z.uuid(),
    email: z.string(),
    reason: z.enum(["bounce", "manual"]),
    /** The receiving server's reply, for a bounce. */
    smtp_reply: z.string().nullable(),
    patient_id: z.uuid().nullable(),
    /** The email that bounced. */
    email_log_id: z.uuid().nullable(),
    created_at: isoString,
  })
  .meta({ id: "Suppression" });

export const emailLogDetailSchema = emailLogSchema
  .extend({
    /** The recipient's address is on the clinic's suppression list (it bounces): why. */
    recipient_suppression: suppressionSchema.nullable(),
    /** The patient's answer on the email's appointment, as it stands now (see Appointment). */
    patient_response: z.enum(PATIENT_RESPONSES).nullable(),
    patient_responded_at: isoString.nullable(),
    body_html: z.string().nullable(),
    body_text: z.string().nullable(),
    attachments: z.array(z.strictObject({ filename: z.string(), content_type: z.string() })),
  })
  .meta({ id: "EmailLogDetail" });

export const sendResultSchema = z
  .strictObject({
    success: z.boolean(),
    message: z.string(),
    log_id: z.uuid().nullable(),
    status: z.enum(EMAIL_STATUSES),
  })
  .meta({ id: "SendResult" });

export const publishedEventSchema = z
  .strictObject({ event_id: z.uuid(), duplicate: z.boolean() })
  .meta({ id: "PublishedEvent" });
