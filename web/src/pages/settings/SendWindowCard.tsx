// The clinic's sending window: reminders and welcome emails go out only between these hours,
// on the clinic's clock. Saved with PUT /notifications/settings; the answer is what is shown.
import { type FormEvent, useEffect, useState } from "react";
import { ApiError } from "../../api/http.js";
import type { SendWindow } from "../../api/types.js";
import { useAuthed } from "../../app/session.js";
import { ErrorBanner, FormErrors, Loading } from "../../components/feedback.js";
import { Checkbox, fieldText, TextField } from "../../components/forms.js";
import { useI18n } from "../../i18n/context.js";
import { PERM } from "../../lib/permissions.js";
import { useAction } from "../../lib/useAction.js";
import { useAsync } from "../../lib/useAsync.js";

const DEFAULT = { start: "08:00", end: "21:00" };

export function SendWindowCard() {
  const { api, can, clinic } = useAuthed();
  const { t } = useI18n();
  const loaded = useAsync(() => api.sendWindow(), [api]);
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState<SendWindow | null>(null);
  const [on, setOn] = useState(true);
  const [ends, setEnds] = useState(DEFAULT);
  const [confirmed, setConfirmed] = useState(false);
  const canWrite = can(PERM.settingsWrite);

  useEffect(() => {
    if (loaded.data) setSaved(loaded.data);
  }, [loaded.data]);
  // The form shows what the server answered last.
  useEffect(() => {
    if (!saved) return;
    setOn(saved.start !== null);
    setEnds(saved.start && saved.end ? { start: saved.start, end: saved.end } : DEFAULT);
  }, [saved]);

  if (loaded.error) return <ErrorBanner error={loaded.error} onRetry={loaded.reload} />;
  if (!saved) return <Loading />;

  const draft: SendWindow = on ? ends : { start: null, end: null };
  const dirty = draft.start !== saved.start || draft.end !== saved.end;
  const fieldError = (f: string) =>
    error instanceof ApiError ? fieldText(error.fieldErrors[`send_window.${f}`], t) : undefined;

  async function save(e: FormEvent) {
    e.preventDefault();
    setConfirmed(false);
    await run(async () => {
      setSaved(await api.saveSendWindow(draft));
      setConfirmed(true);
    });
  }

  return (
    <form className="card" onSubmit={save} aria-labelledby="send-window-title" data-testid="send-window">
      <h2 id="send-window-title">{t("sendWindow.title")}</h2>
      <p className="muted">{t("sendWindow.intro", { timezone: clinic.timezone })}</p>
      <FormErrors error={error} shown={(f) => f === "send_window.start" || f === "send_window.end"} />
      <Checkbox
        id="send-window-on"
        label={t("sendWindow.enabled")}
        checked={on}
        disabled={!canWrite || busy}
        onChange={(e) => {
          setOn(e.target.checked);
          setConfirmed(false);
        }}
      />
      {on ? (
        <div className="form-grid">
          {(["start", "end"] as const).map((end) => (
            <TextField
              key={end}
              id={`send-window-${end}`}
              label={t(end === "start" ? "sendWindow.start" : "sendWindow.end")}
              type="time"
              required
              value={ends[end]}
              error={fieldError(end)}
              disabled={!canWrite || busy}
              onChange={(e) => {
                setEnds((x) => ({ ...x, [end]: e.target.value }));
                setConfirmed(false);
              }}
            />
          ))}
        </div>
      ) : null}
      {canWrite ? (
        <div className="actions">
          {confirmed ? (
            <span role="status" data-testid="send-window-saved">
              {saved.start && saved.end
                ? t("sendWindow.saved", { start: saved.start, end: saved.end })
                : t("sendWindow.savedOff")}
            </span>
          ) : null}
          <button type="submit" className="btn btn-primary" disabled={busy || !dirty}>
            {busy ? t("common.saving") : t("common.save")}
          </button>
        </div>
      ) : null}
    </form>
  );
}
