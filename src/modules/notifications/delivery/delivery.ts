import { randomUUID } from "node:crypto";
import type { TokenService } from "../../../core/auth/tokens.js";
import type { Clock } from "../../../core/clock.js";
import type { Database } from "../../../core/db/client.js";
import type { EmailMessage, EmailService, FailureKind } from "../../../core/email/index.js";
import type { Logger } from "../../../core/logger.js";
import type { Metrics } from "../../../core/metrics/index.js";
import {
  TemplateRenderError,
  type TemplateService,
  TemplateSyntaxError,
  withDateValues,
} from "../../../core/templates/index.js";
import { type Appointment, type Clinic, findAppointmentsOf, findClinics } from "../../directory/index.js";
import { answerLinkStart } from "../answer-decisions.js";
import { outcomeAfterAttempt, type RetryPolicy, shouldSend } from "../decisions.js";
import {
  type ClaimOutcome,
  type Completions,
  claimDue,
  DirectCompletions,
  type EmailLogRow,
  type EmailReports,
} from "../outbox/index.js";
import {
  type ClinicSettings,
  findPreferencesOf,
  getClinicSettingsOf,
  type PatientPreferences,
} from "../settings/index.js";
import { findSuppressedOf, suppressedKey } from "../suppressions/index.js";
import type { NotificationTypeRegistry } from "../type-registry.js";
import { buildCalendarInvite } from "./calendar.js";
import { buildRenderContext } from "./render-context.js";

export interface DeliveryDeps {
  database: Database;
  templates: TemplateService;
  email: EmailService;
  registry: NotificationTypeRegistry;
  tokens: TokenService;
  clock: Clock;
  logger: Logger;
  publicUrl: string;
  maxAttempts: number;
  retryBaseSeconds: number;
  leaseSeconds: number;
  metrics: Metrics;
  /** Told, in the outcome's transaction, when an email ends sent, failed or skipped. */
  reports?: EmailReports;
}

const LINK_TTL_SECONDS = 180 * 86400;

/** Renders and sends one claimed email, and records what happened. Shared by the worker and direct calls. */
export class Delivery {
  readonly owner = `direct-${randomUUID()}`;

  constructor(readonly deps: DeliveryDeps) {}

  /** Claims this one row (if still due and unclaimed) and delivers it at once. */
  async deliverNow(logId: string): Promise<EmailLogRow | undefined> {
    const { database, clock, leaseSeconds } = this.deps;
    const [row] = await claimDue(database.db, {
      owner: this.owner,
      now: clock.now(),
      leaseSeconds,
      limit: 1,
      ids: [logId],
    });
    if (!row) return undefined;
    return this.deliver(
      row,
      new DeliveryBatch(
        this.deps,
        [row],
        new DirectCompletions(database.db, this.owner, clock, this.deps.reports),
      ),
    );
  }

