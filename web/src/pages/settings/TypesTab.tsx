// Notification types: one row per type with enabled, automatic send, for the appointment
// emails the patient's answer links, and for the reminder how many hours before it goes out.
import { type FormEvent, useEffect, useState } from "react";
import { ApiError } from "../../api/http.js";
import type { TypeSettings } from "../../api/types.js";
import { useAuthed } from "../../app/session.js";
import { useToast } from "../../app/toast.js";
import { useNotificationTypes } from "../../app/useTypes.js";
import { ErrorBanner, FormErrors, Loading } from "../../components/feedback.js";
import { useI18n } from "../../i18n/context.js";
import { PERM } from "../../lib/permissions.js";
import { withDefaults } from "../../lib/typeSettings.js";
import { useAction } from "../../lib/useAction.js";
import { useAsync } from "../../lib/useAsync.js";
import { TypeRow } from "./TypeRow.js";

export function TypesTab() {
  const { busy, error, run } = useAction();
  const { api, can } = useAuthed();
  const { t } = useI18n();
  const toast = useToast();
  const { types, loading: typesLoading } = useNotificationTypes();
  const loaded = useAsync(() => api.typeSettings(), [api]);
  const [draft, setDraft] = useState<TypeSettings>({});
  const [saved, setSaved] = useState<TypeSettings>({});
  const canWrite = can(PERM.settingsWrite);

  useEffect(() => {
    if (!loaded.data || typesLoading) return;
    const full = withDefaults(types, loaded.data);
    setDraft(full);
    setSaved(full);
  }, [loaded.data, types, typesLoading]);

  if (loaded.error) return <ErrorBanner error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data || typesLoading) return <Loading />;

  async function save(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const next = withDefaults(types, await api.saveTypeSettings(draft));
      setDraft(next);
      setSaved(next);
      toast(t("types.saved"));
    });
  }

  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);

  return (
    <form className="card" onSubmit={save} aria-labelledby="types-title">
      <h2 id="types-title">{t("types.title")}</h2>
      <p className="muted">{t("types.intro")}</p>
      <FormErrors error={error} shown={(f) => /^settings\.[a-z0-9_]+\.hours_before$/.test(f)} />
      <div className="table-wrap">
        <table className="table table-cards">
          <thead>
            <tr>
              <th scope="col">{t("types.type")}</th>
              <th scope="col">{t("types.enabled")}</th>
              <th scope="col">{t("types.autoSend")}</th>
              <th scope="col">{t("types.patientLinks")}</th>
              <th scope="col">{t("types.hoursBefore")}</th>
            </tr>
          </thead>
          <tbody>
            {types.map((type) => (
              <TypeRow
                key={type.key}
                type={type}
                value={draft[type.key] ?? { enabled: true, auto_send: true }}
                onChange={(v) => setDraft((d) => ({ ...d, [type.key]: v }))}
                disabled={!canWrite || busy}
                errors={fieldErrors}
              />
            ))}
          </tbody>
        </table>
      </div>
      {canWrite ? (
        <div className="actions">
          {dirty ? <span className="muted">{t("common.unsaved")}</span> : null}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t("common.saving") : t("common.save")}
          </button>
        </div>
      ) : null}
    </form>
  );
}
