import { inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../core/db/client.js";
import { clinicNotificationSettings, type NotificationTypeSettings } from "../../../core/db/schema.js";
import { ValidationError } from "../../../core/errors.js";
import { HOURS_BEFORE_MAX, HOURS_BEFORE_MIN, type NotificationTypeRegistry } from "../type-registry.js";

export type ClinicSettings = Record<string, NotificationTypeSettings>;

/** Stored settings over the registry's defaults: a type added later starts with its defaults. */
export function mergeSettings(
  registry: NotificationTypeRegistry,
  stored: ClinicSettings | undefined,
): ClinicSettings {
  const merged = registry.defaultSettings();
  for (const [key, value] of Object.entries(stored ?? {})) {
    if (merged[key]) merged[key] = { ...merged[key], ...value };
  }
  return merged;
}

/** Validates a partial update against the registry; every bad field is named. */
export function applySettingsUpdate(
  registry: NotificationTypeRegistry,
  current: ClinicSettings,
  update: Record<string, Partial<NotificationTypeSettings>>,
): ClinicSettings {
  const errors: { field: string; message: string }[] = [];
  const next: ClinicSettings = structuredClone(current);
  for (const [key, value] of Object.entries(update)) {
    const field = `settings.${key}`;
    const unknown = registry.unknownField(key, field);
    if (unknown) {
      errors.push(unknown);
      continue;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      errors.push({
        field,
        message: "expected an object with enabled, auto_send, hours_before and patient_links",
      });
      continue;
    }
    const target = next[key]!;
    for (const [prop, v] of Object.entries(value)) {
      if (prop === "enabled" || prop === "auto_send") {
        if (typeof v !== "boolean")
          errors.push({ field: `${field}.${prop}`, message: "expected true or false" });
        else target[prop] = v;
      } else if (prop === "patient_links") {
        if (registry.get(key)?.defaults.patient_links === undefined)
          errors.push({ field: `${field}.${prop}`, message: "this type's emails carry no patient links" });
        else if (typeof v !== "boolean")
          errors.push({ field: `${field}.${prop}`, message: "expected true or false" });
        else target.patient_links = v;
      } else if (prop === "hours_before") {
        if (key !== "appointment_reminder") {
          errors.push({
            field: `${field}.hours_before`,
            message: "only appointment_reminder has hours_before",
          });
        } else if (
          typeof v !== "number" ||
          !Number.isInteger(v) ||
          v < HOURS_BEFORE_MIN ||
          v > HOURS_BEFORE_MAX
        ) {
          errors.push({
            field: `${field}.hours_before`,
            message: `expected a whole number of hours from ${HOURS_BEFORE_MIN} to ${HOURS_BEFORE_MAX}`,
          });
        } else target.hours_before = v;
      } else {
        errors.push({
          field: `${field}.${prop}`,
          message: "unknown setting; expected enabled, auto_send, hours_before or patient_links",
        });
      }
    }
  }
  if (errors.length) throw new ValidationError(errors);
  return next;
}

export async function getClinicSettings(db: DbOrTx, registry: NotificationTypeRegistry, clinicId: string) {
  return (await getClinicSettingsOf(db, registry, [clinicId])).get(clinicId)!;
}

/** The settings of several clinics, keyed by clinic id (every id given has an entry). */
export async function getClinicSettingsOf(
  db: DbOrTx,
  registry: NotificationTypeRegistry,
  clinicIds: string[],
): Promise<Map<string, ClinicSettings>> {
  const rows = clinicIds.length
    ? await db
        .select()
        .from(clinicNotificationSettings)
        .where(inArray(clinicNotificationSettings.clinicId, clinicIds))
    : [];
  const stored = new Map(rows.map((r) => [r.clinicId, r.settings]));
  return new Map(clinicIds.map((id) => [id, mergeSettings(registry, stored.get(id))]));
}

export async function saveClinicSettings(
  db: DbOrTx,
  clinicId: string,
  settings: ClinicSettings,
): Promise<void> {
  await db
    .insert(clinicNotificationSettings)
    .values({ clinicId, settings })
    .onConflictDoUpdate({
      target: clinicNotificationSettings.clinicId,
      set: { settings, updatedAt: new Date() },
    });
}
