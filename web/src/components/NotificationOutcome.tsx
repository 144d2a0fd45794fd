// What became of the emails of one staff action (a budget sent, an appointment booked …).
// The action answers the id of the event it published; the dispatcher handles that event a
// moment later and writes its emails, all at once. Until then the email is honestly "queued";
// the log is polled (GET /notifications/logs?event_id=) until every email has settled or a
// deadline passes. An email that waits for a person gets a "Send the email now" button.
import { useEffect, useState } from "react";
import type { EmailLog, LogFilters, SendRequest } from "../api/types.js";
import { useAuthed } from "../app/session.js";
import { type Translate, useI18n } from "../i18n/context.js";
import { formatDateTime } from "../lib/datetime.js";
import { PERM } from "../lib/permissions.js";
import { explainReason } from "../lib/reasons.js";
import { Link } from "../lib/router.js";
import { useAction } from "../lib/useAction.js";
import { ErrorBanner } from "./feedback.js";

/** The part of an action's answer that names the event it published. */
export interface PublishedAnswer {
  event_id?: string | null;
}

/** One action whose emails to follow: its event, and the records a manual send needs. */
export interface ActionRef {
  eventId: string;
  patientId: string;
  appointmentId?: string;
  budgetId?: string;
}

/** Builds the ActionRef of an action's answer, or null when it named no event. */
export function actionRef(answer: unknown, ids: Omit<ActionRef, "eventId">): ActionRef | null {
  const eventId = (answer as PublishedAnswer | null)?.event_id;
  return eventId ? { ...ids, eventId } : null;
}

const POLL_MS = 600;
const DEADLINE_MS = 20_000;
/** A pending email due later than this is planned (a reminder), not waiting to go out. */
const PLANNED_AFTER_MS = 60_000;

const isPlanned = (l: EmailLog) =>
  l.status === "pending" &&
  !!l.next_attempt_at &&
  Date.parse(l.next_attempt_at) - Date.now() > PLANNED_AFTER_MS;
const settled = (l: EmailLog) => l.status !== "pending" || isPlanned(l);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A skip reason in the words staff use; the bare fact when the reason is unknown. */
function reasonWords(t: Translate, typeLabel: (k: string) => string, code: string | null): string {
  const reason = explainReason(code);
  if (!reason) return "";
  return reason.key === "reason.optedOutOf" ? t(reason.key, { type: typeLabel(reason.type) }) : t(reason.key);
}

export function NotificationOutcome({ action, id }: { action: ActionRef; id: string }) {
  const { api, can, clinic } = useAuthed();
  const { t, typeLabel, locale } = useI18n();
  const [logs, setLogs] = useState<EmailLog[] | null>(null);
  const [timedOut, setTimedOut] = useState(false);
  const canRead = can(PERM.logsRead);

  useEffect(() => {
    if (!canRead) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = Date.now();
    setLogs(null);
    setTimedOut(false);
    const filters = { page: 1, page_size: 20, event_id: action.eventId } as LogFilters;
    async function tick() {
      try {
        const page = await api.logs(filters);
        if (stopped) return;
        setLogs(page.data);
        if (page.data.length > 0 && page.data.every(settled)) return;
      } catch {
        // A failed poll is retried until the deadline.
      }
      if (stopped) return;
      if (Date.now() - started > DEADLINE_MS) {
        setTimedOut(true);
        return;
      }
      timer = setTimeout(tick, POLL_MS);
    }
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, action.eventId, canRead]);

  if (!canRead) return null;
  const rows = logs ?? [];
  return (
    <div className="result notification-outcome" role="status" data-testid={`${id}-outcome`}>
      <strong>{t("outcome.title")}</strong>
      {rows.length === 0 ? (
        <p data-testid="outcome-state" data-state={timedOut ? "unknown" : "queued"}>
          {timedOut ? t("outcome.unknown") : t("outcome.waiting")}
        </p>
      ) : (
        <ul className="plain-list">
          {rows.map((l) => (
            <OutcomeLine
              key={l.id}
              log={l}
              action={action}
              describe={(x) =>
                describe(x, t, typeLabel, (iso) => formatDateTime(iso, locale, clinic.timezone))
              }
            />
          ))}
        </ul>
      )}
      {timedOut && rows.some((l) => !settled(l)) ? (
        <p className="muted small">{t("outcome.stillQueued")}</p>
      ) : null}
    </div>
  );
}

function describe(
  l: EmailLog,
  t: Translate,
  typeLabel: (k: string) => string,
  date: (iso: string) => string,
): { state: string; text: string } {
  const type = typeLabel(l.notification_type ?? l.template_key);
  if (l.status === "sent")
    return { state: "sent", text: t("outcome.sent", { type, email: l.recipient_email }) };
  if (l.status === "failed") return { state: "failed", text: t("outcome.failed", { type }) };
  if (l.status === "skipped") {
    const words = reasonWords(t, typeLabel, l.error_message);
    return { state: "skipped", text: t("outcome.skipped", { type, reason: words }).trim() };
  }
  if (isPlanned(l) && l.next_attempt_at)
    return { state: "planned", text: t("outcome.planned", { type, date: date(l.next_attempt_at) }) };
  return { state: "queued", text: t("outcome.queued", { type }) };
}

function OutcomeLine({
  log,
  action,
  describe,
}: {
  log: EmailLog;
  action: ActionRef;
  describe: (l: EmailLog) => { state: string; text: string };
}) {
  const { api, can } = useAuthed();
  const { t, typeLabel } = useI18n();
  const { busy, error, run } = useAction();
  const [again, setAgain] = useState<EmailLog | null>(null);
  const shown = again ?? log;
  const { state, text } = describe(shown);
  const type = log.notification_type ?? log.template_key;
  const manual = !again && log.status === "skipped" && log.error_message === "manual_send_required";

  async function sendNow() {
    const body: SendRequest = { notification_type: type, patient_id: action.patientId };
    if (action.appointmentId) body.appointment_id = action.appointmentId;
    if (action.budgetId) body.budget_id = action.budgetId;
    await run(async () => {
      const result = await api.sendNotification(body);
      if (!result.log_id) throw new Error(result.message);
      // The send answers once the email went out or was queued; follow it until it settles.
      const deadline = Date.now() + DEADLINE_MS;
      for (;;) {
        const current = await api.log(result.log_id);
        setAgain(current);
        if (settled(current) || Date.now() > deadline) return;
        await sleep(POLL_MS);
      }
    });
  }

  return (
    <li data-testid="outcome-line" data-type={type} data-state={state}>
      <span>{text}</span>
      {manual && can(PERM.send) ? (
        <div className="outcome-manual">
          <button type="button" className="btn btn-small btn-primary" onClick={sendNow} disabled={busy}>
            ✉ {busy ? t("send.sending") : t("outcome.sendNow")}
          </button>
          <p className="muted small">
            {t("outcome.autoHint", { type: typeLabel(type) })}{" "}
            {can(PERM.settingsRead) ? (
              <Link href="/settings/notifications/types">{t("outcome.openTypes")}</Link>
            ) : null}
          </p>
        </div>
      ) : null}
      <ErrorBanner error={error} />
    </li>
  );
}
