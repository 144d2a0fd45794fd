import { describe, expect, it } from "vitest";
import type { PatientResponse } from "../../../src/core/db/schema.js";
import { mayAnswer } from "../../../src/modules/directory/index.js";
import {
  type AnswerAppointment,
  type AnswerLinkCheck,
  answerLinkStart,
  answerPage,
} from "../../../src/modules/notifications/answer-decisions.js";

const P = "0b6b8a52-3f4e-4c1a-9a77-2f8a1f0c9d11";
const OTHER = "7c1d0e9f-2a3b-4c5d-8e6f-9a0b1c2d3e4f";
const now = new Date("2026-12-01T08:00:00Z");
const start = new Date("2026-12-02T09:30:00Z");
const at = new Date("2026-11-30T10:00:00Z");
const valid: AnswerLinkCheck = { state: "valid", patientId: P, startTime: start };
const scheduled: AnswerAppointment = {
  patientId: P,
  status: "scheduled",
  startTime: start,
  response: null,
  respondedAt: null,
};
const answered = (response: PatientResponse): AnswerAppointment => ({
  ...scheduled,
  response,
  respondedAt: at,
});

const page = (
  over: Partial<{
    link: AnswerLinkCheck;
    appointment: AnswerAppointment | null;
    wanted: PatientResponse;
    method: "GET" | "POST";
  }> = {},
) =>
  answerPage({
    link: valid,
    appointment: scheduled,
    wanted: "confirmed",
    method: "GET",
    now,
    ...over,
  });

describe("which page an answer link shows", () => {
  it("refuses a malformed (400), unknown (404) or expired (410) link whatever the appointment", () => {
    for (const appointment of [scheduled, null, answered("confirmed")]) {
      expect(page({ link: { state: "malformed" }, appointment })).toEqual({ kind: "invalid", status: 400 });
      expect(page({ link: { state: "unknown" }, appointment })).toEqual({ kind: "invalid", status: 404 });
      expect(page({ link: { state: "expired" }, appointment })).toEqual({ kind: "invalid", status: 410 });
    }
  });

  it("treats a missing appointment or another patient's as an unknown link (404)", () => {
    expect(page({ appointment: null })).toEqual({ kind: "invalid", status: 404 });
    expect(page({ appointment: { ...scheduled, patientId: OTHER }, method: "POST" })).toEqual({
      kind: "invalid",
      status: 404,
    });
  });

  it("says the appointment was cancelled, even when it had been answered", () => {
    for (const appointment of [
      { ...scheduled, status: "cancelled" },
      { ...answered("cancellation_requested"), status: "cancelled" },
    ])
      for (const method of ["GET", "POST"] as const)
        expect(page({ appointment, method })).toEqual({ kind: "cancelled", status: 409 });
  });

  it("says the appointment changed when it moved since the email (the link's start is not its start)", () => {
    const moved = { ...scheduled, startTime: new Date("2026-12-03T09:30:00Z") };
    expect(page({ appointment: moved })).toEqual({ kind: "changed", status: 409 });
    expect(page({ appointment: moved, method: "POST", wanted: "cancellation_requested" })).toEqual({
      kind: "changed",
      status: 409,
    });
  });

  it("asks on GET and records on POST while the appointment is ahead and unanswered", () => {
    expect(page()).toEqual({ kind: "ask", status: 200, wanted: "confirmed", previous: null });
    expect(page({ method: "POST", wanted: "cancellation_requested" })).toEqual({
      kind: "record",
      status: 200,
      wanted: "cancellation_requested",
    });
  });

  it("shows the answer already given to a second click of the same link", () => {
    for (const response of ["confirmed", "cancellation_requested"] as const)
      for (const method of ["GET", "POST"] as const)
        expect(page({ appointment: answered(response), wanted: response, method })).toEqual({
          kind: "answered",
          status: 200,
          response,
          respondedAt: at,
        });
  });

  it("lets a patient who confirmed say they cannot come, and keeps 'I can't come' final", () => {
    expect(page({ appointment: answered("confirmed"), wanted: "cancellation_requested" })).toEqual({
      kind: "ask",
      status: 200,
      wanted: "cancellation_requested",
      previous: { response: "confirmed", respondedAt: at },
    });
    expect(
      page({ appointment: answered("confirmed"), wanted: "cancellation_requested", method: "POST" }),
    ).toMatchObject({ kind: "record" });
    expect(
      page({ appointment: answered("cancellation_requested"), wanted: "confirmed", method: "POST" }),
    ).toEqual({ kind: "answered", status: 200, response: "cancellation_requested", respondedAt: at });
  });

  it("says the appointment has passed once it began, unless an answer stands", () => {
    const begun = { ...scheduled, startTime: now };
    const link: AnswerLinkCheck = { ...valid, startTime: now } as AnswerLinkCheck;
    expect(page({ link, appointment: begun })).toEqual({ kind: "past", status: 410 });
    expect(page({ link, appointment: begun, method: "POST" })).toEqual({ kind: "past", status: 410 });
    expect(page({ link, appointment: { ...begun, response: "confirmed", respondedAt: at } })).toMatchObject({
      kind: "answered",
    });
  });

  it("checks the link before the appointment, the appointment's fate before the answer, the answer before the time", () => {
    const everything: AnswerAppointment = {
      ...answered("confirmed"),
      status: "cancelled",
      startTime: new Date("2026-11-01T09:00:00Z"),
    };
    expect(page({ link: { state: "expired" }, appointment: everything }).kind).toBe("invalid");
    expect(page({ appointment: everything }).kind).toBe("cancelled");
    expect(page({ appointment: { ...everything, status: "scheduled" } }).kind).toBe("changed");
  });
});

