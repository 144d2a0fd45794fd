// A side panel over the page (full screen on a phone). Escape or the close button closes it;
// focus moves into it on open and back to where it was on close.
import { type ReactNode, useEffect, useRef } from "react";
import { useI18n } from "../i18n/context.js";

export function Drawer({
  title,
  onClose,
  children,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    panel.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      previous?.focus();
    };
  }, [onClose]);

  return (
    // A click on the dimmed backdrop closes, as a convenience for the mouse; keyboard users
    // have Escape and the close button.
    // biome-ignore lint/a11y/noStaticElementInteractions: see above
    <div className="drawer-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="drawer"
        role="dialog"
        aria-modal="true"
        aria-labelledby="drawer-title"
        tabIndex={-1}
        ref={panel}
      >
        <header className="drawer-header">
          <h2 id="drawer-title">{title}</h2>
          <button type="button" className="btn btn-ghost" onClick={onClose} aria-label={t("common.close")}>
            ✕
          </button>
        </header>
        <div className="drawer-body">{children}</div>
      </div>
    </div>
  );
}
