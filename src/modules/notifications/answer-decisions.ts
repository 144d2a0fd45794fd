import type { PatientResponse } from "../../core/db/schema.js";
import { mayAnswer } from "../directory/index.js";

/** What checking an answer link's token found (the signature and date; not yet the appointment). */
export type AnswerLinkCheck =
  /** Not even shaped like a token. */
  | { state: "malformed" }
  /** Not signed by us, not an answer link, or its clinic is gone. */
  | { state: "unknown" }
  | { state: "expired" }
  | { state: "valid"; patientId: string; startTime: Date };

/** The appointment as the directory has it now (null: no such appointment in the link's clinic). */
export interface AnswerAppointment {
  patientId: string;
  status: string;
  startTime: Date;
  response: PatientResponse | null;
  respondedAt: Date | null;
}

/** Which page a patient's answer link shows, and its HTTP status. */
export type AnswerPage =
  /** The shared refusal page: a link that is malformed (400), unknown (404) or expired (410). */
  | { kind: "invalid"; status: 400 | 404 | 410 }
  /** The clinic cancelled the appointment. */
  | { kind: "cancelled"; status: 409 }
  /** The appointment moved since the email was written: the link speaks of another time. */
  | { kind: "changed"; status: 409 }
  /** The appointment has begun or is over: nothing to answer any more. */
  | { kind: "past"; status: 410 }
  /** An answer stands that this link cannot change (the same one, or a final one). */
  | { kind: "answered"; status: 200; response: PatientResponse; respondedAt: Date }
  /** GET: ask once more (mail scanners open links; only the page's button answers). */
  | {
      kind: "ask";
      status: 200;
      wanted: PatientResponse;
      previous: { response: PatientResponse; respondedAt: Date } | null;
    }
  /** POST: record the answer (and publish it). */
  | { kind: "record"; status: 200; wanted: PatientResponse };

/**
 * The page an answer link shows, from the token's state and the appointment's. The link's own
 * failures first (same statuses as the preference links), then what happened to the
 * appointment (cancelled, moved, an answer already given, begun), and only then the question
 * (GET) or the answer recorded (POST).
 */
export function answerPage(input: {
  link: AnswerLinkCheck;
  appointment: AnswerAppointment | null;
  wanted: PatientResponse;
  method: "GET" | "POST";
  now: Date;
}): AnswerPage {
  const { link, appointment: a, wanted, method, now } = input;
  if (link.state === "malformed") return { kind: "invalid", status: 400 };
  if (link.state === "unknown") return { kind: "invalid", status: 404 };
  if (link.state === "expired") return { kind: "invalid", status: 410 };
  // Another patient's appointment is as good as none: the link says nothing of it.
  if (!a || a.patientId !== link.patientId) return { kind: "invalid", status: 404 };
  if (a.status === "cancelled") return { kind: "cancelled", status: 409 };
  if (a.startTime.getTime() !== link.startTime.getTime()) return { kind: "changed", status: 409 };
  if (a.response && a.respondedAt && !mayAnswer(a.response, wanted))
    return { kind: "answered", status: 200, response: a.response, respondedAt: a.respondedAt };
  if (a.startTime.getTime() <= now.getTime()) return { kind: "past", status: 410 };
  if (method === "POST") return { kind: "record", status: 200, wanted };
  const previous = a.response && a.respondedAt ? { response: a.response, respondedAt: a.respondedAt } : null;
  return { kind: "ask", status: 200, wanted, previous };
}

/**
 * The start an email's "confirm" / "I can't come" links are bound to, or null for no links:
 * the clinic has them on for the type, and the appointment is one the directory knows (its
 * answer is recorded there), the patient's, still scheduled, not begun, and at the time the
 * email says (a late email about an old time gets no links that would only say "changed").
 */
export function answerLinkStart(input: {
  /** The type's `patient_links` setting (undefined: the type has none). */
  patientLinks: boolean | undefined;
  patientId: string | null;
  /** The email's own `start_time` (its context, as written). */
  emailStart: unknown;
  appointment: Omit<AnswerAppointment, "response" | "respondedAt"> | undefined;
  now: Date;
}): Date | null {
  const { patientLinks, patientId, emailStart, appointment: a, now } = input;
  if (!patientLinks || !patientId || !a || typeof emailStart !== "string") return null;
  const start = new Date(emailStart);
  if (a.patientId !== patientId || a.status !== "scheduled") return null;
  if (start.getTime() !== a.startTime.getTime() || start.getTime() <= now.getTime()) return null;
  return start;
}
