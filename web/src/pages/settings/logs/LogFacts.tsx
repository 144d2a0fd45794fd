import type { EmailLogDetail } from "../../../api/types.js";
import { useFormatDate } from "../../../app/useFormatDate.js";
import { useI18n } from "../../../i18n/context.js";
import type { DictKey } from "../../../i18n/dict.js";

const SCHEDULE_NOTES: Record<string, DictKey> = {
  quiet_hours: "scheduleNote.quiet_hours",
  quiet_hours_previous_close: "scheduleNote.quiet_hours_previous_close",
  quiet_hours_no_window_left: "scheduleNote.quiet_hours_no_window_left",
};

export function LogFacts({ log }: { log: EmailLogDetail }) {
  const { t, typeLabel } = useI18n();
  const formatDate = useFormatDate();
  const when = (iso: string | null) => (iso ? formatDate(iso) : "—");
  const rows: [string, string][] = [
    [t("logs.subject"), log.subject ?? "—"],
    [
      t("logs.recipient"),
      log.recipient_name ? `${log.recipient_name} <${log.recipient_email}>` : log.recipient_email,
    ],
    [t("logs.type"), typeLabel(log.notification_type ?? log.template_key)],
    [t("logs.created"), when(log.created_at)],
    [t("logs.sentAt"), when(log.sent_at)],
    [t("logs.attempts"), String(log.attempts ?? 0)],
    [t("logs.provider"), log.provider ?? "—"],
    [t("logs.messageId"), log.provider_message_id ?? "—"],
    [t("logs.event"), log.triggered_by_event ?? "—"],
    [t("logs.template"), [log.template_source, log.locale].filter(Boolean).join(" · ") || "—"],
  ];
  // The answer the patient gave on the email's appointment, as it stands now.
  if (log.patient_response && log.patient_responded_at)
    rows.push([
      t("logs.patientAnswer"),
      t(`appointments.answer.${log.patient_response}`, { date: when(log.patient_responded_at) }),
    ]);
  if (log.status === "pending" && log.next_attempt_at)
    rows.push([t("logs.nextAttempt"), when(log.next_attempt_at)]);
  // Why it was planned for another time than its own (the sending window).
  if (log.schedule_note) {
    const key = SCHEDULE_NOTES[log.schedule_note];
    rows.push([t("logs.scheduleNote"), key ? t(key) : log.schedule_note]);
  }
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
