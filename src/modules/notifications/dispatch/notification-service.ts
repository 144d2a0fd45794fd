import type { Clock } from "../../../core/clock.js";
import type { Database, DbOrTx } from "../../../core/db/client.js";
import type { EmailStatus } from "../../../core/db/schema.js";
import { isValidEmail } from "../../../core/email/index.js";
import { findPatient, type Patient } from "../../directory/index.js";
import { type SkipReason, shouldSend } from "../decisions.js";
import {
  type EmailLogRow,
  type EmailReports,
  insertLogOnce,
  type LogFilters,
  listLogs,
  type NewEmailLog,
  wakeWorkers,
} from "../outbox/index.js";
import { fitSendWindow } from "../send-window.js";
import {
  type ClinicSettings,
  findPreferences,
  getClinicSettings,
  getSendWindow,
  type PatientPreferences,
} from "../settings/index.js";
import { findSuppressedOf, suppressedKey } from "../suppressions/index.js";
import type { NotificationTypeRegistry } from "../type-registry.js";
import type { DispatchBatch } from "./batch.js";

export interface SendNotificationInput {
  clinicId: string;
  notificationType: string;
  toEmail: string | null | undefined;
  toName?: string | null;
  context?: Record<string, unknown>;
  patientId?: string | null;
  triggeredByEvent?: string | null;
  triggeredByUserId?: string | null;
  eventId?: string | null;
  /** The seed's force_send: no clinic or patient check. */
  forceSend?: boolean;
  /** A person asked for it: the clinic's auto_send does not apply (opt-outs still do). */
  manual?: boolean;
  /** Same key, same type, same clinic: the same notification, never sent twice. */
  dedupeKey?: string | null;
  locale?: string | null;
  appointmentId?: string | null;
  budgetId?: string | null;
  appointmentStartAt?: Date | null;
  /** Log it as skipped with this reason (e.g. a reminder booked too late to be useful). */
  skipReason?: string | null;
  /** Not before this time (reminders). */
  dueAt?: Date;
  /** Send now and report the outcome (direct calls). Ignored inside a caller's transaction. */
  wait?: boolean;
  /** Write the log in the caller's transaction (then nothing is sent before it commits). */
  tx?: DbOrTx;
}

export interface NotificationResult {
  isSuccess: boolean;
  messageId: string | null;
  errorMessage: string | null;
  logId: string;
  status: EmailStatus;
  /** True when this dedupe key had been seen: nothing new was queued. */
  duplicate: boolean;
}

/**
 * What queueNotification answers inside a dispatcher batch: the row is only queued, so whether
 * its dedupe key was already stored (`duplicate`) is not known until the batch flushes.
 */
export interface QueuedNotification {
  logId: string;
  status: "pending" | "skipped";
  errorMessage: string | null;
  duplicate: "unknown until flush";
}

/** Sends one logged email now (the delivery stage): what a direct call waits for. */
export interface Deliverer {
  deliverNow(logId: string): Promise<EmailLogRow | undefined>;
}

export function resultFromLog(log: EmailLogRow, duplicate = false): NotificationResult {
  return {
    isSuccess: log.status === "sent" || log.status === "pending",
    messageId: log.providerMessageId,
    errorMessage: log.errorMessage,
    logId: log.id,
    status: log.status,
    duplicate,
  };
}

/** What deciding a notification reads: a dispatcher batch's shared reads, or plain queries. */
type Reads = Pick<DispatchBatch, "settings" | "preference" | "patient" | "suppressed" | "sendWindow">;

/** The seed's NotificationService: decide, log, and send (now, or through the worker). */
export class NotificationService {
  constructor(
    private readonly deps: {
      database: Database;
      registry: NotificationTypeRegistry;
      clock: Clock;
      deliverer: Deliverer;
      /** Told when an email is skipped at once (the delivery reports the others). */
      reports?: EmailReports;
    },
  ) {}

  async shouldSendNotification(input: {
    clinicId: string;
    notificationType: string;
    patientId?: string | null;
    manual?: boolean;
    db?: DbOrTx;
    /** Already read by the caller. */
    settings?: ClinicSettings;
    preference?: PatientPreferences | null;
  }): Promise<[true, null] | [false, SkipReason]> {
    const db = input.db ?? this.deps.database.db;
    const preference =
      input.preference !== undefined
        ? input.preference
        : input.patientId
          ? await findPreferences(db, input.clinicId, input.patientId)
          : null;
    const settings = input.settings ?? (await getClinicSettings(db, this.deps.registry, input.clinicId));
    return shouldSend({
      notificationType: input.notificationType,
      clinicSettings: settings[input.notificationType],
      preference,
      manual: input.manual ?? false,
    });
  }

