// Schedule an appointment. The time is typed on the clinic's wall clock and sent with its offset.
import { useState } from "react";
import { ApiError } from "../../api/http.js";
import { useAuthed } from "../../app/session.js";
import { useToast } from "../../app/toast.js";
import { FormErrors } from "../../components/feedback.js";
import { fieldText, SelectField, TextField } from "../../components/forms.js";
import { type ActionRef, actionRef, NotificationOutcome } from "../../components/NotificationOutcome.js";
import { PatientSelect } from "../../components/PatientSelect.js";
import { useI18n } from "../../i18n/context.js";
import { zonedInputToIso } from "../../lib/datetime.js";
import { useAction } from "../../lib/useAction.js";
import { useAsync } from "../../lib/useAsync.js";
import { ProfessionalForm } from "./ProfessionalForm.js";

export function AppointmentForm({
  initialPatientId,
  onCreated,
}: {
  initialPatientId: string;
  onCreated: () => void;
}) {
  const { busy, error, run } = useAction();
  const { api, clinic } = useAuthed();
  const { t } = useI18n();
  const toast = useToast();
  const pros = useAsync(() => api.professionals(), [api]);
  const [patientId, setPatientId] = useState(initialPatientId);
  const [professionalId, setProfessionalId] = useState("");
  const [start, setStart] = useState("");
  const [duration, setDuration] = useState("30");
  const [reason, setReason] = useState("");
  // A time in the past is booked only once staff confirm it (no confirmation email goes out).
  const [askPast, setAskPast] = useState(false);
  const [outcome, setOutcome] = useState<ActionRef | null>(null);
  // A new key after each booking clears the picker's search too.
  const [pickerKey, setPickerKey] = useState(0);
  const proList = pros.data ?? [];
  const chosenPro = professionalId || proList[0]?.id || "";

  async function submit(e: { preventDefault(): void }, pastConfirmed = false) {
    e.preventDefault();
    const startIso = zonedInputToIso(start, clinic.timezone);
    if (!pastConfirmed && startIso && Date.parse(startIso) <= Date.now()) {
      setAskPast(true);
      return;
    }
    setAskPast(false);
    setOutcome(null);
    const forPatient = patientId;
    await run(async () => {
      const answer = await api.createAppointment({
        patient_id: patientId,
        professional_id: chosenPro,
        start_time: startIso ?? start,
        duration_minutes: Number(duration) || undefined,
        reason: reason.trim() || undefined,
      });
      setOutcome(actionRef(answer, { patientId: forPatient, appointmentId: answer.id }));
      toast(t("appointments.created"));
      // Start the next booking from scratch: never silently for the same patient.
      setPatientId("");
      setPickerKey((k) => k + 1);
      setProfessionalId("");
      setStart("");
      setDuration("30");
      setReason("");
      onCreated();
    });
  }

  const fe = error instanceof ApiError ? error.fieldErrors : {};
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-appointment-title">
      <h2 id="new-appointment-title">{t("appointments.new")}</h2>
      <FormErrors
        error={error}
        shown={(f) =>
          ["patient_id", "professional_id", "start_time", "duration_minutes", "reason"].includes(f)
        }
      />
      <div className="form-grid">
        <PatientSelect
          key={pickerKey}
          id="appt-patient"
          label={t("appointments.patient")}
          value={patientId}
          onChange={(id) => setPatientId(id)}
          error={fieldText(fe.patient_id, t)}
          required
        />
        {pros.data && proList.length === 0 ? (
          <ProfessionalForm
            onCreated={(p) => {
              setProfessionalId(p.id);
              pros.reload();
            }}
          />
        ) : (
          <SelectField
            id="appt-professional"
            label={t("appointments.professional")}
            value={chosenPro}
            onChange={(e) => setProfessionalId(e.target.value)}
            error={fieldText(fe.professional_id, t)}
            required
          >
            {proList.map((p) => (
              <option key={p.id} value={p.id}>
                {p.first_name} {p.last_name}
              </option>
            ))}
          </SelectField>
        )}
        <TextField
          id="appt-start"
          label={t("appointments.start")}
          type="datetime-local"
          required
          value={start}
          onChange={(e) => {
            setStart(e.target.value);
            setAskPast(false);
          }}
          hint={t("appointments.tzHint", { tz: clinic.timezone })}
          error={fieldText(fe.start_time, t)}
        />
        <TextField
          id="appt-duration"
          label={t("appointments.duration")}
          type="number"
          min={5}
          max={600}
          step={5}
          value={duration}
          onChange={(e) => setDuration(e.target.value)}
          error={fieldText(fe.duration_minutes, t)}
        />
        <TextField
          id="appt-reason"
          label={t("appointments.reason")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className="span-2"
          error={fieldText(fe.reason, t)}
        />
      </div>
      {askPast ? (
        <div className="banner banner-warning banner-block" role="alert" data-testid="past-warning">
          <strong>{t("appointments.pastTitle")}</strong>
          <p>{t("appointments.pastWarning")}</p>
          <div className="row">
            <button type="button" className="btn btn-small btn-danger" onClick={(e) => submit(e, true)}>
              {t("appointments.pastConfirm")}
            </button>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                setAskPast(false);
                document.getElementById("appt-start")?.focus();
              }}
            >
              {t("appointments.pastChange")}
            </button>
          </div>
        </div>
      ) : null}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !chosenPro || askPast}>
          {busy ? t("common.saving") : t("appointments.schedule")}
        </button>
      </div>
      {outcome ? <NotificationOutcome key={outcome.eventId} id="new-appointment" action={outcome} /> : null}
    </form>
  );
}