  async deliver(row: EmailLogRow, batch: DeliveryBatch): Promise<EmailLogRow> {
    const { clock, logger, metrics } = this.deps;
    const finish = async (outcome: ClaimOutcome) => {
      const held = await batch.completions.complete(row.id, outcome);
      if (!held) logger.warn({ logId: row.id }, "lease lost before the outcome was recorded");
      else {
        metrics.emailOutcome(row.notificationType, outcome.status === "pending" ? "retry" : outcome.status);
        // The statement that recorded the outcome listed the address as bouncing.
        if (outcome.bounceReply) metrics.bounce();
      }
      return { ...row, ...outcome } as EmailLogRow;
    };

    if (!row.forceSend) {
      const [ok, reason] = shouldSend({
        notificationType: row.notificationType,
        clinicSettings: (await batch.settings(row.clinicId))[row.notificationType],
        preference: row.patientId ? await batch.preference(row.clinicId, row.patientId) : null,
        manual: row.isManual,
      });
      if (!ok) return finish({ status: "skipped", errorMessage: reason, nextAttemptAt: null });
      // Listed since it was queued (another email to it bounced meanwhile): not tried again.
      if (await batch.suppressed(row.clinicId, row.recipientEmail))
        return finish({ status: "skipped", errorMessage: "email_bouncing", nextAttemptAt: null });
    }

    const clinic = await batch.clinic(row.clinicId);
    if (!clinic)
      return finish({ status: "failed", errorMessage: "clinic no longer exists", nextAttemptAt: null });

    /** A failed attempt: pending again with its next time, or failed for good. */
    const failed = (
      failure: FailureKind,
      errorMessage: string | null,
      fields: Partial<ClaimOutcome> = {},
    ) => {
      const next = outcomeAfterAttempt(failure, row.attempts, clock.now(), this.retryPolicy);
      return finish({
        ...fields,
        status: next.status === "retry" ? "pending" : "failed",
        errorMessage,
        nextAttemptAt: next.nextAttemptAt,
      });
    };

    let message: EmailMessage;
    let rendered: Awaited<ReturnType<TemplateService["render"]>>;
    try {
      ({ message, rendered } = await this.compose(row, clinic, batch));
    } catch (err) {
      if (!(err instanceof TemplateRenderError || err instanceof TemplateSyntaxError)) {
        // Not the template's fault (e.g. the database connection dropped while a template
        // was looked up): retried like a transient send failure, not failed for good.
        logger.warn({ err, logId: row.id }, "email could not be prepared; will retry");
        return failed("transient", `could not prepare the email: ${(err as Error).message}`);
      }
      logger.error({ err, logId: row.id }, "email could not be rendered");
      return failed("permanent", `template error: ${(err as Error).message}`);
    }

    const started = performance.now();
    const result = await this.deps.email.send(message, { clinicId: row.clinicId });
    // A disabled provider attempted nothing: no send to time.
    if (result.provider !== "disabled")
      metrics.emailSend((performance.now() - started) / 1000, result.isSuccess);
    const renderedFields = {
      subject: rendered.subject,
      bodyHtml: rendered.bodyHtml,
      bodyText: rendered.bodyText,
      locale: rendered.locale,
      templateSource: rendered.source,
      provider: result.provider,
    };
    if (result.provider === "disabled") {
      // Nothing was attempted: the clinic (or the operator) turned email off.
      return finish({
        ...renderedFields,
        status: "skipped",
        errorMessage: "email_disabled",
        nextAttemptAt: null,
      });
    }
    if (result.isSuccess) {
      return finish({
        ...renderedFields,
        status: "sent",
        providerMessageId: result.messageId,
        errorMessage: null,
        sentAt: clock.now(),
        nextAttemptAt: null,
      });
    }
    const bounce = result.bounceReply ? { bounceReply: result.bounceReply } : {};
    return failed(result.failure ?? "permanent", result.errorMessage, { ...renderedFields, ...bounce });
  }

  private get retryPolicy(): RetryPolicy {
    return { maxAttempts: this.deps.maxAttempts, baseSeconds: this.deps.retryBaseSeconds };
  }

  /**
   * The "confirm" / "I can't come" links of an appointment email (see answerLinkStart), signed
   * like the preference links and bound to the start the email states.
   */
  private async answerLinks(row: EmailLogRow, batch: DeliveryBatch) {
    if (!row.appointmentId || !row.patientId) return null;
    const startTime = answerLinkStart({
      patientLinks: (await batch.settings(row.clinicId))[row.notificationType]?.patient_links,
      patientId: row.patientId,
      emailStart: row.context.start_time,
      appointment: await batch.appointment(row.clinicId, row.appointmentId),
      now: this.deps.clock.now(),
    });
    if (!startTime) return null;
    const { clinicId, patientId, appointmentId } = row;
    const token = await this.deps.tokens.signAppointmentLink(
      { clinicId, patientId, appointmentId, startTime },
      LINK_TTL_SECONDS,
    );
    const { publicUrl } = this.deps;
    return { confirmUrl: `${publicUrl}/p/confirm/${token}`, cancelUrl: `${publicUrl}/p/cancel/${token}` };
  }

