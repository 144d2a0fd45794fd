import { type FormEvent, useState } from "react";
import { ApiError } from "../api/http.js";
import { useSession } from "../app/session.js";
import { ErrorBanner } from "../components/feedback.js";
import { fieldText, TextField } from "../components/forms.js";
import { LocaleSwitch } from "../components/LocaleSwitch.js";
import { useI18n } from "../i18n/context.js";
import { useAction } from "../lib/useAction.js";
import { usePageTitle } from "../lib/usePageTitle.js";

export function LoginPage() {
  const { busy, error, run } = useAction();
  const { login } = useSession();
  const { t } = useI18n();
  usePageTitle(t("login.title"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const fields = error instanceof ApiError ? error.fieldErrors : {};

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      await login(email.trim(), password);
    });
  }

  const badCredentials = error instanceof ApiError && error.status === 401;

  return (
    <div className="login-page">
      <div className="login-locale">
        <LocaleSwitch />
      </div>
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          <span className="brand-name">DentalPin</span>
        </div>
        <h1 id="login-title">{t("login.title")}</h1>
        <p className="muted">{t("login.subtitle")}</p>
        {badCredentials ? (
          <div className="banner banner-error" role="alert">
            {t("login.badCredentials")}
          </div>
        ) : error && !Object.keys(fields).length ? (
          <ErrorBanner error={error} />
        ) : null}
        <TextField
          id="login-email"
          label={t("login.email")}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldText(fields.email, t)}
        />
        <TextField
          id="login-password"
          label={t("login.password")}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldText(fields.password, t)}
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t("login.signingIn") : t("login.submit")}
        </button>
      </form>
    </div>
  );
}
