// What was delivered to the clinic's endpoints, newest first: status, attempts, the last
// answer, and "resend" for a delivered or failed one.
import { useState } from "react";
import type { WebhookDelivery, WebhookEndpoint } from "../../../api/types.js";
import { useAuthed } from "../../../app/session.js";
import { useToast } from "../../../app/toast.js";
import { useFormatDate } from "../../../app/useFormatDate.js";
import { Badge, type BadgeTone, ErrorBanner } from "../../../components/feedback.js";
import { ListSection } from "../../../components/ListSection.js";
import { useI18n } from "../../../i18n/context.js";
import { useAction } from "../../../lib/useAction.js";
import { useAsync } from "../../../lib/useAsync.js";

const PAGE_SIZE = 20;
const TONES: Record<WebhookDelivery["status"], BadgeTone> = {
  pending: "warning",
  delivered: "success",
  failed: "danger",
};

export function DeliveryLog({ endpoints, version }: { endpoints: WebhookEndpoint[]; version: number }) {
  const { api } = useAuthed();
  const { t } = useI18n();
  const toast = useToast();
  const formatDate = useFormatDate();
  const [page, setPage] = useState(1);
  const list = useAsync(() => api.webhookDeliveries({ page, page_size: PAGE_SIZE }), [api, page, version]);
  const resend = useAction();
  const urlOf = (id: string) => endpoints.find((e) => e.id === id)?.url ?? "—";

  const again = (d: WebhookDelivery) =>
    resend.run(async () => {
      await api.resendWebhookDelivery(d.id);
      toast(t("webhooks.resent"));
      list.reload();
    });

  return (
    <ListSection
      id="webhook-deliveries-title"
      title={t("webhooks.deliveries")}
      emptyTitle={t("webhooks.deliveriesEmpty")}
      list={list}
      page={page}
      pageSize={PAGE_SIZE}
      onPage={setPage}
      above={<ErrorBanner error={resend.error} />}
    >
      {(rows) => (
        <div className="table-wrap">
          <table className="table" data-testid="webhook-deliveries">
            <thead>
              <tr>
                <th scope="col">{t("webhooks.event")}</th>
                <th scope="col">{t("webhooks.status")}</th>
                <th scope="col" className="hide-phone">
                  {t("webhooks.endpoint")}
                </th>
                <th scope="col">{t("webhooks.attempts")}</th>
                <th scope="col">{t("webhooks.lastCode")}</th>
                <th scope="col" className="hide-phone">
                  {t("webhooks.time")}
                </th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} data-testid="webhook-delivery">
                  <th scope="row">
                    <code>{d.event_type}</code>
                  </th>
                  <td>
                    <Badge tone={TONES[d.status]}>{t(`webhooks.deliveryStatus.${d.status}`)}</Badge>
                    {d.status === "pending" && d.next_attempt_at ? (
                      <p className="small muted">
                        {t("webhooks.nextAttempt", { time: formatDate(d.next_attempt_at) })}
                      </p>
                    ) : null}
                  </td>
                  <td className="hide-phone truncate small">{urlOf(d.endpoint_id)}</td>
                  <td>{d.attempts}</td>
                  <td>
                    {d.last_status_code ?? "—"}
                    {d.last_error ? <p className="small muted">{d.last_error}</p> : null}
                  </td>
                  <td className="nowrap hide-phone">{formatDate(d.delivered_at ?? d.created_at)}</td>
                  <td>
                    {d.status === "pending" ? null : (
                      <button
                        type="button"
                        className="btn btn-small"
                        disabled={resend.busy}
                        aria-label={`${t("webhooks.resend")} ${d.event_type}`}
                        onClick={() => again(d)}
                      >
                        {t("webhooks.resend")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ListSection>
  );
}
