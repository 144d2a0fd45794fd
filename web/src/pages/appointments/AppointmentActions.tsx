// Reschedule, cancel (with a reason) and send an appointment email, each unfolding inline.
import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/http.js";
import type { Appointment, NotificationTypeInfo } from "../../api/types.js";
import { useAuthed } from "../../app/session.js";
import { useToast } from "../../app/toast.js";
import { FormErrors } from "../../components/feedback.js";
import { fieldText, TextField } from "../../components/forms.js";
import { type ActionRef, actionRef, NotificationOutcome } from "../../components/NotificationOutcome.js";
import { SendNotification } from "../../components/SendNotification.js";
import { useI18n } from "../../i18n/context.js";
import { isoToZonedInput, zonedInputToIso } from "../../lib/datetime.js";
import { useAction } from "../../lib/useAction.js";

type Mode = "none" | "reschedule" | "cancel" | "send";

export function AppointmentActions({
  appointment: a,
  types,
  onChanged,
}: {
  appointment: Appointment;
  types: NotificationTypeInfo[];
  onChanged: () => void;
}) {
  const { busy, error, run: track } = useAction();
  const { api, clinic } = useAuthed();
  const { t } = useI18n();
  const toast = useToast();
  const [mode, setMode] = useState<Mode>("none");
  const [start, setStart] = useState(isoToZonedInput(a.start_time, clinic.timezone));
  const [reason, setReason] = useState("");
  const [outcome, setOutcome] = useState<ActionRef | null>(null);
  // Moving it into the past is done only once staff confirm it (no confirmation email goes out).
  const [askPast, setAskPast] = useState(false);
  const active = a.status === "scheduled";
  const sendTypes = types
    .filter((x) => x.send_from === "appointment")
    .map((x) => x.key)
    .filter((k) => (active ? k !== "appointment_cancelled" : k === "appointment_cancelled"));

  async function run(e: FormEvent, action: () => Promise<unknown>, done: string) {
    e.preventDefault();
    await track(async () => {
      const answer = await action();
      setOutcome(actionRef(answer, { patientId: a.patient_id, appointmentId: a.id }));
      toast(done);
      setMode("none");
      onChanged();
    });
  }

  const fe = error instanceof ApiError ? error.fieldErrors : {};
  const toggle = (m: Mode) => setMode((cur) => (cur === m ? "none" : m));
  const pid = `appt-${a.id}`;

  return (
    <div className="item-actions">
      <div className="row">
        {active ? (
          <>
            <button
              type="button"
              className="btn btn-small"
              aria-expanded={mode === "reschedule"}
              onClick={() => toggle("reschedule")}
            >
              {t("appointments.reschedule")}
            </button>
            <button
              type="button"
              className="btn btn-small"
              aria-expanded={mode === "cancel"}
              onClick={() => toggle("cancel")}
            >
              {t("appointments.cancel")}
            </button>
          </>
        ) : null}
        {sendTypes.length ? (
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={mode === "send"}
            onClick={() => toggle("send")}
          >
            ✉ {t("send.title")}
          </button>
        ) : null}
      </div>
      <FormErrors error={error} shown={(f) => f === "start_time" || f === "reason"} />
      {outcome ? <NotificationOutcome key={outcome.eventId} id={pid} action={outcome} /> : null}
      {mode === "reschedule" ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            const iso = zonedInputToIso(start, clinic.timezone) ?? start;
            if (!askPast && Date.parse(iso) <= Date.now()) {
              e.preventDefault();
              setAskPast(true);
              return;
            }
            setAskPast(false);
            return run(e, () => api.rescheduleAppointment(a.id, iso), t("appointments.rescheduled"));
          }}
        >
          <TextField
            id={`${pid}-start`}
            label={t("appointments.newStart")}
            type="datetime-local"
            required
            value={start}
            onChange={(e) => {
              setStart(e.target.value);
              setAskPast(false);
            }}
            error={fieldText(fe.start_time, t)}
          />
          {askPast ? (
            <div
              className="banner banner-warning banner-block"
              role="alert"
              data-testid={`${pid}-past-warning`}
            >
              <strong>{t("appointments.pastTitle")}</strong>
              <p>{t("appointments.pastWarning")}</p>
            </div>
          ) : null}
          <button
            type="submit"
            className={`btn btn-small ${askPast ? "btn-danger" : "btn-primary"}`}
            disabled={busy}
          >
            {askPast ? t("appointments.pastConfirmMove") : t("appointments.confirmReschedule")}
          </button>
        </form>
      ) : null}
      {mode === "cancel" ? (
        <form
          className="inline-form"
          onSubmit={(e) =>
            run(e, () => api.cancelAppointment(a.id, reason.trim()), t("appointments.cancelledToast"))
          }
        >
          <TextField
            id={`${pid}-reason`}
            label={t("appointments.cancelReason")}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={fieldText(fe.reason, t)}
          />
          <button type="submit" className="btn btn-danger btn-small" disabled={busy}>
            {t("appointments.confirmCancel")}
          </button>
        </form>
      ) : null}
      {mode === "send" ? (
        <SendNotification
          id={`${pid}-send`}
          patientId={a.patient_id}
          appointmentId={a.id}
          types={sendTypes}
        />
      ) : null}
    </div>
  );
}
