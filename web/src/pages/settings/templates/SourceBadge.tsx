import type { TemplateSource } from "../../../api/types.js";
import { Badge } from "../../../components/feedback.js";
import { useI18n } from "../../../i18n/context.js";

const TONES = { clinic: "info", system: "neutral", file: "neutral" } as const;

export function SourceBadge({ source }: { source: TemplateSource }) {
  const { t } = useI18n();
  return (
    <span data-testid="template-source" data-source={source}>
      <Badge tone={TONES[source]} title={t(`templates.sourceHint.${source}`)}>
        {t(`templates.source.${source}`)}
      </Badge>
    </span>
  );
}
