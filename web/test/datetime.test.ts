import { describe, expect, it } from "vitest";
import {
  formatOffset,
  isoToZonedInput,
  nextDay,
  tzOffsetMinutes,
  zonedInputToIso,
} from "../src/lib/datetime.js";

describe("clinic wall-clock times", () => {
  it("adds Madrid's winter offset to a time typed in the clinic", () => {
    expect(zonedInputToIso("2025-01-15T10:30", "Europe/Madrid")).toBe("2025-01-15T10:30:00+01:00");
  });

  it("adds Madrid's summer offset to a time typed in the clinic", () => {
    expect(zonedInputToIso("2025-07-01T09:00", "Europe/Madrid")).toBe("2025-07-01T09:00:00+02:00");
  });

  it("uses the offset in force after a DST change that lies between guess and truth", () => {
    // 30 March 2025, Madrid: 02:00 → 03:00. 04:00 is already summer time.
    expect(zonedInputToIso("2025-03-30T04:00", "Europe/Madrid")).toBe("2025-03-30T04:00:00+02:00");
    // The last hour of winter time.
    expect(zonedInputToIso("2025-03-30T01:30", "Europe/Madrid")).toBe("2025-03-30T01:30:00+01:00");
  });

  it("moves a time inside the DST gap forward, as clocks do", () => {
    expect(zonedInputToIso("2025-03-30T02:30", "Europe/Madrid")).toBe("2025-03-30T03:30:00+02:00");
  });

  it("handles negative and fractional offsets", () => {
    expect(zonedInputToIso("2025-01-15T10:00", "America/Mexico_City")).toBe("2025-01-15T10:00:00-06:00");
    expect(zonedInputToIso("2025-01-15T10:00", "Asia/Kolkata")).toBe("2025-01-15T10:00:00+05:30");
  });

  it("treats a bare date as its midnight and rejects anything else", () => {
    expect(zonedInputToIso("2025-01-15", "UTC")).toBe("2025-01-15T00:00:00+00:00");
    expect(zonedInputToIso("15/01/2025", "UTC")).toBeNull();
    expect(zonedInputToIso("", "UTC")).toBeNull();
  });

  it("shows a stored instant on the clinic's wall clock", () => {
    expect(isoToZonedInput("2025-07-01T07:00:00Z", "Europe/Madrid")).toBe("2025-07-01T09:00");
    expect(isoToZonedInput("2025-01-01T00:30:00+01:00", "Atlantic/Canary")).toBe("2024-12-31T23:30");
  });

  it("round-trips between the two forms", () => {
    const iso = zonedInputToIso("2025-11-02T18:45", "America/New_York")!;
    expect(isoToZonedInput(iso, "America/New_York")).toBe("2025-11-02T18:45");
  });

  it("computes offsets and formats them", () => {
    expect(tzOffsetMinutes(new Date("2025-07-01T00:00:00Z"), "Europe/Madrid")).toBe(120);
    expect(formatOffset(-330)).toBe("-05:30");
    expect(formatOffset(0)).toBe("+00:00");
  });

  it("gives the next day's midnight, across month and year ends", () => {
    expect(nextDay("2025-01-31")).toBe("2025-02-01T00:00");
    expect(nextDay("2024-12-31")).toBe("2025-01-01T00:00");
    expect(nextDay("2024-02-28")).toBe("2024-02-29T00:00");
  });
});
