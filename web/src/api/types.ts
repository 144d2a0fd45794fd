// Wire shapes of the HTTP API (docs/api.md). Field names stay snake_case, as sent.

export type { Locale } from "../i18n/dict.js";

export interface User {
  id: string;
  /** Null for a token minted for a service rather than a person. */
  email: string | null;
  role: string;
  permissions: string[];
  clinic_id: string;
  first_name: string | null;
  last_name: string | null;
}

export interface Clinic {
  id: string;
  name: string;
  timezone: string;
  default_locale: string;
  email: string | null;
  phone: string | null;
  address: string | null;
}

export interface Session {
  token: string;
  expires_at?: string;
  user: User;
  clinic: Clinic;
}

export interface Page<T> {
  data: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface NotificationTypeInfo {
  key: string;
  hours_before: boolean;
  manual_by_default: boolean;
  custom: boolean;
}

export type SmtpProvider = "smtp" | "console" | "disabled";

export interface SmtpSettingsInput {
  provider: SmtpProvider;
  host: string;
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

export interface SmtpSettings extends Omit<SmtpSettingsInput, "password" | "ca_certificate"> {
  configured: boolean;
  has_password: boolean;
  ca_certificate: string | null;
  is_verified: boolean;
  last_verified_at: string | null;
}

/** A PUT's answer: the saved settings, and whether the stored password was dropped. */
export interface SmtpSaveResult extends SmtpSettings {
  /** True when host, port or username changed without a new password: it was removed. */
  password_cleared?: boolean;
  /** The server's English explanation; the UI says it in its own language instead. */
  notice?: string;
}

export interface TestResult {
  success: boolean;
  step: "connect" | "tls" | "auth" | "send" | null;
  message: string;
  smtp_code: number | null;
  log_id?: string | null;
  /** SMTP settings test only: whether the stored password was sent to the server. */
  saved_password_used?: boolean;
}

export interface TypeSetting {
  enabled: boolean;
  auto_send: boolean;
  hours_before?: number;
}

export type TypeSettings = Record<string, TypeSetting>;

export type TemplateSource = "clinic" | "system" | "file";

export interface TemplateFields {
  subject: string;
  body_html: string;
  body_text: string;
}

/** What the editor sends: an empty text part is null, "derive it from the HTML". */
export interface TemplateInput {
  subject: string;
  body_html: string;
  body_text: string | null;
}

export interface EffectiveTemplate extends Omit<TemplateFields, "body_text"> {
  body_text: string | null;
  source: TemplateSource;
  locale: string;
  template_id: string | null;
}

export interface Preview extends TemplateFields {
  /** "draft" when the edited subject/body were rendered rather than a stored template. */
  source: TemplateSource | "draft";
  locale: string;
}

export interface Preferences {
  patient_id: string;
  email_enabled: boolean;
  preferences: Record<string, boolean>;
  preferred_locale: string | null;
}

export interface PreferencesInput {
  email_enabled: boolean;
  preferences: Record<string, boolean>;
  preferred_locale?: string;
}

export type LogStatus = "pending" | "sent" | "failed" | "skipped";

export interface EmailLog {
  id: string;
  recipient_email: string;
  recipient_name: string | null;
  patient_id: string | null;
  template_key: string;
  notification_type: string | null;
  subject: string | null;
  status: LogStatus;
  provider: string | null;
  provider_message_id: string | null;
  error_message: string | null;
  triggered_by_event: string | null;
  triggered_by_user_id: string | null;
  attempts: number;
  next_attempt_at: string | null;
  locale: string | null;
  template_source: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface EmailLogDetail extends EmailLog {
  body_html: string | null;
  body_text: string | null;
  attachments: { filename: string; content_type: string }[];
}

export interface LogFilters {
  page: number;
  page_size: number;
  status?: string;
  patient_id?: string;
  template_key?: string;
  from?: string;
  to?: string;
}

export interface SendRequest {
  notification_type: string;
  patient_id: string;
  appointment_id?: string;
  budget_id?: string;
}

export interface SendResult {
  success: boolean;
  message: string;
  log_id: string | null;
}

export interface Patient {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  preferred_locale: string | null;
  created_at: string;
}

export interface PatientInput {
  first_name: string;
  last_name: string;
  email?: string;
  phone?: string;
  preferred_locale?: string;
}

export interface Professional {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
}

export interface Appointment {
  id: string;
  patient_id: string;
  patient_name: string;
  professional_id: string;
  professional_name: string;
  start_time: string;
  duration_minutes: number;
  reason: string | null;
  status: "scheduled" | "cancelled";
  cancel_reason: string | null;
}

export interface AppointmentInput {
  patient_id: string;
  professional_id: string;
  start_time: string;
  duration_minutes?: number;
  reason?: string;
}

/** A budget line as the API stores it; the UI fills description and total. */
export interface BudgetItem {
  description: string;
  quantity?: number;
  unit_price?: string;
  total?: string;
}

export interface Budget {
  id: string;
  patient_id: string;
  patient_name: string;
  budget_number: string;
  total: string;
  currency: string;
  items: BudgetItem[] | null;
  status: "draft" | "sent" | "accepted";
  sent_at: string | null;
  accepted_at: string | null;
}

export interface BudgetInput {
  patient_id: string;
  total: string;
  currency?: string;
  items?: BudgetItem[];
}
