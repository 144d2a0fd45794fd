import { randomUUID } from "node:crypto";
import type { DbOrTx } from "../../../core/db/client.js";
import type { EventBatch, StoredEvent } from "../../../core/events/event-bus.js";
import {
  type Appointment,
  findAppointment,
  findAppointmentsOf,
  findPatient,
  findPatientsOf,
  type Patient,
} from "../../directory/index.js";
import {
  type EmailReports,
  insertLogs,
  lastSequence,
  lastSequencesOf,
  type NewEmailLog,
  wakeWorkers,
} from "../outbox/index.js";
import {
  type ClinicSendWindow,
  type ClinicSettings,
  findPreferences,
  findPreferencesOf,
  getClinicSettings,
  getClinicSettingsOf,
  getSendWindowsOf,
  type PatientPreferences,
} from "../settings/index.js";
import { findSuppressedOf, suppressedKey } from "../suppressions/index.js";
import type { NotificationTypeRegistry } from "../type-registry.js";

const unique = <T>(xs: T[]) => [...new Set(xs)];
const key = (clinicId: string, id: string) => `${clinicId}:${id}`;

/**
 * What the notification handlers of one dispatcher batch share, in its transaction: the reads
 * they need, done for the whole batch at once when it opens (six queries instead of several
 * per event; the clinics' sending windows on first use), and the log rows they write, queued and inserted together at `flush` (one INSERT
 * instead of one or two per event). The twin of the delivery's DeliveryBatch.
 */
export class DispatchBatch implements EventBatch {
  private readonly settingsOf = new Map<string, ClinicSettings>();
  private readonly preferences = new Map<string, PatientPreferences | null>();
  private readonly patients = new Map<string, Patient | undefined>();
  /** Good for one read each (see appointment() and lastSequence()). */
  private readonly appointments = new Map<string, Appointment | undefined>();
  private readonly lastSequences = new Map<string, number | null>();
  /** Suppressed (clinic, address) pairs among those read (see suppressed()). */
  private readonly suppressedPairs = new Set<string>();
  private readonly checkedPairs = new Set<string>();
  private sendWindows: Promise<Map<string, ClinicSendWindow>> | null = null;
  private clinicIds: string[] = [];
  private queued: NewEmailLog[] = [];
  private wake = false;

  private constructor(
    readonly tx: DbOrTx,
    private readonly registry: NotificationTypeRegistry,
    private readonly reports?: EmailReports,
  ) {}

  /** Opens a batch over these events, reading ahead what their handlers will look up. */
  static async open(
    registry: NotificationTypeRegistry,
    events: readonly StoredEvent[],
    tx: DbOrTx,
    reports?: EmailReports,
  ): Promise<DispatchBatch> {
    const batch = new DispatchBatch(tx, registry, reports);
    const clinicIds = unique(events.map((e) => e.clinicId));
    batch.clinicIds = clinicIds;
    for (const [clinicId, settings] of await getClinicSettingsOf(tx, registry, clinicIds)) {
      batch.settingsOf.set(clinicId, settings);
    }

    // Keys that find no row are remembered too (as absent), so nothing is looked up again.
    const patientKeys = events.map((e) => ({ clinicId: e.clinicId, patientId: e.payload.patient_id }));
    const preferences = await findPreferencesOf(tx, patientKeys);
    const patients = await findPatientsOf(
      tx,
      patientKeys.map((k) => ({ clinicId: k.clinicId, id: k.patientId })),
    );
    for (const { clinicId, patientId } of patientKeys) {
      const k = key(clinicId, patientId);
      batch.preferences.set(k, preferences.get(k) ?? null);
      batch.patients.set(k, patients.get(k));
    }
    const addresses = events.map((e) => ({ clinicId: e.clinicId, email: e.payload.patient_email }));
    batch.rememberSuppressed(addresses, await findSuppressedOf(tx, addresses));

    const appointmentKeys = events.flatMap((e) =>
      typeof e.payload.appointment_id === "string"
        ? [{ clinicId: e.clinicId, appointmentId: e.payload.appointment_id }]
        : [],
    );
    if (appointmentKeys.length === 0) return batch;
    const appointments = await findAppointmentsOf(
      tx,
      appointmentKeys.map((k) => ({ clinicId: k.clinicId, id: k.appointmentId })),
    );
    // The calendar SEQUENCE continues from the log only for appointments the directory does not know.
    const sequences = await lastSequencesOf(
      tx,
      appointmentKeys.filter((k) => !appointments.has(key(k.clinicId, k.appointmentId))),
    );
    for (const { clinicId, appointmentId } of appointmentKeys) {
      const k = key(clinicId, appointmentId);
      batch.appointments.set(k, appointments.get(k));
      if (!appointments.has(k)) batch.lastSequences.set(k, sequences.get(k) ?? null);
    }
    return batch;
  }

