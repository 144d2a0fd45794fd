// A patient's address that bounces: the receiving server's reply, and "address fixed? try
// again", which takes it off the clinic's suppressed list and then offers to send the email
// that failed once more. Each step says only what the server confirmed.
import { useState } from "react";
import { useAuthed } from "../app/session.js";
import { useI18n } from "../i18n/context.js";
import { PERM } from "../lib/permissions.js";
import { useAction } from "../lib/useAction.js";
import { ErrorBanner } from "./feedback.js";

export function BounceNotice({
  email,
  reply,
  suppressionId,
  failedLogId,
  onResent,
}: {
  email: string;
  reply: string | null;
  /** Known on the log's detail; looked up by address otherwise. */
  suppressionId?: string;
  failedLogId?: string | null;
  onResent?: () => void;
}) {
  const { api, can } = useAuthed();
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const [removed, setRemoved] = useState<{ logId: string | null } | null>(null);
  const [resent, setResent] = useState(false);

  async function tryAgain() {
    await run(async () => {
      let id = suppressionId;
      let logId = failedLogId ?? null;
      if (!id) {
        const found = (await api.suppressions({ page: 1, page_size: 1, email })).data[0];
        id = found?.id;
        logId = found?.email_log_id ?? null;
      }
      if (id) await api.removeSuppression(id);
      setRemoved({ logId });
    });
  }

  async function resend(logId: string) {
    await run(async () => {
      await api.retryLog(logId);
      setResent(true);
      onResent?.();
    });
  }

  if (removed) {
    return (
      <div className="banner banner-block banner-info" role="status" data-testid="bounce-notice">
        <p>{resent ? t("bounce.resent") : t("bounce.removed")}</p>
        {removed.logId && !resent && can(PERM.send) ? (
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() => resend(removed.logId!)}
          >
            ↻ {t("bounce.resend")}
          </button>
        ) : null}
        <ErrorBanner error={error} />
      </div>
    );
  }
  return (
    <div className="banner banner-block banner-error" data-testid="bounce-notice">
      <p>{reply ? t("bounce.reply", { reply }) : t("bounce.listed")}</p>
      {can(PERM.suppressionsWrite) ? (
        <button type="button" className="btn btn-small" disabled={busy} onClick={tryAgain}>
          {t("bounce.tryAgain")}
        </button>
      ) : null}
      <ErrorBanner error={error} />
    </div>
  );
}
