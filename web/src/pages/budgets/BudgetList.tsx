import { useState } from "react";
import type { Budget, NotificationTypeInfo } from "../../api/types.js";
import { useAuthed } from "../../app/session.js";
import { useToast } from "../../app/toast.js";
import { Badge, ErrorBanner } from "../../components/feedback.js";
import { type ActionRef, actionRef, NotificationOutcome } from "../../components/NotificationOutcome.js";
import { SendNotification } from "../../components/SendNotification.js";
import { useI18n } from "../../i18n/context.js";
import { formatMoney } from "../../lib/money.js";
import { Link } from "../../lib/router.js";
import { useAction } from "../../lib/useAction.js";

const TONES = { draft: "neutral", sent: "info", accepted: "success" } as const;

interface Props {
  budgets: Budget[];
  types: NotificationTypeInfo[];
  onChanged: () => void;
  showPatient?: boolean;
}

export function BudgetList({ budgets, types, onChanged, showPatient }: Props) {
  return (
    <ul className="item-list">
      {budgets.map((b) => (
        <BudgetItemRow key={b.id} budget={b} types={types} onChanged={onChanged} showPatient={showPatient} />
      ))}
    </ul>
  );
}

function BudgetItemRow({
  budget: b,
  types,
  onChanged,
  showPatient,
}: { budget: Budget } & Omit<Props, "budgets">) {
  const { busy, error, run } = useAction();
  const { api } = useAuthed();
  const { t, locale } = useI18n();
  const toast = useToast();
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<ActionRef | null>(null);
  const sendTypes = types
    .filter((x) => x.send_from === "budget")
    .map((x) => x.key)
    .filter((k) => k !== "budget_accepted" || b.status === "accepted");

  async function act(action: () => Promise<unknown>, done: string) {
    await run(async () => {
      const answer = await action();
      setOutcome(actionRef(answer, { patientId: b.patient_id, budgetId: b.id }));
      toast(done);
      onChanged();
    });
  }

  return (
    <li className="item" data-testid="budget" data-status={b.status}>
      <div className="item-main">
        <div className="item-title">
          <strong>{b.budget_number}</strong> · {formatMoney(b.total, b.currency, locale)}{" "}
          <Badge tone={TONES[b.status]}>{t(`budgets.status.${b.status}`)}</Badge>
        </div>
        <div className="muted small">
          {showPatient ? <Link href={`/patients/${b.patient_id}`}>{b.patient_name}</Link> : null}
          {b.items?.length
            ? `${showPatient ? " · " : ""}${b.items.map((i) => i.description).join(", ")}`
            : ""}
        </div>
      </div>
      <div className="item-actions">
        <div className="row">
          {b.status === "draft" ? (
            <button
              type="button"
              className="btn btn-small btn-primary"
              disabled={busy}
              onClick={() => act(() => api.sendBudget(b.id), t("budgets.sentToast"))}
            >
              {t("budgets.send")}
            </button>
          ) : null}
          {b.status === "sent" ? (
            <button
              type="button"
              className="btn btn-small"
              disabled={busy}
              onClick={() => act(() => api.acceptBudget(b.id), t("budgets.acceptedToast"))}
            >
              {t("budgets.accept")}
            </button>
          ) : null}
          {sendTypes.length ? (
            <button
              type="button"
              className="btn btn-small"
              aria-expanded={sending}
              onClick={() => setSending((s) => !s)}
            >
              ✉ {t("send.title")}
            </button>
          ) : null}
        </div>
        <ErrorBanner error={error} />
        {outcome ? (
          <NotificationOutcome key={outcome.eventId} id={`budget-${b.id}`} action={outcome} />
        ) : null}
        {sending ? (
          <SendNotification
            id={`budget-${b.id}-send`}
            patientId={b.patient_id}
            budgetId={b.id}
            types={sendTypes}
          />
        ) : null}
      </div>
    </li>
  );
}