  /** The clinic's notification settings. */
  async settings(clinicId: string): Promise<ClinicSettings> {
    let settings = this.settingsOf.get(clinicId);
    if (!settings) {
      settings = await getClinicSettings(this.tx, this.registry, clinicId);
      this.settingsOf.set(clinicId, settings);
    }
    return settings;
  }

  /** The patient's preferences, or null when they have none. */
  async preference(clinicId: string, patientId: string): Promise<PatientPreferences | null> {
    const k = key(clinicId, patientId);
    if (!this.preferences.has(k))
      this.preferences.set(k, await findPreferences(this.tx, clinicId, patientId));
    return this.preferences.get(k) ?? null;
  }

  /** Whether the clinic has this address on its suppression list (it bounced). */
  async suppressed(clinicId: string, email: string): Promise<boolean> {
    const k = suppressedKey(clinicId, email);
    if (!this.checkedPairs.has(k)) {
      const pair = [{ clinicId, email }];
      this.rememberSuppressed(pair, await findSuppressedOf(this.tx, pair));
    }
    return this.suppressedPairs.has(k);
  }

  private rememberSuppressed(pairs: { clinicId: string; email?: string | null }[], found: Set<string>) {
    for (const { clinicId, email } of pairs) {
      if (email) this.checkedPairs.add(suppressedKey(clinicId, email));
    }
    for (const k of found) this.suppressedPairs.add(k);
  }

  /** The clinic's sending window and time zone; the first call reads them for every clinic of the batch. */
  async sendWindow(clinicId: string): Promise<ClinicSendWindow | undefined> {
    this.sendWindows ??= getSendWindowsOf(this.tx, this.clinicIds);
    const found = (await this.sendWindows).get(clinicId);
    if (found || this.clinicIds.includes(clinicId)) return found;
    return (await getSendWindowsOf(this.tx, [clinicId])).get(clinicId);
  }

  /** The patient as the directory knows them. */
  async patient(clinicId: string, patientId: string): Promise<Patient | undefined> {
    const k = key(clinicId, patientId);
    if (!this.patients.has(k)) this.patients.set(k, await findPatient(this.tx, clinicId, patientId));
    return this.patients.get(k);
  }

  /**
   * The appointment as the directory knows it. What was read ahead serves one event only: a
   * second event of the same appointment in this batch reads it afresh.
   */
  async appointment(clinicId: string, appointmentId: string): Promise<Appointment | undefined> {
    const k = key(clinicId, appointmentId);
    if (!this.appointments.has(k)) return findAppointment(this.tx, clinicId, appointmentId);
    const row = this.appointments.get(k);
    this.appointments.delete(k);
    return row;
  }

  /**
   * The highest calendar SEQUENCE already logged for an appointment, or null. Read ahead for
   * one event only: the first event of an appointment logs a new sequence, so a second one
   * reads the log afresh (with what this batch queued written first).
   */
  async lastSequence(clinicId: string, appointmentId: string): Promise<number | null> {
    const k = key(clinicId, appointmentId);
    if (this.lastSequences.has(k)) {
      const last = this.lastSequences.get(k) ?? null;
      this.lastSequences.delete(k);
      return last;
    }
    await this.flush();
    return lastSequence(this.tx, clinicId, appointmentId);
  }

  /** Emails this batch brought to a final status by other means than queued rows (a cancelled reminder). */
  async recorded(logIds: string[]): Promise<void> {
    await this.reports?.recorded(this.tx, logIds);
  }

  /** Queues a log row until flush(); returns it with the id it gets unless its dedupe key exists. */
  queueLog(row: NewEmailLog): NewEmailLog & { id: string } {
    const stored = { ...row, id: row.id ?? randomUUID() };
    this.queued.push(stored);
    if (stored.status === "pending") this.wake = true;
    return stored;
  }

  /**
   * Writes the queued rows (a row whose dedupe key is already stored is left out) and wakes the
   * workers if any is pending. Called before anything reads or changes email_logs in the batch,
   * and by the dispatcher after the handlers.
   */
  async flush(): Promise<void> {
    const rows = this.queued.splice(0);
    await insertLogs(this.tx, rows);
    // Rows skipped at once are final: reported (to whoever listens) with this batch.
    await this.reports?.recorded(
      this.tx,
      rows.flatMap((r) => (r.status === "skipped" ? [r.id!] : [])),
    );
    if (this.wake) {
      this.wake = false;
      await wakeWorkers(this.tx);
    }
  }
}
