import { sql } from "drizzle-orm";
import type { Clock } from "../../../core/clock.js";
import type { Database, DbOrTx } from "../../../core/db/client.js";
import type { EmailStatus } from "../../../core/db/schema.js";
import { memoInTx } from "../../../core/db/tx-memo.js";
import { isValidEmail } from "../../../core/email/index.js";
import { findPatient } from "../../directory/index.js";
import { type SkipReason, shouldSend } from "../decisions.js";
import {
  deferLogInsert,
  type EmailLogRow,
  insertLogOnce,
  type LogFilters,
  listLogs,
  type NewEmailLog,
} from "../outbox/index.js";
import {
  type ClinicSettings,
  findPreferences,
  getClinicSettings,
  type PatientPreferences,
} from "../settings/index.js";
import type { NotificationTypeRegistry } from "../type-registry.js";
import { memoKeys } from "./batch-preload.js";

export const EMAILS_CHANNEL = "dentalpin_emails";

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

/** The seed's NotificationService: decide, log, and send (now, or through the worker). */
export class NotificationService {
  constructor(
    private readonly deps: {
      database: Database;
      registry: NotificationTypeRegistry;
      clock: Clock;
      deliverer: Deliverer;
    },
  ) {}

  async shouldSendNotification(input: {
    clinicId: string;
    notificationType: string;
    patientId?: string | null;
    manual?: boolean;
    db?: DbOrTx;
    /** Already read by the caller (the worker reads them once per batch). */
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
    return this.decide(db, { ...input, preference });
  }

  private async decide(
    db: DbOrTx,
    input: {
      clinicId: string;
      notificationType: string;
      manual?: boolean;
      preference: PatientPreferences | null;
      settings?: ClinicSettings;
    },
  ): Promise<[true, null] | [false, SkipReason]> {
    const settings = input.settings ?? (await this.settingsOf(db, input.clinicId));
    return shouldSend({
      notificationType: input.notificationType,
      clinicSettings: settings[input.notificationType],
      preference: input.preference,
      manual: input.manual ?? false,
    });
  }

  async sendNotification(input: SendNotificationInput): Promise<NotificationResult> {
    const { registry, clock, database } = this.deps;
    registry.assertKnown(input.notificationType, "notification_type");
    const db = input.tx ?? database.db;
    const now = clock.now();
    const preference = input.patientId ? await this.preferencesOf(db, input.clinicId, input.patientId) : null;
    let decision: [boolean, string | null] = input.skipReason
      ? [false, input.skipReason]
      : input.forceSend
        ? [true, null]
        : await this.decide(db, { ...input, preference });
    const toEmail = (input.toEmail ?? "").trim();
    if (decision[0] && !isValidEmail(toEmail)) decision = [false, "no_valid_email_address"];
    const locale =
      input.locale ??
      preference?.preferredLocale ??
      (await this.patientLocale(db, input.clinicId, input.patientId));
    const row: NewEmailLog = {
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
      nextAttemptAt: decision[0] ? (input.dueAt ?? now) : null,
      createdAt: now,
      updatedAt: now,
    };
    const deferred = input.tx ? deferLogInsert(input.tx, row) : null;
    if (deferred) {
      // In a dispatcher batch: written with the batch (a dedupe key already stored leaves the
      // row out then), so the result cannot say `duplicate` yet; the handlers do not ask.
      if (deferred.status === "pending") await this.notifyWorkers(db);
      return {
        isSuccess: deferred.status === "pending",
        messageId: null,
        errorMessage: deferred.errorMessage ?? null,
        logId: deferred.id,
        status: deferred.status,
        duplicate: false,
      };
    }
    const { log, created } = await insertLogOnce(db, row);
    if (!created) return resultFromLog(log, true);
    if (log.status !== "pending") return resultFromLog(log);
    await this.notifyWorkers(db);
    const due = !input.dueAt || input.dueAt.getTime() <= now.getTime();
    if ((input.wait ?? true) && !input.tx && due) {
      const delivered = await this.deps.deliverer.deliverNow(log.id);
      if (delivered) return resultFromLog(delivered);
    }
    return resultFromLog(log);
  }

  /** Wakes the workers; once per transaction is enough (PostgreSQL delivers it at commit). */
  private notifyWorkers(db: DbOrTx) {
    return memoInTx(db, this.deps.database.db, "notify-emails", () =>
      db.execute(sql`SELECT pg_notify(${EMAILS_CHANNEL}, '')`),
    );
  }

  listLogs(clinicId: string, filters: LogFilters & { page?: number; pageSize?: number }) {
    const page = Math.max(1, filters.page ?? 1);
    const pageSize = Math.min(100, Math.max(1, filters.pageSize ?? 20));
    return listLogs(this.deps.database.db, clinicId, filters, page, pageSize);
  }

  /** The clinic's settings, read once per transaction (see memoInTx). */
  settingsOf(db: DbOrTx, clinicId: string) {
    return memoInTx(db, this.deps.database.db, memoKeys.settings(clinicId), () =>
      getClinicSettings(db, this.deps.registry, clinicId),
    );
  }

  private preferencesOf(db: DbOrTx, clinicId: string, patientId: string) {
    return memoInTx(db, this.deps.database.db, memoKeys.preferences(clinicId, patientId), () =>
      findPreferences(db, clinicId, patientId),
    );
  }

  private async patientLocale(db: DbOrTx, clinicId: string, patientId: string | null | undefined) {
    if (!patientId) return null;
    const patient = await memoInTx(db, this.deps.database.db, memoKeys.patient(clinicId, patientId), () =>
      findPatient(db, clinicId, patientId),
    );
    return patient?.preferredLocale ?? null;
  }
}
