import type { NotificationTypeInfo, TypeSettings } from "../api/types.js";

/** Every known type gets a row, even one the clinic never saved: fill in the defaults. */
export function withDefaults(
  types: Omit<NotificationTypeInfo, "send_from">[],
  settings: TypeSettings,
): TypeSettings {
  const out: TypeSettings = { ...settings };
  for (const type of types) {
    const current = out[type.key];
    const base = current ?? { enabled: true, auto_send: !type.manual_by_default };
    const row = { ...base };
    if (type.hours_before && row.hours_before == null) row.hours_before = 24;
    // The answer links are on by default wherever a type offers them.
    if (type.patient_links && row.patient_links == null) row.patient_links = true;
    out[type.key] = row;
  }
  return out;
}
