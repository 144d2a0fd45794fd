// The clinic's endpoints, each with what staff can do to it: turn it off or on, send a signed
// test event (and see what the receiver answered), rotate its secret, delete it.
import { useState } from "react";
import type { WebhookEndpoint, WebhookEndpointWithSecret, WebhookTestResult } from "../../../api/types.js";
import { useAuthed } from "../../../app/session.js";
import { useToast } from "../../../app/toast.js";
import { Badge, ErrorBanner } from "../../../components/feedback.js";
import { useI18n } from "../../../i18n/context.js";
import { useAction } from "../../../lib/useAction.js";

interface Props {
  endpoints: WebhookEndpoint[];
  onChanged: () => void;
  onSecret: (endpoint: WebhookEndpointWithSecret) => void;
}

export function EndpointList({ endpoints, onChanged, onSecret }: Props) {
  const { api } = useAuthed();
  const { t } = useI18n();
  const toast = useToast();
  const action = useAction();
  const [tested, setTested] = useState<{ id: string; result: WebhookTestResult } | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);

  const toggle = (e: WebhookEndpoint) =>
    action.run(async () => {
      const saved = await api.updateWebhook(e.id, { enabled: !e.enabled });
      toast(t(saved.enabled ? "webhooks.enabledNow" : "webhooks.disabledNow", { url: saved.url }));
      onChanged();
    });
  const test = (e: WebhookEndpoint) =>
    action.run(async () => {
      setTested(null);
      setTested({ id: e.id, result: await api.testWebhook(e.id) });
    });
  const rotate = (e: WebhookEndpoint) =>
    action.run(async () => onSecret(await api.rotateWebhookSecret(e.id)));
  const remove = (e: WebhookEndpoint) =>
    action.run(async () => {
      await api.deleteWebhook(e.id);
      setDeleting(null);
      toast(t("webhooks.deleted", { url: e.url }));
      onChanged();
    });

  return (
    <>
      <ErrorBanner error={action.error} />
      <ul className="endpoint-list" data-testid="webhook-endpoints">
        {endpoints.map((e) => (
          <li key={e.id} className="card" data-testid="webhook-endpoint">
            <div className="row-between">
              <div>
                <p className="truncate">
                  <strong>{e.url}</strong>
                </p>
                {e.description ? <p className="muted">{e.description}</p> : null}
                <p className="small">
                  {e.event_types.length === 0
                    ? t("webhooks.allEvents")
                    : e.event_types.map((name) => (
                        <code key={name} className="tag">
                          {name}
                        </code>
                      ))}
                </p>
              </div>
              <Badge tone={e.enabled ? "success" : "neutral"}>
                {t(e.enabled ? "webhooks.enabled" : "webhooks.disabled")}
              </Badge>
            </div>
            <div className="row">
              <button
                type="button"
                className="btn btn-small"
                disabled={action.busy}
                onClick={() => toggle(e)}
              >
                {t(e.enabled ? "webhooks.disable" : "webhooks.enable")}
              </button>
              <button type="button" className="btn btn-small" disabled={action.busy} onClick={() => test(e)}>
                {t("webhooks.test")}
              </button>
              <button
                type="button"
                className="btn btn-small"
                disabled={action.busy}
                onClick={() => rotate(e)}
              >
                {t("webhooks.rotate")}
              </button>
              {deleting === e.id ? (
                <>
                  <button
                    type="button"
                    className="btn btn-small btn-danger"
                    disabled={action.busy}
                    onClick={() => remove(e)}
                  >
                    {t("webhooks.confirmDelete")}
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => setDeleting(null)}>
                    {t("common.cancel")}
                  </button>
                </>
              ) : (
                <button type="button" className="btn btn-small" onClick={() => setDeleting(e.id)}>
                  {t("webhooks.delete")}
                </button>
              )}
            </div>
            {tested?.id === e.id ? <TestOutcome result={tested.result} /> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

/** What became of the test event, worded from the server's code (the receiver's own words apart). */
function TestOutcome({ result }: { result: WebhookTestResult }) {
  const { t } = useI18n();
  const words = (
    <>
      <p>
        {result.success ? "✓" : "✗"}{" "}
        {t(`webhooks.testResult.${result.code}`, { status: String(result.status_code ?? "") })}
      </p>
      {result.excerpt ? (
        <p className="muted small">{t("webhooks.testReceiverSaid", { excerpt: result.excerpt })}</p>
      ) : null}
    </>
  );
  return result.success ? (
    <div className="result result-success" role="status" data-testid="webhook-test-result">
      {words}
    </div>
  ) : (
    <div className="result result-failure" role="alert" data-testid="webhook-test-result">
      {words}
    </div>
  );
}