  private async compose(row: EmailLogRow, clinic: Clinic, batch: DeliveryBatch) {
    const { templates, tokens, publicUrl, registry } = this.deps;
    const answers = await this.answerLinks(row, batch);
    const links = row.patientId
      ? await (async () => {
          const token = await tokens.signPatientLink(row.clinicId, row.patientId!, LINK_TTL_SECONDS);
          return {
            preferencesUrl: `${publicUrl}/p/preferences/${token}`,
            unsubscribeUrl: `${publicUrl}/p/unsubscribe/${token}`,
          };
        })()
      : null;
    const rendered = await templates.render({
      clinicId: row.clinicId,
      templateKey: row.templateKey,
      locale: row.locale,
      clinicLocale: clinic.defaultLocale,
      context: (formatLocale) =>
        withDateValues(
          buildRenderContext({ stored: row.context, clinic, locale: formatLocale, links, answers }),
          { timeZone: clinic.timezone, locale: formatLocale },
        ),
    });
    const headers: Record<string, string> = { "X-DentalPin-Log-Id": row.id };
    if (links) {
      headers["List-Unsubscribe"] = `<${links.unsubscribeUrl}>`;
      headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
    }
    const message: EmailMessage = {
      to: row.recipientEmail,
      toName: row.recipientName ?? undefined,
      subject: rendered.subject,
      bodyHtml: rendered.bodyHtml,
      bodyText: rendered.bodyText,
      replyTo: clinic.email ?? undefined,
      headers,
      attachments: [],
    };
    const calendar = registry.get(row.notificationType)?.calendar;
    const ctx = row.context;
    if (calendar && typeof ctx.start_time === "string" && row.appointmentId) {
      const method = calendar === "cancel" ? "CANCEL" : "REQUEST";
      const words = calendarWords(templates, rendered.locale, clinic.name);
      const ics = buildCalendarInvite({
        appointmentId: row.appointmentId,
        clinicName: clinic.name,
        clinicEmail: clinic.email,
        clinicAddress: clinic.address,
        startTime: new Date(ctx.start_time),
        durationMinutes: Number(ctx.duration_minutes ?? 30),
        sequence: Number(ctx.sequence ?? 0),
        method,
        summary: words.summary,
        attendeeEmail: row.recipientEmail,
        attendeeName: row.recipientName,
      });
      message.attachments!.push({
        filename: words.filename,
        content: ics,
        contentType: `text/calendar; charset=utf-8; method=${method}`,
        method,
      });
    }
    return { message, rendered };
  }
}

/** The invitation's summary and file name in the email's language (its folder's `locale.json`). */
export function calendarWords(
  templates: TemplateService,
  locale: string | null,
  clinicName: string,
): { summary: string; filename: string } {
  const info = (locale ? templates.localeInfo(locale) : null) ?? templates.localeInfo("default");
  return {
    summary: (info?.calendar.summary ?? "{clinic}").replace("{clinic}", clinicName),
    filename: info?.calendar.filename ?? "appointment.ics",
  };
}

/**
 * What the emails of one claimed batch share: their clinics, clinic settings, patients'
 * preferences and suppressed addresses, read once per batch (a batch lives for one claim, so a
 * change made meanwhile shows in the next batch), and where their outcomes are written.
 */
export class DeliveryBatch {
  private shared: Promise<{
    clinics: Map<string, Clinic>;
    settings: Map<string, ClinicSettings>;
    preferences: Map<string, PatientPreferences>;
    suppressed: Set<string>;
  }> | null = null;
  private appointments: Promise<Map<string, Appointment>> | null = null;

  constructor(
    private readonly deps: Pick<DeliveryDeps, "database" | "registry">,
    private readonly rows: readonly EmailLogRow[],
    readonly completions: Completions,
  ) {}

  /** The first call reads, for every row of the batch at once, what any row will ask for. */
  private load() {
    this.shared ??= (async () => {
      const db = this.deps.database.db;
      const clinicIds = [...new Set(this.rows.map((r) => r.clinicId))];
      const clinics = await findClinics(db, clinicIds);
      const settings = await getClinicSettingsOf(db, this.deps.registry, clinicIds);
      const preferences = await findPreferencesOf(
        db,
        this.rows.filter((r) => r.patientId).map((r) => ({ clinicId: r.clinicId, patientId: r.patientId! })),
      );
      const suppressed = await findSuppressedOf(
        db,
        this.rows.map((r) => ({ clinicId: r.clinicId, email: r.recipientEmail })),
      );
      return { clinics, settings, preferences, suppressed };
    })();
    return this.shared;
  }

  async clinic(clinicId: string): Promise<Clinic | undefined> {
    return (await this.load()).clinics.get(clinicId);
  }

  async settings(clinicId: string): Promise<ClinicSettings> {
    return (await this.load()).settings.get(clinicId)!;
  }

  async preference(clinicId: string, patientId: string): Promise<PatientPreferences | null> {
    return (await this.load()).preferences.get(`${clinicId}:${patientId}`) ?? null;
  }

  /**
   * An appointment of the batch as the directory has it now, for the answer links. Read on
   * first use (only batches with appointment emails pay for it), for every row at once.
   */
  async appointment(clinicId: string, id: string): Promise<Appointment | undefined> {
    this.appointments ??= findAppointmentsOf(
      this.deps.database.db,
      this.rows.filter((r) => r.appointmentId).map((r) => ({ clinicId: r.clinicId, id: r.appointmentId! })),
    );
    return (await this.appointments).get(`${clinicId}:${id}`);
  }

  /** Whether the clinic has this address on its suppression list (it bounced). */
  async suppressed(clinicId: string, email: string): Promise<boolean> {
    return (await this.load()).suppressed.has(suppressedKey(clinicId, email));
  }
}
