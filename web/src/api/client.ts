// Every call the UI makes to /api/v1, typed. One object, built once per session.
import type { Http, Query } from "./http.js";
import type {
  Appointment,
  AppointmentInput,
  Budget,
  BudgetInput,
  Clinic,
  EffectiveTemplate,
  EmailLog,
  EmailLogDetail,
  LogFilters,
  NotificationTypeInfo,
  Page,
  Patient,
  PatientInput,
  Preferences,
  PreferencesInput,
  Preview,
  Professional,
  SendRequest,
  SendResult,
  SendWindow,
  Session,
  SkipReasonInfo,
  SmtpSaveResult,
  SmtpSettings,
  SmtpSettingsInput,
  Suppression,
  TemplateInput,
  TestResult,
  TypeSettings,
  User,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointInput,
  WebhookEndpointWithSecret,
  WebhookTestResult,
} from "./types.js";

type Data<T> = { data: T };

const N = "/notifications";

export function createApi(http: Http) {
  const get = async <T>(path: string, opts?: { query?: Query }) =>
    (await http<Data<T>>("GET", path, opts)).data;
  const send = async <T>(method: string, path: string, body?: unknown) =>
    (await http<Data<T>>(method, path, { body: body ?? {} })).data;

  return {
    login: (email: string, password: string) => send<Session>("POST", "/auth/login", { email, password }),
    me: () => get<{ user: User; clinic: Clinic }>("/auth/me"),
    clinic: () => get<Clinic>("/clinic"),
    updateClinic: (body: { default_locale?: string; timezone?: string; name?: string }) =>
      send<Clinic>("PATCH", "/clinic", body),

    catalogue: async () => {
      const { data, reasons } = await http<{ data: NotificationTypeInfo[]; reasons: SkipReasonInfo[] }>(
        "GET",
        `${N}/types`,
      );
      return { types: data, reasons };
    },
    smtpSettings: () => get<SmtpSettings>(`${N}/smtp-settings`),
    saveSmtpSettings: (body: SmtpSettingsInput) => send<SmtpSaveResult>("PUT", `${N}/smtp-settings`, body),
    testSmtp: (body: Partial<SmtpSettingsInput> & { to_email: string }) =>
      send<TestResult>("POST", `${N}/smtp-settings/test`, body),
    typeSettings: async () => (await get<{ settings: TypeSettings }>(`${N}/settings`)).settings,
    sendWindow: async () => (await get<{ send_window: SendWindow }>(`${N}/settings`)).send_window,
    saveSendWindow: async (send_window: SendWindow) =>
      (await send<{ send_window: SendWindow }>("PUT", `${N}/settings`, { send_window })).send_window,
    suppressions: (q: { page: number; page_size: number; q?: string; email?: string }) =>
      http<Page<Suppression>>("GET", `${N}/suppressions`, { query: q }),
    suppressionsCsv: (q: { q?: string }) =>
      http<string>("GET", `${N}/suppressions.csv`, { query: q, raw: true }),
    addSuppression: (email: string) => send<Suppression>("POST", `${N}/suppressions`, { email }),
    removeSuppression: (id: string) => http<void>("DELETE", `${N}/suppressions/${encodeURIComponent(id)}`),
    webhooks: () => http<Page<WebhookEndpoint>>("GET", `${N}/webhooks`),
    addWebhook: (body: WebhookEndpointInput) =>
      send<WebhookEndpointWithSecret>("POST", `${N}/webhooks`, body),
    updateWebhook: (id: string, body: Partial<WebhookEndpointInput>) =>
      send<WebhookEndpoint>("PATCH", `${N}/webhooks/${encodeURIComponent(id)}`, body),
    deleteWebhook: (id: string) => http<void>("DELETE", `${N}/webhooks/${encodeURIComponent(id)}`),
    rotateWebhookSecret: (id: string) =>
      send<WebhookEndpointWithSecret>("POST", `${N}/webhooks/${encodeURIComponent(id)}/rotate-secret`),
    testWebhook: (id: string) =>
      send<WebhookTestResult>("POST", `${N}/webhooks/${encodeURIComponent(id)}/test`),
    webhookDeliveries: (q: { page: number; page_size: number; endpoint_id?: string }) =>
      http<Page<WebhookDelivery>>("GET", `${N}/webhooks/deliveries`, { query: q }),
    resendWebhookDelivery: (id: string) =>
      send<WebhookDelivery>("POST", `${N}/webhooks/deliveries/${encodeURIComponent(id)}/resend`),
    saveTypeSettings: async (settings: TypeSettings) =>
      (await send<{ settings: TypeSettings }>("PUT", `${N}/settings`, { settings })).settings,

    effectiveTemplate: (template_key: string, locale: string) =>
      get<EffectiveTemplate>(`${N}/templates/effective`, { query: { template_key, locale } }),
    previewTemplate: (body: { template_key: string; locale: string } & Partial<TemplateInput>) =>
      send<Preview>("POST", `${N}/templates/preview`, body),
    createTemplate: (body: { template_key: string; locale: string } & TemplateInput) =>
      send<{ id: string }>("POST", `${N}/templates`, body),
    updateTemplate: (id: string, body: Partial<TemplateInput>) =>
      send<{ id: string }>("PUT", `${N}/templates/${encodeURIComponent(id)}`, body),
    deleteTemplate: (id: string) => http<void>("DELETE", `${N}/templates/${encodeURIComponent(id)}`),

    preferences: (patientId: string) =>
      get<Preferences>(`${N}/preferences/patient/${encodeURIComponent(patientId)}`),
    savePreferences: (patientId: string, body: PreferencesInput) =>
      send<Preferences>("PUT", `${N}/preferences/patient/${encodeURIComponent(patientId)}`, body),

    logs: (filters: LogFilters) => http<Page<EmailLog>>("GET", `${N}/logs`, { query: { ...filters } }),
    log: (id: string) => get<EmailLogDetail>(`${N}/logs/${encodeURIComponent(id)}`),
    retryLog: (id: string) => send<EmailLog>("POST", `${N}/logs/${encodeURIComponent(id)}/retry`),
    sendNotification: (body: SendRequest) => send<SendResult>("POST", `${N}/send`, body),

    patients: (q: { page: number; page_size: number; q?: string }) =>
      http<Page<Patient>>("GET", "/patients", { query: q }),
    patient: (id: string) => get<Patient>(`/patients/${encodeURIComponent(id)}`),
    createPatient: (body: PatientInput) => send<Patient>("POST", "/patients", body),
    /** PATCH: only the fields sent change; null clears email, phone or language. */
    updatePatient: (
      id: string,
      body: {
        first_name?: string;
        last_name?: string;
        email?: string | null;
        phone?: string | null;
        preferred_locale?: string | null;
      },
    ) => send<Patient>("PATCH", `/patients/${encodeURIComponent(id)}`, body),

    // The clinic's whole (small) list, in a paginated envelope.
    professionals: () => get<Professional[]>("/professionals"),
    createProfessional: (body: { first_name: string; last_name: string; email?: string }) =>
      send<Professional>("POST", "/professionals", body),

    appointments: (q: { page: number; page_size: number; patient_id?: string; from?: string; to?: string }) =>
      http<Page<Appointment>>("GET", "/appointments", { query: q }),
    createAppointment: (body: AppointmentInput) => send<Appointment>("POST", "/appointments", body),
    cancelAppointment: (id: string, reason: string) =>
      send<Appointment>("POST", `/appointments/${encodeURIComponent(id)}/cancel`, reason ? { reason } : {}),
    rescheduleAppointment: (id: string, start_time: string) =>
      send<Appointment>("POST", `/appointments/${encodeURIComponent(id)}/reschedule`, { start_time }),

    budgets: (q: { page: number; page_size: number; patient_id?: string }) =>
      http<Page<Budget>>("GET", "/budgets", { query: q }),
    createBudget: (body: BudgetInput) => send<Budget>("POST", "/budgets", body),
    sendBudget: (id: string) => send<Budget>("POST", `/budgets/${encodeURIComponent(id)}/send`),
    acceptBudget: (id: string) => send<Budget>("POST", `/budgets/${encodeURIComponent(id)}/accept`),
  };
}

export type Api = ReturnType<typeof createApi>;
