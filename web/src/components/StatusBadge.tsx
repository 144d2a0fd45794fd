import type { LogStatus } from "../api/types.js";
import { useI18n } from "../i18n/context.js";
import { Badge, type BadgeTone } from "./feedback.js";

const TONES: Record<LogStatus, BadgeTone> = {
  sent: "success",
  pending: "warning",
  failed: "danger",
  skipped: "neutral",
};

export function StatusBadge({ status }: { status: LogStatus }) {
  const { t } = useI18n();
  return <Badge tone={TONES[status] ?? "neutral"}>{t(`status.${status}`)}</Badge>;
}
