// Signing in: the login form (name, password, optional TOTP code), the first-login password
// change, and accepting an invitation. Errors say what happened and what to do, next to the
// field they are about.

import { useState } from 'preact/hooks';
import { SignIn } from '../state/staff-session';
import { StaffContext } from '../context';
import { errText, st } from '../strings';
import { Field, Title } from './common';

function useSubmit(run: () => Promise<SignIn>, after: (r: SignIn) => void, mapCode: (code: string) => string = (c) => c) {
  const busyPair = useState(false);
  const busy = busyPair[0];
  const setBusy = busyPair[1];
  const errorPair = useState<{ text: string; field?: string }>({ text: '' });
  const error = errorPair[0];
  const setError = errorPair[1];
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError({ text: '' });
    const r = await run();
    setBusy(false);
    if (!r.ok) setError({ text: errText(mapCode(r.code), r.retryAfterS), field: r.field });
    after(r);
  };
  return { busy, error, submit };
}

export function Login(props: { ctx: StaffContext }) {
  const ctx = props.ctx;
  const namePair = useState('');
  const name = namePair[0];
  const setName = namePair[1];
  const passwordPair = useState('');
  const password = passwordPair[0];
  const setPassword = passwordPair[1];
  const totpPair = useState('');
  const totp = totpPair[0];
  const setTotp = totpPair[1];
  const form = useSubmit(() => ctx.staff.login(name, password, totp), () => {});
  const busy = form.busy;
  const error = form.error;
  const submit = form.submit;
  const why = ctx.staff.why;
  return (
    <section class="screen staff-login">
      <Title>{st('loginTitle')}</Title>
      <p class="lead">{st('loginLead')}</p>
      {why ? <p class="card quiet" role="status">{st(why === 'expired' ? 'whyExpired' : why === 'revoked' ? 'whyRevoked' : 'whyLoggedOut')}</p> : null}
      <form class="staff-form" onSubmit={submit} autoComplete="off" noValidate>
        <Field label={st('loginName')} value={name} onInput={setName} name="name" autoComplete="username" />
        <Field label={st('loginPassword')} value={password} onInput={setPassword} type="password" name="password" autoComplete="current-password" />
        <Field label={st('loginTotp')} value={totp} onInput={setTotp} inputMode="numeric" name="totp" autoComplete="one-time-code" maxLength={8} />
        <p class="form-error login-error" role="alert">{error.text}</p>
        <button type="submit" class="btn btn-primary btn-wide" disabled={busy}>{busy ? st('loginBusy') : st('loginSubmit')}</button>
      </form>
      <a class="btn btn-quiet btn-wide" href="/">{st('loginToLanding')}</a>
    </section>
  );
}

export function PasswordChange(props: { ctx: StaffContext }) {
  const ctx = props.ctx;
  const oldPair = useState('');
  const old = oldPair[0];
  const setOld = oldPair[1];
  const nextPair = useState('');
  const next = nextPair[0];
  const setNext = nextPair[1];
  const againPair = useState('');
  const again = againPair[0];
  const setAgain = againPair[1];
  const form = useSubmit(() => ctx.staff.changePassword(old, next, again), () => {});
  const busy = form.busy;
  const error = form.error;
  const submit = form.submit;
  return (
    <section class="screen staff-password">
      <Title>{st('pwTitle')}</Title>
      <p class="lead">{st('pwLead')}</p>
      <form class="staff-form" onSubmit={submit} autoComplete="off" noValidate>
        <Field label={st('pwOld')} value={old} onInput={setOld} type="password" autoComplete="current-password"
          error={(error.field === undefined || error.field === 'old') && error.text ? error.text : undefined} />
        <Field label={st('pwNew')} value={next} onInput={setNext} type="password" autoComplete="new-password"
          error={error.field === 'new' ? error.text : undefined} />
        <Field label={st('pwAgain')} value={again} onInput={setAgain} type="password" autoComplete="new-password"
          error={error.field === 'again' ? error.text : undefined} />
        <button type="submit" class="btn btn-primary btn-wide" disabled={busy}>{st('pwSubmit')}</button>
      </form>
      <button type="button" class="btn btn-quiet btn-wide" onClick={() => void ctx.staff.logout()}>{st('logout')}</button>
    </section>
  );
}

export function Invite(props: { ctx: StaffContext; code: string }) {
  const ctx = props.ctx;
  const code = props.code;
  const namePair = useState('');
  const name = namePair[0];
  const setName = namePair[1];
  const nextPair = useState('');
  const next = nextPair[0];
  const setNext = nextPair[1];
  const againPair = useState('');
  const again = againPair[0];
  const setAgain = againPair[1];
  const form = useSubmit(() => ctx.staff.acceptInvite(code, name, next, again), (r) => {
    if (r.ok) ctx.go('staff');
  }, (code) => (code === 'not_found' || code === 'forbidden' || code === 'gone' ? 'invalid_invite' : code));
  const busy = form.busy;
  const error = form.error;
  const submit = form.submit;
  const general = error.text && error.field !== 'new' && error.field !== 'again' && error.field !== 'name' ? error.text : '';
  return (
    <section class="screen staff-invite">
      <Title>{st('inviteTitle')}</Title>
      <p class="lead">{st('inviteLead')}</p>
      <form class="staff-form" onSubmit={submit} autoComplete="off" noValidate>
        <Field label={st('inviteName')} value={name} onInput={setName} maxLength={40}
          error={error.field === 'name' ? error.text : undefined} />
        <Field label={st('pwNew')} value={next} onInput={setNext} type="password" autoComplete="new-password"
          error={error.field === 'new' ? error.text : undefined} />
        <Field label={st('pwAgain')} value={again} onInput={setAgain} type="password" autoComplete="new-password"
          error={error.field === 'again' ? error.text : undefined} />
        <p class="form-error" role="alert">{general}</p>
        <button type="submit" class="btn btn-primary btn-wide" disabled={busy}>{st('inviteSubmit')}</button>
      </form>
    </section>
  );
}
