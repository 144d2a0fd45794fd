// Why an email was not sent, in the words staff use. The server stores a reason code
// (the seed's, e.g. "patient_opted_out_of_appointment_reminder"); unknown ones show as is.

export type Reason =
  | {
      key:
        | "reason.disabled"
        | "reason.manual"
        | "reason.optedOut"
        | "reason.cancelled"
        | "reason.tooLate"
        | "reason.inPast";
    }
  | { key: "reason.optedOutOf"; type: string };

export function explainReason(code: string | null | undefined): Reason | null {
  switch (code) {
    case "disabled_at_clinic_level":
      return { key: "reason.disabled" };
    case "manual_send_required":
      return { key: "reason.manual" };
    case "patient_opted_out":
      return { key: "reason.optedOut" };
    case "appointment_cancelled":
      return { key: "reason.cancelled" };
    case "too_late":
      return { key: "reason.tooLate" };
    case "appointment_in_past":
      return { key: "reason.inPast" };
  }
  const m = /^patient_opted_out_of_([a-z0-9_]+)$/.exec(code ?? "");
  return m?.[1] ? { key: "reason.optedOutOf", type: m[1] } : null;
}