  /**
   * Decides, logs, and (unless `wait: false`, a caller's transaction or a later `dueAt`) sends
   * now; the answer says what happened, and `duplicate` whether the dedupe key was seen.
   */
  async sendNotification(input: SendNotificationInput): Promise<NotificationResult> {
    const db = input.tx ?? this.deps.database.db;
    const now = this.deps.clock.now();
    const row = await this.logRow(input, this.plainReads(db), now);
    const { reports } = this.deps;
    const insert = async (db: DbOrTx) => {
      const inserted = await insertLogOnce(db, row);
      if (inserted.created && row.status === "skipped") await reports?.recorded(db, [inserted.log.id]);
      return inserted;
    };
    // A skip is reported in the transaction that logs it, when someone listens.
    const { log, created } =
      row.status === "skipped" && (await reports?.listening(db))
        ? await db.transaction(insert)
        : await insert(db);
    if (!created) return resultFromLog(log, true);
    if (log.status !== "pending") return resultFromLog(log);
    await wakeWorkers(db);
    const due = (row.nextAttemptAt ?? now).getTime() <= now.getTime();
    if ((input.wait ?? true) && !input.tx && due) {
      const delivered = await this.deps.deliverer.deliverNow(log.id);
      if (delivered) return resultFromLog(delivered);
    }
    return resultFromLog(log);
  }

  /**
   * sendNotification inside a dispatcher batch: decided with the batch's reads and queued with
   * its log rows, written (and the workers woken) when the batch flushes. Never sends now.
   */
  async queueNotification(
    batch: DispatchBatch,
    input: Omit<SendNotificationInput, "tx" | "wait">,
  ): Promise<QueuedNotification> {
    const row = batch.queueLog(await this.logRow(input, batch, this.deps.clock.now()));
    return {
      logId: row.id,
      status: row.status === "pending" ? "pending" : "skipped",
      errorMessage: row.errorMessage ?? null,
      duplicate: "unknown until flush",
    };
  }

  /** The log row a notification gets: pending, or skipped with the reason. */
  private async logRow(input: SendNotificationInput, reads: Reads, now: Date): Promise<NewEmailLog> {
    this.deps.registry.assertKnown(input.notificationType, "notification_type");
    const preference = input.patientId ? await reads.preference(input.clinicId, input.patientId) : null;
    let decision: [boolean, string | null] = input.skipReason
      ? [false, input.skipReason]
      : input.forceSend
        ? [true, null]
        : shouldSend({
            notificationType: input.notificationType,
            clinicSettings: (await reads.settings(input.clinicId))[input.notificationType],
            preference,
            manual: input.manual ?? false,
          });
    const toEmail = (input.toEmail ?? "").trim();
    if (decision[0] && !isValidEmail(toEmail)) decision = [false, "no_valid_email_address"];
    // A bounced address is not tried again (force_send aside) until staff take it off the list.
    if (decision[0] && !input.forceSend && (await reads.suppressed(input.clinicId, toEmail)))
      decision = [false, "email_bouncing"];
    const schedule = decision[0] ? await this.schedule(input, reads, now) : { at: null, note: null };
    const locale =
      input.locale ??
      preference?.preferredLocale ??
      (input.patientId
        ? ((await reads.patient(input.clinicId, input.patientId))?.preferredLocale ?? null)
        : null);
    return {
      clinicId: input.clinicId,
      recipientEmail: toEmail,
      recipientName: input.toName ?? null,
      patientId: input.patientId ?? null,
      templateKey: input.notificationType,
      notificationType: input.notificationType,
      status: decision[0] ? "pending" : "skipped",
      errorMessage: decision[1],
      triggeredByEvent: input.triggeredByEvent ?? null,
      triggeredByUserId: input.triggeredByUserId ?? null,
      eventId: input.eventId ?? null,
      dedupeKey: input.dedupeKey ?? null,
      locale,
      context: input.context ?? {},
      appointmentId: input.appointmentId ?? null,
      budgetId: input.budgetId ?? null,
      appointmentStartAt: input.appointmentStartAt ?? null,
      isManual: input.manual ?? false,
      forceSend: input.forceSend ?? false,
      nextAttemptAt: schedule.at,
      scheduleNote: schedule.note,
      createdAt: now,
      updatedAt: now,
    };
  }

  /**
   * When a notification to send goes: its own time (now, or `dueAt`), fitted into the clinic's
   * sending window for automatic emails of a type that is not time-critical.
   */
  private async schedule(input: SendNotificationInput, reads: Reads, now: Date) {
    const planned = input.dueAt ?? now;
    const waits = this.deps.registry.get(input.notificationType)?.quietHours;
    if (!waits || input.manual || input.forceSend) return { at: planned, note: null };
    const clinic = await reads.sendWindow(input.clinicId);
    if (!clinic) return { at: planned, note: null };
    return fitSendWindow({
      planned,
      window: clinic.window,
      timeZone: clinic.timeZone,
      now,
      appointmentStart: input.appointmentStartAt,
    });
  }

  /** Reads for one direct call, straight from the database. */
  private plainReads(db: DbOrTx): Reads {
    return {
      settings: (clinicId: string) => getClinicSettings(db, this.deps.registry, clinicId),
      preference: (clinicId: string, patientId: string) => findPreferences(db, clinicId, patientId),
      patient: (clinicId: string, patientId: string): Promise<Patient | undefined> =>
        findPatient(db, clinicId, patientId),
      suppressed: async (clinicId: string, email: string) =>
        (await findSuppressedOf(db, [{ clinicId, email }])).has(suppressedKey(clinicId, email)),
      sendWindow: (clinicId: string) => getSendWindow(db, clinicId),
    };
  }

  listLogs(clinicId: string, filters: LogFilters & { page?: number; pageSize?: number }) {
    const page = Math.max(1, filters.page ?? 1);
    const pageSize = Math.min(100, Math.max(1, filters.pageSize ?? 20));
    return listLogs(this.deps.database.db, clinicId, filters, page, pageSize);
  }
}