describe("which answer may replace which", () => {
  it("takes a first answer, confirmed → can't come, and nothing after can't come", () => {
    expect(mayAnswer(null, "confirmed")).toBe(true);
    expect(mayAnswer(null, "cancellation_requested")).toBe(true);
    expect(mayAnswer("confirmed", "cancellation_requested")).toBe(true);
    expect(mayAnswer("confirmed", "confirmed")).toBe(false);
    expect(mayAnswer("cancellation_requested", "confirmed")).toBe(false);
    expect(mayAnswer("cancellation_requested", "cancellation_requested")).toBe(false);
  });
});

describe("whether an email carries the answer links", () => {
  const base = {
    patientLinks: true as boolean | undefined,
    patientId: P as string | null,
    emailStart: start.toISOString() as unknown,
    appointment: scheduled as AnswerAppointment | undefined,
    now,
  };
  it("binds them to the email's start when the clinic has them on and the appointment is as the email says", () => {
    expect(answerLinkStart(base)).toEqual(start);
    // The same instant written with an offset is the same start.
    expect(answerLinkStart({ ...base, emailStart: "2026-12-02T10:30:00+01:00" })).toEqual(start);
  });
  it("leaves them out when the type has them off or has none", () => {
    expect(answerLinkStart({ ...base, patientLinks: false })).toBeNull();
    expect(answerLinkStart({ ...base, patientLinks: undefined })).toBeNull();
  });
  it("leaves them out for an appointment the directory does not know, or another patient's, or no patient", () => {
    expect(answerLinkStart({ ...base, appointment: undefined })).toBeNull();
    expect(answerLinkStart({ ...base, appointment: { ...scheduled, patientId: OTHER } })).toBeNull();
    expect(answerLinkStart({ ...base, patientId: null })).toBeNull();
  });
  it("leaves them out when the appointment was cancelled, moved since the email, or has begun", () => {
    expect(answerLinkStart({ ...base, appointment: { ...scheduled, status: "cancelled" } })).toBeNull();
    expect(answerLinkStart({ ...base, emailStart: "2026-12-03T09:30:00Z" })).toBeNull();
    expect(answerLinkStart({ ...base, emailStart: undefined })).toBeNull();
    expect(answerLinkStart({ ...base, now: start })).toBeNull();
  });
});
