// Settings > Webhooks: where the clinic's platform hears what became of its emails and what
// patients changed or answered. Endpoints (with a secret shown once), and the delivery log.
import { useState } from "react";
import type { WebhookEndpointWithSecret } from "../../../api/types.js";
import { useAuthed } from "../../../app/session.js";
import { useToast } from "../../../app/toast.js";
import { Empty, ErrorBanner, Loading } from "../../../components/feedback.js";
import { useI18n } from "../../../i18n/context.js";
import { useAsync } from "../../../lib/useAsync.js";
import { DeliveryLog } from "./DeliveryLog.js";
import { EndpointForm } from "./EndpointForm.js";
import { EndpointList } from "./EndpointList.js";
import { SecretNotice } from "./SecretNotice.js";

export function WebhooksTab() {
  const { api } = useAuthed();
  const { t } = useI18n();
  const toast = useToast();
  const list = useAsync(() => api.webhooks(), [api]);
  const [secret, setSecret] = useState<string | null>(null);
  // Bumped when an endpoint changes, so the log shows what a test or a change led to.
  const [version, setVersion] = useState(0);
  const endpoints = list.data?.data ?? [];

  const changed = () => {
    list.reload();
    setVersion((v) => v + 1);
  };
  const showSecret = (e: WebhookEndpointWithSecret) => {
    setSecret(e.secret);
    changed();
  };

  return (
    <>
      <section className="card" aria-labelledby="webhooks-title">
        <h2 id="webhooks-title">{t("webhooks.title")}</h2>
        <p className="muted">{t("webhooks.intro")}</p>
        {secret ? <SecretNotice secret={secret} onDone={() => setSecret(null)} /> : null}
        {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
        {!list.data && list.loading ? <Loading /> : null}
        {list.data && endpoints.length === 0 ? <Empty title={t("webhooks.empty")} /> : null}
        {endpoints.length > 0 ? (
          <EndpointList endpoints={endpoints} onChanged={changed} onSecret={showSecret} />
        ) : null}
        <EndpointForm
          onAdded={(created) => {
            toast(t("webhooks.added", { url: created.url }));
            showSecret(created);
          }}
        />
      </section>
      <DeliveryLog endpoints={endpoints} version={version} />
    </>
  );
}
