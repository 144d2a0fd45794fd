import { describe, expect, it } from "vitest";
import { fitSendWindow, minutesOfDay, sendWindowOf } from "../../../src/modules/notifications/send-window.js";

const MADRID = "Europe/Madrid";
const DAY = { start: "08:00", end: "21:00" };
const iso = (d: Date) => d.toISOString();
const fitMadrid = (
  planned: string,
  opts: { now?: string; appointment?: string; window?: typeof DAY | null } = {},
) => {
  const r = fitSendWindow({
    planned: new Date(planned),
    window: opts.window === undefined ? DAY : opts.window,
    timeZone: MADRID,
    now: new Date(opts.now ?? "2026-01-01T00:00:00Z"),
    appointmentStart: opts.appointment ? new Date(opts.appointment) : null,
  });
  return { at: iso(r.at), note: r.note };
};

describe("fitSendWindow", () => {
  it("leaves an email inside the window where it is", () => {
    expect(fitMadrid("2026-06-10T10:00:00+02:00")).toEqual({ at: "2026-06-10T08:00:00.000Z", note: null });
  });

  it("counts both ends as inside: 08:00 and 21:00 on the clinic's clock", () => {
    expect(fitMadrid("2026-06-10T08:00:00+02:00").note).toBeNull();
    expect(fitMadrid("2026-06-10T21:00:00+02:00").note).toBeNull();
    expect(fitMadrid("2026-06-10T21:01:00+02:00").note).toBe("quiet_hours");
    expect(fitMadrid("2026-06-10T07:59:00+02:00").note).toBe("quiet_hours");
  });

  it("moves one planned in the small hours to that morning's opening", () => {
    expect(fitMadrid("2026-06-10T03:00:00+02:00")).toEqual({
      at: "2026-06-10T06:00:00.000Z", // 08:00 in Madrid (UTC+2 in summer)
      note: "quiet_hours",
    });
  });

  it("moves one planned late in the evening to the next morning's opening", () => {
    expect(fitMadrid("2026-01-14T22:30:00+01:00")).toEqual({
      at: "2026-01-15T07:00:00.000Z", // 08:00 in Madrid (UTC+1 in winter)
      note: "quiet_hours",
    });
  });

  it("uses the clinic's clock, not UTC: 23:30 UTC is 00:30 in Madrid", () => {
    expect(fitMadrid("2026-01-14T23:30:00Z").at).toBe("2026-01-15T07:00:00.000Z");
    expect(
      fitSendWindow({
        planned: new Date("2026-01-14T23:30:00Z"),
        window: DAY,
        timeZone: "America/Bogota", // 18:30 there: inside
        now: new Date("2026-01-01T00:00:00Z"),
      }).note,
    ).toBeNull();
  });

  it("keeps 08:00 on the clinic's clock across the spring DST change (Sunday 29 March 2026)", () => {
    // 22:00 on Saturday (UTC+1); the opening is 08:00 on Sunday, already UTC+2.
    expect(fitMadrid("2026-03-28T22:00:00+01:00").at).toBe("2026-03-29T06:00:00.000Z");
    // 02:30 does not exist that night; an email planned at 01:30 still waits for 08:00 (UTC+2).
    expect(fitMadrid("2026-03-29T01:30:00+01:00").at).toBe("2026-03-29T06:00:00.000Z");
  });

  it("keeps 08:00 on the clinic's clock across the autumn DST change (Sunday 25 October 2026)", () => {
    // 02:30 happens twice that night; both wait for 08:00 UTC+1.
    expect(fitMadrid("2026-10-25T02:30:00+02:00").at).toBe("2026-10-25T07:00:00.000Z");
    expect(fitMadrid("2026-10-25T02:30:00+01:00").at).toBe("2026-10-25T07:00:00.000Z");
    expect(fitMadrid("2026-10-24T21:30:00+02:00").at).toBe("2026-10-25T07:00:00.000Z");
  });

  it("moves a window end that falls in the DST gap forward, as clocks do", () => {
    const r = fitSendWindow({
      planned: new Date("2026-03-29T04:00:00+02:00"),
      window: { start: "00:30", end: "02:30" },
      timeZone: MADRID,
      now: new Date("2026-03-28T00:00:00Z"),
    });
    // 04:00 is after the (moved) close at 03:30, so it waits for the next day's 00:30.
    expect(r).toEqual({ at: new Date("2026-03-30T00:30:00+02:00"), note: "quiet_hours" });
  });

  it("goes back to the previous evening's close when the window opens only after the appointment", () => {
    // Appointment at 07:30; a 2-hour reminder would be at 05:30; 08:00 is too late.
    expect(
      fitMadrid("2026-06-10T05:30:00+02:00", {
        appointment: "2026-06-10T07:30:00+02:00",
        now: "2026-06-08T12:00:00+02:00",
      }),
    ).toEqual({ at: "2026-06-09T19:00:00.000Z", note: "quiet_hours_previous_close" });
  });

  it("keeps the opening when it is still before the appointment", () => {
    expect(
      fitMadrid("2026-06-10T05:30:00+02:00", {
        appointment: "2026-06-10T08:30:00+02:00",
        now: "2026-06-08T12:00:00+02:00",
      }),
    ).toEqual({ at: "2026-06-10T06:00:00.000Z", note: "quiet_hours" });
  });

  it("goes back to the previous close when the appointment starts exactly at the opening", () => {
    expect(
      fitMadrid("2026-06-10T06:00:00+02:00", {
        appointment: "2026-06-10T08:00:00+02:00",
        now: "2026-06-08T12:00:00+02:00",
      }).note,
    ).toBe("quiet_hours_previous_close");
  });

  it("sends at its own time when no moment of the window is left before the appointment", () => {
    // Booked at 22:30 for 07:30 the next morning: yesterday's 21:00 has passed, 08:00 is too late.
    expect(
      fitMadrid("2026-06-09T22:30:00+02:00", {
        appointment: "2026-06-10T07:30:00+02:00",
        now: "2026-06-09T22:30:00+02:00",
      }),
    ).toEqual({ at: "2026-06-09T20:30:00.000Z", note: "quiet_hours_no_window_left" });
  });

  it("uses the previous close before a late-evening appointment's next-day opening", () => {
    // Appointment at 23:00 (an emergency slot), reminder planned 22:00: 08:00 tomorrow is after it.
    expect(
      fitMadrid("2026-06-10T22:00:00+02:00", {
        appointment: "2026-06-10T23:00:00+02:00",
        now: "2026-06-10T09:00:00+02:00",
      }),
    ).toEqual({ at: "2026-06-10T19:00:00.000Z", note: "quiet_hours_previous_close" });
  });

  it("changes nothing with no window", () => {
    expect(fitMadrid("2026-06-10T03:00:00+02:00", { window: null })).toEqual({
      at: "2026-06-10T01:00:00.000Z",
      note: null,
    });
  });

  it("honours a narrow window like 10:00–12:00", () => {
    const narrow = { start: "10:00", end: "12:00" };
    expect(fitMadrid("2026-06-10T12:30:00+02:00", { window: narrow }).at).toBe("2026-06-11T08:00:00.000Z");
    expect(fitMadrid("2026-06-10T09:59:00+02:00", { window: narrow }).at).toBe("2026-06-10T08:00:00.000Z");
  });
});

describe("minutesOfDay and sendWindowOf", () => {
  it("reads HH:MM and refuses anything else", () => {
    expect(minutesOfDay("00:00")).toBe(0);
    expect(minutesOfDay("21:30")).toBe(1290);
    expect(minutesOfDay("23:59")).toBe(1439);
    for (const bad of ["24:00", "8:00", "08:60", "08:00:00", "", "ab:cd", " 08:00"]) {
      expect(minutesOfDay(bad)).toBeNull();
    }
  });

  it("makes a window only of two ends", () => {
    expect(sendWindowOf("08:00", "21:00")).toEqual(DAY);
    expect(sendWindowOf(null, null)).toBeNull();
  });
});
