import { sql } from "drizzle-orm";
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { parseJson, stringifyJson } from "../json-floats.js";

const id = () => uuid("id").primaryKey().defaultRandom();
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const timestamps = () => ({
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at")
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});
/**
 * jsonb written so that a float keeps its fraction (`1200.0`, see json-floats.ts); jsonb keeps
 * a numeric's scale. Read it with `jsonWithFloats` (db/json.ts) where the floats matter.
 */
const floatJsonb = customType<{ data: Record<string, unknown>; driverData: string }>({
  dataType: () => "jsonb",
  toDriver: (value) => stringifyJson(value),
  fromDriver: (value) => (typeof value === "string" ? parseJson(value) : value) as Record<string, unknown>,
});
const clinicRef = () =>
  uuid("clinic_id")
    .notNull()
    .references(() => clinics.id, { onDelete: "cascade" });

// ── Directory ────────────────────────────────────────────────────────────────

export const clinics = pgTable("clinics", {
  id: id(),
  name: text("name").notNull(),
  timezone: text("timezone").notNull().default("Europe/Madrid"),
  defaultLocale: text("default_locale").notNull().default("es"),
  email: text("email"),
  phone: text("phone"),
  address: text("address"),
  ...timestamps(),
});

export const users = pgTable(
  "users",
  {
    id: id(),
    clinicId: clinicRef(),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role").notNull(),
    firstName: text("first_name"),
    lastName: text("last_name"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
    index("users_clinic_idx").on(t.clinicId),
  ],
);

export const patients = pgTable(
  "patients",
  {
    id: id(),
    clinicId: clinicRef(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull().default(""),
    email: text("email"),
    phone: text("phone"),
    preferredLocale: text("preferred_locale"),
    ...timestamps(),
  },
  (t) => [index("patients_clinic_name_idx").on(t.clinicId, t.lastName, t.firstName, t.id)],
);

export const professionals = pgTable(
  "professionals",
  {
    id: id(),
    clinicId: clinicRef(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull().default(""),
    email: text("email"),
    ...timestamps(),
  },
  (t) => [index("professionals_clinic_idx").on(t.clinicId, t.lastName)],
);

export const appointments = pgTable(
  "appointments",
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    professionalId: uuid("professional_id").references(() => professionals.id, { onDelete: "set null" }),
    startTime: ts("start_time").notNull(),
    durationMinutes: integer("duration_minutes").notNull().default(30),
    reason: text("reason"),
    status: text("status").notNull().default("scheduled"),
    cancelReason: text("cancel_reason"),
    /** iCalendar SEQUENCE: bumped on every reschedule and on cancellation. */
    sequence: integer("sequence").notNull().default(0),
    /** The patient's answer from an email's link: `confirmed` or `cancellation_requested`. */
    patientResponse: text("patient_response").$type<PatientResponse>(),
    patientRespondedAt: ts("patient_responded_at"),
    ...timestamps(),
  },
  (t) => [index("appointments_clinic_start_idx").on(t.clinicId, t.startTime)],
);

export const budgets = pgTable(
  "budgets",
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    budgetNumber: text("budget_number").notNull(),
    total: numeric("total", { precision: 12, scale: 2 }).notNull(),
    currency: text("currency").notNull().default("EUR"),
    items: jsonb("items").$type<BudgetItem[]>().notNull().default([]),
    status: text("status").notNull().default("draft"),
    sentAt: ts("sent_at"),
    acceptedAt: ts("accepted_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("budgets_clinic_number_key").on(t.clinicId, t.budgetNumber),
    index("budgets_clinic_created_idx").on(t.clinicId, t.createdAt),
  ],
);

export interface BudgetItem {
  description: string;
  quantity?: number;
  unit_price?: string;
  total?: string;
}

export const PATIENT_RESPONSES = ["confirmed", "cancellation_requested"] as const;
export type PatientResponse = (typeof PATIENT_RESPONSES)[number];

// ── Notifications ────────────────────────────────────────────────────────────

export const clinicSmtpSettings = pgTable("clinic_smtp_settings", {
  id: id(),
  clinicId: clinicRef().unique("clinic_smtp_settings_clinic_key"),
  provider: text("provider").notNull().default("smtp"),
  host: text("host").notNull().default(""),
  port: integer("port").notNull().default(587),
  username: text("username").notNull().default(""),
  passwordEncrypted: text("password_encrypted"),
  useTls: boolean("use_tls").notNull().default(true),
  useSsl: boolean("use_ssl").notNull().default(false),
  fromEmail: text("from_email").notNull().default(""),
  fromName: text("from_name").notNull().default(""),
  isVerified: boolean("is_verified").notNull().default(false),
  lastVerifiedAt: ts("last_verified_at"),
  /** PEM of the certificate authorities trusted for this server besides the system's. */
  caCertificate: text("ca_certificate"),
  ...timestamps(),
});

export type NotificationTypeSettings = {
  enabled: boolean;
  auto_send: boolean;
  hours_before?: number;
  /** Confirmation and reminder emails: carry the patient's "confirm" / "I can't come" links. */
  patient_links?: boolean;
};

export const clinicNotificationSettings = pgTable("clinic_notification_settings", {
  id: id(),
  clinicId: clinicRef().unique("clinic_notification_settings_clinic_key"),
  settings: jsonb("settings").$type<Record<string, NotificationTypeSettings>>().notNull().default({}),
  /**
   * The sending window, `HH:MM` on the clinic's clock, for automatic emails that are not
   * time-critical (reminders); null on both ends means no window.
   */
  sendWindowStart: text("send_window_start").default("08:00"),
  sendWindowEnd: text("send_window_end").default("21:00"),
  ...timestamps(),
});

export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    emailEnabled: boolean("email_enabled").notNull().default(true),
    preferences: jsonb("preferences").$type<Record<string, boolean>>().notNull().default({}),
    preferredLocale: text("preferred_locale").notNull().default("es"),
    /** When and how the patient turned email off themselves (`page` or `one_click`). */
    unsubscribedAt: ts("unsubscribed_at"),
    unsubscribedVia: text("unsubscribed_via"),
    /** The staff member who turned it back on after that, with their explicit confirmation. */
    resubscribedAt: ts("resubscribed_at"),
    resubscribedBy: uuid("resubscribed_by"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("notification_preferences_patient_key").on(t.clinicId, t.patientId)],
);

export const emailTemplates = pgTable(
  "email_templates",
  {
    id: id(),
    /** Null for a system template, shared by every clinic. */
    clinicId: uuid("clinic_id").references(() => clinics.id, { onDelete: "cascade" }),
    templateKey: text("template_key").notNull(),
    locale: text("locale").notNull(),
    subject: text("subject").notNull(),
    bodyHtml: text("body_html").notNull(),
    bodyText: text("body_text"),
    description: text("description"),
    isActive: boolean("is_active").notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    unique("email_templates_scope_key").on(t.clinicId, t.templateKey, t.locale).nullsNotDistinct(),
    index("email_templates_lookup_idx").on(t.templateKey, t.locale),
  ],
);

export const EMAIL_STATUSES = ["pending", "sent", "failed", "skipped"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export const emailLogs = pgTable(
  "email_logs",
  {
    id: id(),
    clinicId: clinicRef(),
    recipientEmail: text("recipient_email").notNull(),
    recipientName: text("recipient_name"),
    patientId: uuid("patient_id"),
    templateKey: text("template_key").notNull(),
    notificationType: text("notification_type").notNull(),
    subject: text("subject").notNull().default(""),
    bodyHtml: text("body_html"),
    bodyText: text("body_text"),
    status: text("status").$type<EmailStatus>().notNull(),
    provider: text("provider"),
    providerMessageId: text("provider_message_id"),
    errorMessage: text("error_message"),
    triggeredByEvent: text("triggered_by_event"),
    triggeredByUserId: uuid("triggered_by_user_id"),
    eventId: uuid("event_id"),
    dedupeKey: text("dedupe_key"),
    locale: text("locale"),
    templateSource: text("template_source"),
    /** Everything the worker needs to render this email when it is due. */
    context: floatJsonb("context").notNull().default({}),
    appointmentId: uuid("appointment_id"),
    budgetId: uuid("budget_id"),
    /** For reminders: the appointment start the due time was computed from. */
    appointmentStartAt: ts("appointment_start_at"),
    /** Asked for by a person (POST /send): the clinic's auto_send does not apply. */
    isManual: boolean("is_manual").notNull().default(false),
    /** force_send of the seed: no clinic or patient check at all. */
    forceSend: boolean("force_send").notNull().default(false),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at"),
    /** Why `next_attempt_at` is not the time the rule alone gives (e.g. `quiet_hours`). */
    scheduleNote: text("schedule_note"),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: ts("lease_expires_at"),
    sentAt: ts("sent_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("email_logs_dedupe_key")
      .on(t.clinicId, t.notificationType, t.dedupeKey)
      .where(sql`${t.dedupeKey} IS NOT NULL`),
    index("email_logs_claim_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("email_logs_clinic_created_idx").on(t.clinicId, t.createdAt.desc(), t.id.desc()),
    index("email_logs_clinic_status_idx").on(t.clinicId, t.status, t.createdAt.desc(), t.id.desc()),
    index("email_logs_clinic_patient_idx").on(t.clinicId, t.patientId, t.createdAt.desc(), t.id.desc()),
    index("email_logs_clinic_template_idx").on(t.clinicId, t.templateKey, t.createdAt.desc(), t.id.desc()),
    // The calendar SEQUENCE already given to an appointment unknown to the directory.
    index("email_logs_clinic_appointment_idx")
      .on(t.clinicId, t.appointmentId)
      .where(sql`${t.appointmentId} IS NOT NULL`),
    // The emails of one event (what became of a staff action's notifications).
    index("email_logs_clinic_event_idx").on(t.clinicId, t.eventId).where(sql`${t.eventId} IS NOT NULL`),
    index("email_logs_pending_reminders_idx")
      .on(t.clinicId, t.appointmentId)
      .where(sql`${t.status} = 'pending' AND ${t.notificationType} = 'appointment_reminder'`),
  ],
);

export const eventInbox = pgTable(
  "event_inbox",
  {
    id: id(),
    clinicId: clinicRef(),
    eventName: text("event_name").notNull(),
    payload: floatJsonb("payload").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    status: text("status").$type<"pending" | "done" | "failed">().notNull().default("pending"),
    /** Asked for by a person (POST /send): the clinic's auto_send does not apply. */
    isManual: boolean("is_manual").notNull().default(false),
    /** force_send of the seed: no clinic or patient check at all. */
    forceSend: boolean("force_send").notNull().default(false),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    leaseExpiresAt: ts("lease_expires_at"),
    lastError: text("last_error"),
    processedAt: ts("processed_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("event_inbox_idempotency_key").on(t.clinicId, t.idempotencyKey),
    index("event_inbox_claim_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  ],
);

// ── Bounces ──────────────────────────────────────────────────────────────────

/**
 * Addresses a clinic no longer sends to: a permanent rejection by the receiving server
 * (`bounce`, with its reply) or an address staff added by hand (`manual`). `email` is stored
 * lower-case; a patient whose address is listed shows as bouncing.
 */
export const emailSuppressions = pgTable(
  "email_suppressions",
  {
    id: id(),
    clinicId: clinicRef(),
    email: text("email").notNull(),
    reason: text("reason").$type<"bounce" | "manual">().notNull(),
    /** The receiving server's reply, e.g. `550 5.1.1 <x@example.com>: user unknown`. */
    smtpReply: text("smtp_reply"),
    patientId: uuid("patient_id"),
    emailLogId: uuid("email_log_id"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("email_suppressions_clinic_email_key").on(t.clinicId, t.email)],
);

// ── Webhooks ─────────────────────────────────────────────────────────────────

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    /** Null for an installation-wide endpoint, which hears every clinic's events. */
    clinicId: uuid("clinic_id").references(() => clinics.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    /** Fernet-encrypted signing secret (`whsec_…` once decrypted). */
    secretEncrypted: text("secret_encrypted").notNull(),
    /** Event types it receives; empty means all of them. */
    eventTypes: jsonb("event_types").$type<string[]>().notNull().default([]),
    enabled: boolean("enabled").notNull().default(true),
    ...timestamps(),
  },
  (t) => [index("webhook_endpoints_clinic_idx").on(t.clinicId)],
);

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** The webhook outbox: one row per (endpoint, event), delivered at least once. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    /** The clinic the event is about (also for installation-wide endpoints). */
    clinicId: clinicRef(),
    eventType: text("event_type").notNull(),
    /** What makes this delivery unique for its endpoint, e.g. `email_log:<id>:sent`. */
    eventKey: text("event_key").notNull(),
    /** The `webhook-id` header: the same on every attempt and on a resend. */
    messageId: text("message_id").notNull(),
    payload: floatJsonb("payload").notNull(),
    status: text("status").$type<WebhookDeliveryStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: ts("lease_expires_at"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    deliveredAt: ts("delivered_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_endpoint_event_key").on(t.endpointId, t.eventKey),
    index("webhook_deliveries_claim_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_clinic_created_idx").on(t.clinicId, t.createdAt.desc(), t.id.desc()),
  ],
);
