// Renders an email's HTML the way a mail client would, isolated: `sandbox=""` forbids
// scripts, forms, navigation and same-origin access, so stored HTML cannot touch the app.
export function EmailFrame({ html, title, testId }: { html: string; title: string; testId?: string }) {
  return <iframe className="email-frame" sandbox="" srcDoc={html} title={title} data-testid={testId} />;
}
