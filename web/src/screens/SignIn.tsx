/** Sign-in: email and password, then the six-digit code (or a first set-up of the authenticator app). */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, must, setCsrfToken } from '../api/client.ts';
import { useErrorText } from '../api/error-text.ts';
import { useT } from '../i18n/i18n.tsx';
import { SIGN_OUT_PENDING } from '../offline/forget.ts';
import { forgetSession } from '../session.ts';

type Step = 'password' | 'code' | 'setup';

export function SignIn() {
  const { t } = useT();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const codeInput = useRef<HTMLInputElement>(null);
  const [step, setStep] = useState<Step>('password');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string>();
  // The server may send this form already rendered: until the script has taken it over, it cannot be sent
  // (a plain submission would put the password in the address).
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  const run = async (e: FormEvent<HTMLFormElement>, action: (form: FormData) => Promise<void>) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await action(new FormData(e.currentTarget));
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      if (step !== 'password' && status === 401) {
        // The half-finished sign-in expired (or was locked after too many wrong codes): start again.
        setStep('password');
        setError(t('signIn.expired'));
      } else if (step === 'password' && status === 401) {
        setError(t('signIn.wrongPassword'));
      } else if (step !== 'password' && status === 400) {
        setError(t('signIn.wrongCode'));
        if (codeInput.current) {
          codeInput.current.value = '';
          codeInput.current.focus();
        }
      } else {
        setError(t('signIn.failed', { message: errorText(err) }));
      }
    } finally {
      setBusy(false);
    }
  };

  const signIn = (form: FormData) => async () => {
    // Whoever used this device before: nothing of theirs stays for the person signing in now.
    localStorage.removeItem(SIGN_OUT_PENDING);
    await forgetSession(queryClient);
    const answer = await must(api.POST('/api/auth/sign-in', { body: { email: String(form.get('email')), password: String(form.get('password')) } }));
    setCsrfToken(answer.csrfToken);
    if (answer.status === 'signed_in') return void (await queryClient.invalidateQueries({ queryKey: ['session'] }));
    if (answer.status === 'two_factor_setup_required') {
      const setup = await must(api.POST('/api/auth/two-factor/setup'));
      setSecret(setup.secret);
      return setStep('setup');
    }
    setStep('code');
  };

  const checkCode = async (form: FormData) => {
    const code = String(form.get('code')).replace(/\s/g, '');
    if (step === 'setup') await must(api.POST('/api/auth/two-factor/enable', { body: { code } }));
    else await must(api.POST('/api/auth/two-factor', { body: { code } }));
    await queryClient.invalidateQueries({ queryKey: ['session'] });
  };

  return (
    <main id="main" className="sign-in">
      <h1>{t('signIn.title')}</h1>
      {step === 'password' ? (
        <form method="post" onSubmit={(e) => run(e, (f) => signIn(f)())}>
          <label htmlFor="email">{t('signIn.email')}</label>
          <input id="email" name="email" type="email" autoComplete="username" required dir="ltr" />
          <label htmlFor="password">{t('signIn.password')}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required dir="ltr" />
          <button type="submit" disabled={busy || !ready}>{t('signIn.submit')}</button>
        </form>
      ) : (
        <form onSubmit={(e) => run(e, checkCode)}>
          {step === 'setup' && (
            <>
              <h2>{t('signIn.setupTitle')}</h2>
              <p>{t('signIn.setupHelp')}</p>
              <p className="secret" dir="ltr">{t('signIn.setupKey', { secret })}</p>
            </>
          )}
          <label htmlFor="code">{t('signIn.code')}</label>
          <input ref={codeInput} id="code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" required aria-describedby={error ? 'code-hint sign-in-error' : 'code-hint'} aria-invalid={error ? true : undefined} dir="ltr" autoFocus />
          <p id="code-hint" className="hint">{t('signIn.codeHint')}</p>
          <button type="submit" disabled={busy}>{t('signIn.verify')}</button>
        </form>
      )}
      {error && <p role="alert" id="sign-in-error" className="error">{error}</p>}
    </main>
  );
}
