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
    out[type.key] =
      type.hours_before && base.hours_before == null ? { ...base, hours_before: 24 } : { ...base };
  }
  return out;
}
