import { describe, expect, it } from "vitest";
import {
  afterFailure,
  confirmationSkip,
  nextAttemptAt,
  reminderDueAt,
  shouldSend,
} from "../../../src/modules/notifications/decisions.js";

const on = { enabled: true, auto_send: true };
const manualOnly = { enabled: true, auto_send: false };
const off = { enabled: false, auto_send: true };
const prefs = (emailEnabled: boolean, preferences: Record<string, boolean> = {}) => ({
  emailEnabled,
  preferences,
});

describe("shouldSend", () => {
  // [clinic settings, preference, manual, expected]
  const table: [
    string,
    typeof on | undefined,
    ReturnType<typeof prefs> | null,
    boolean,
    [boolean, string | null],
  ][] = [
    ["sends when all is on and the patient has no preferences", on, null, false, [true, null]],
    ["sends when the patient opted in", on, prefs(true, { welcome: true }), false, [true, null]],
    [
      "skips with disabled_at_clinic_level when the type is off",
      off,
      null,
      false,
      [false, "disabled_at_clinic_level"],
    ],
    [
      "skips with disabled_at_clinic_level even when sent by hand",
      off,
      null,
      true,
      [false, "disabled_at_clinic_level"],
    ],
    [
      "skips with disabled_at_clinic_level for an unknown type",
      undefined,
      null,
      false,
      [false, "disabled_at_clinic_level"],
    ],
    [
      "skips with manual_send_required when the type is not automatic",
      manualOnly,
      null,
      false,
      [false, "manual_send_required"],
    ],
    ["sends a manual type when a person asks", manualOnly, null, true, [true, null]],
    [
      "skips with patient_opted_out when the master toggle is off",
      on,
      prefs(false),
      false,
      [false, "patient_opted_out"],
    ],
    [
      "skips with patient_opted_out on a manual send too",
      manualOnly,
      prefs(false),
      true,
      [false, "patient_opted_out"],
    ],
    [
      "skips with patient_opted_out_of_<type> for that type",
      on,
      prefs(true, { welcome: false }),
      false,
      [false, "patient_opted_out_of_welcome"],
    ],
    ["ignores opt-outs of other types", on, prefs(true, { budget_sent: false }), false, [true, null]],
    [
      "checks the clinic before the patient",
      manualOnly,
      prefs(false),
      false,
      [false, "manual_send_required"],
    ],
  ];
  it.each(table)("%s", (_name, clinicSettings, preference, manual, expected) => {
    expect(shouldSend({ notificationType: "welcome", clinicSettings, preference, manual })).toEqual(expected);
  });
});

describe("reminderDueAt", () => {
  const start = new Date("2026-12-01T10:00:00Z");
  it("is start − hours_before when that is still ahead", () => {
    expect(reminderDueAt(start, 24, new Date("2026-11-29T10:00:00Z"))).toEqual({
      dueAt: new Date("2026-11-30T10:00:00Z"),
      skip: null,
    });
  });
  it("is now when booked inside the window but more than 2 hours ahead", () => {
    const now = new Date("2026-12-01T05:00:00Z");
    expect(reminderDueAt(start, 24, now)).toEqual({ dueAt: now, skip: null });
  });
  it("is too_late when the visit is 2 hours away or less", () => {
    expect(reminderDueAt(start, 24, new Date("2026-12-01T08:00:00Z"))).toEqual({
      dueAt: null,
      skip: "too_late",
    });
    expect(reminderDueAt(start, 1, new Date("2026-12-01T09:30:00Z"))).toEqual({
      dueAt: null,
      skip: "too_late",
    });
  });
});

describe("appointments in the past", () => {
  const start = new Date("2026-12-01T10:00:00Z");
  it("confirms an appointment still ahead", () => {
    expect(confirmationSkip(start, new Date("2026-12-01T09:59:00Z"))).toBeNull();
  });
  it("skips the confirmation with appointment_in_past once it has begun or is over", () => {
    expect(confirmationSkip(start, start)).toBe("appointment_in_past");
    expect(confirmationSkip(start, new Date("2026-12-03T10:00:00Z"))).toBe("appointment_in_past");
  });
  it("plans no reminder for it: skipped with appointment_in_past, not too_late", () => {
    expect(reminderDueAt(start, 24, new Date("2026-12-01T10:00:00Z"))).toEqual({
      dueAt: null,
      skip: "appointment_in_past",
    });
    expect(reminderDueAt(start, 1, new Date("2027-01-01T00:00:00Z"))).toEqual({
      dueAt: null,
      skip: "appointment_in_past",
    });
  });
});

describe("retries", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  it("doubles the delay each attempt, with jitter within ±20 %", () => {
    expect(nextAttemptAt(now, 1, 30, () => 0.5).getTime() - now.getTime()).toBe(30_000);
    expect(nextAttemptAt(now, 3, 30, () => 0.5).getTime() - now.getTime()).toBe(120_000);
    expect(nextAttemptAt(now, 1, 30, () => 0).getTime() - now.getTime()).toBe(24_000);
    expect(nextAttemptAt(now, 1, 30, () => 0.999999).getTime() - now.getTime()).toBeLessThanOrEqual(36_000);
  });
  it("retries transient failures until the attempts run out, and never permanent ones", () => {
    expect(afterFailure({ failure: "transient", attempts: 1, maxAttempts: 6 })).toBe("retry");
    expect(afterFailure({ failure: "transient", attempts: 6, maxAttempts: 6 })).toBe("fail");
    expect(afterFailure({ failure: "permanent", attempts: 1, maxAttempts: 6 })).toBe("fail");
  });
});
