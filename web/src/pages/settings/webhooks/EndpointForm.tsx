// Adds an endpoint: its URL, what it is for, and the events it wants (none ticked: all).
import { type FormEvent, useState } from "react";
import { ApiError } from "../../../api/http.js";
import type { WebhookEndpointWithSecret } from "../../../api/types.js";
import { useAuthed } from "../../../app/session.js";
import { FormErrors } from "../../../components/feedback.js";
import { Checkbox, TextField } from "../../../components/forms.js";
import { useI18n } from "../../../i18n/context.js";
import { fieldProblemText } from "../../../lib/problems.js";
import { useAction } from "../../../lib/useAction.js";
import { WEBHOOK_EVENTS, type WebhookEvent } from "./events.js";

export function EndpointForm({ onAdded }: { onAdded: (created: WebhookEndpointWithSecret) => void }) {
  const { api } = useAuthed();
  const { t } = useI18n();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<WebhookEvent[]>([]);
  const add = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await add.run(async () => {
      const created = await api.addWebhook({
        url: url.trim(),
        description: description.trim(),
        event_types: events,
      });
      setUrl("");
      setDescription("");
      setEvents([]);
      onAdded(created);
    });
  }

  // In the UI's language, from the error's code (never the server's English).
  const fieldError = (f: string) => {
    const p = add.error instanceof ApiError ? add.error.fieldErrors[f] : undefined;
    return p ? fieldProblemText(p, t) : undefined;
  };

  return (
    <form onSubmit={submit} aria-labelledby="webhook-add-title" data-testid="webhook-add">
      <h3 id="webhook-add-title">{t("webhooks.add")}</h3>
      <TextField
        id="webhook-url"
        label={t("webhooks.url")}
        type="url"
        required
        placeholder="https://"
        value={url}
        error={fieldError("url")}
        onChange={(e) => setUrl(e.target.value)}
      />
      <TextField
        id="webhook-description"
        label={t("webhooks.description")}
        value={description}
        error={fieldError("description")}
        onChange={(e) => setDescription(e.target.value)}
      />
      <fieldset>
        <legend>{t("webhooks.events")}</legend>
        <p className="muted small">{t("webhooks.eventsHint")}</p>
        {WEBHOOK_EVENTS.map((name) => (
          <Checkbox
            key={name}
            id={`webhook-event-${name.replace(/\./g, "-")}`}
            label={<code>{name}</code>}
            checked={events.includes(name)}
            onChange={(e) =>
              setEvents((xs) => (e.target.checked ? [...xs, name] : xs.filter((x) => x !== name)))
            }
          />
        ))}
      </fieldset>
      <FormErrors error={add.error} shown={(f) => f === "url" || f === "description"} />
      <button type="submit" className="btn btn-primary" disabled={add.busy || !url.trim()}>
        {t("webhooks.add")}
      </button>
    </form>
  );
}
