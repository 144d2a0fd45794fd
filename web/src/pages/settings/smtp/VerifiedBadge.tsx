import type { SmtpSettings } from "../../../api/types.js";
import { useAuthed } from "../../../app/session.js";
import { Badge } from "../../../components/feedback.js";
import { useI18n } from "../../../i18n/context.js";
import { formatDateTime } from "../../../lib/datetime.js";

export function VerifiedBadge({ settings }: { settings: SmtpSettings | null }) {
  const { t, locale } = useI18n();
  const { clinic } = useAuthed();
  if (!settings?.configured && !settings?.is_verified) return <Badge>{t("smtp.notConfigured")}</Badge>;
  if (!settings.is_verified) return <Badge tone="warning">{t("smtp.notVerified")}</Badge>;
  return (
    <span data-testid="smtp-verified">
      <Badge tone="success">
        ✓ {t("smtp.verified")}
        {settings.last_verified_at
          ? ` · ${formatDateTime(settings.last_verified_at, locale, clinic.timezone, clinic.default_locale)}`
          : ""}
      </Badge>
    </span>
  );
}
