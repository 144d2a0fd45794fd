import { stringify } from "csv-stringify/sync";
import type { SuppressionRow } from "./suppressions-repo.js";

const HEADER = ["email", "reason", "smtp_reply", "patient_id", "email_log_id", "created_at"];

/**
 * The list as CSV (RFC 4180: quoted where needed, CRLF). A cell that a spreadsheet would run as
 * a formula (=, +, -, @, tab, CR) is prefixed with ' : replies come from other people's servers.
 */
export function suppressionsCsv(rows: readonly SuppressionRow[]): string {
  return stringify(
    rows.map((r) => [
      r.email,
      r.reason,
      r.smtpReply ?? "",
      r.patientId ?? "",
      r.emailLogId ?? "",
      r.createdAt.toISOString(),
    ]),
    {
      header: true,
      columns: HEADER,
      record_delimiter: "windows",
      escape_formulas: true,
      quoted_string: false,
    },
  );
}
