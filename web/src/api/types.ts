// Wire shapes of the HTTP API. The answers are the server's own, generated from its OpenAPI
// document into schema.d.ts (`npm run gen:api`; `npm test` fails when that file is stale);
// only what the UI sends from its forms is written here. Field names stay snake_case, as sent.
import type { components, paths } from "./schema.js";

export type { Locale } from "../i18n/dict.js";

type Schemas = components["schemas"];

/** The JSON body a route takes. */
type BodyOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

export type Problem = Schemas["Problem"];
export type FieldError = Schemas["FieldError"];
/** A stable error code the UI translates (`problem.code`, `errors[].code`). */
export type ErrorCode = Problem["code"];
export type FieldErrorCode = FieldError["code"];

export type User = Schemas["User"];
export type Clinic = Schemas["Clinic"];
/** A login's answer; a session restored from /auth/me has no `expires_at`. */
export type Session = Omit<Schemas["Session"], "expires_at"> & { expires_at?: string };

export interface Page<T> {
  data: T[];
  total: number;
  page: number;
  page_size: number;
}

export type NotificationTypeInfo = Schemas["NotificationType"];
/** A reason an email was not sent, with the i18n key the UI words it by. */
export type SkipReasonInfo = Schemas["SkipReason"];
export type NotificationTypes = Schemas["NotificationTypes"];

export type SmtpSettings = Schemas["SmtpSettings"];
/** A PUT's answer: the saved settings, and whether the stored password was dropped. */
export type SmtpSaveResult = Schemas["SmtpSaveResult"];
export type SmtpProvider = "smtp" | "console" | "disabled";

/** The email-server form as sent (a PUT accepts the read-only fields of its GET and ignores them). */
export interface SmtpSettingsInput {
  provider: SmtpProvider;
  host: string;
  /** Null while the field is empty in the form. */
  port: number | null;
  username: string;
  password?: string;
  use_tls: boolean;
  use_ssl: boolean;
  from_email: string;
  from_name: string;
  /** PEM of a private CA trusted besides the system roots; absent keeps, null removes. */
  ca_certificate?: string | null;
}

export type TestResult = Schemas["TestResult"];

export type TypeSetting = Schemas["TypeSetting"];
export type TypeSettings = Record<string, TypeSetting>;
export type SendWindow = Schemas["SendWindow"];
export type Suppression = Schemas["Suppression"];
export type WebhookEndpoint = Schemas["WebhookEndpoint"];
export type WebhookEndpointWithSecret = Schemas["WebhookEndpointWithSecret"];
export type WebhookDelivery = Schemas["WebhookDelivery"];
export type WebhookTestResult = Schemas["WebhookTestResult"];
export type WebhookEndpointInput = BodyOf<"/api/v1/notifications/webhooks", "post">;

export type TemplateSource = Schemas["EffectiveTemplate"]["source"];
export type EffectiveTemplate = Schemas["EffectiveTemplate"];
export type Preview = Schemas["Preview"];
export type TemplateFields = Pick<Preview, "subject" | "body_html" | "body_text">;

/** What the editor sends: an empty text part is null, "derive it from the HTML". */
export interface TemplateInput {
  subject: string;
  body_html: string;
  body_text: string | null;
}

export type Preferences = Schemas["Preferences"];
export type PreferencesInput = BodyOf<"/api/v1/notifications/preferences/patient/{patient_id}", "put">;

export type EmailLog = Schemas["EmailLog"];
export type EmailLogDetail = Schemas["EmailLogDetail"];
export type LogStatus = EmailLog["status"];

export interface LogFilters {
  page: number;
  page_size: number;
  status?: string;
  patient_id?: string;
  template_key?: string;
  from?: string;
  to?: string;
  event_id?: string;
}

export type SendRequest = BodyOf<"/api/v1/notifications/send", "post">;
export type SendResult = Schemas["SendResult"];

export type Patient = Schemas["Patient"];
export type PatientInput = BodyOf<"/api/v1/patients", "post">;
export type Professional = Schemas["Professional"];
export type Appointment = Schemas["Appointment"];
export type AppointmentInput = BodyOf<"/api/v1/appointments", "post">;
export type BudgetItem = Schemas["BudgetItem"];
export type Budget = Schemas["Budget"];
export type BudgetInput = BodyOf<"/api/v1/budgets", "post">;
