// Alerts that stand out: a strip on every staff screen (new report, ask, a mute that lifted,
// someone held by the shield), and, off unless switched on, a short tone and a vibration.
// The settings live in sessionStorage, like everything else this client keeps.
// Issue 12: safety alerts come first (crisis before word), each with room, nick and the
// message, ONE main action ("reach out": a private word with the writer) and a small "seen";
// one someone else answered stays greyed with who did, until dismissed.

import { useState } from 'preact/hooks';
import { clockTime } from '../../i18n';
import * as storage from '../../storage';
import { StaffContext } from '../context';
import { SafetyItem } from '../state/queues';
import { errText, st } from '../strings';
import { roomName, useChanges } from './common';

export function alertSettings(): { sound: boolean; vibrate: boolean } {
  return { sound: storage.load<boolean>('staff.sound') === true, vibrate: storage.load<boolean>('staff.vibrate') === true };
}

// A soft two-note tone made on the spot: no sound file to fetch.
export function signal(): void {
  const s = alertSettings();
  if (s.vibrate && typeof navigator.vibrate === 'function') navigator.vibrate([120, 80, 120]);
  if (!s.sound) return;
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ac = new Ctx();
    [660, 880].forEach((f, i) => {
      const o = ac.createOscillator();
      const g = ac.createGain();
      o.frequency.value = f;
      g.gain.value = 0.08;
      o.connect(g);
      g.connect(ac.destination);
      o.start(ac.currentTime + i * 0.18);
      o.stop(ac.currentTime + i * 0.18 + 0.15);
    });
    setTimeout(() => void ac.close(), 800);
  } catch {
    // no sound: the strip on screen is enough
  }
}

function SafetyRow(props: { ctx: StaffContext; a: SafetyItem }) {
  const ctx = props.ctx;
  const a = props.a;
  const busyPair = useState(false);
  const busy = busyPair[0];
  const setBusy = busyPair[1];
  const room = roomName(ctx, a.room);
  const run = async (what: 'reach' | 'ack') => {
    setBusy(true);
    const o = what === 'reach' ? await ctx.queues.reachOut(a.id) : await ctx.queues.ackAlert(a.id);
    setBusy(false);
    if (!o.ok) ctx.app.announce(errText(o.code));
  };
  return (
    <li class={`alert alert-safety alert-${a.kind}${a.closed ? ' is-closed' : ''}`} data-alert={a.id}
      aria-label={st('safety_label', { room, nick: a.nick })}>
      <p class={`alert-title${a.kind === 'crisis' ? ' alert-crisis-title' : ''}`}>{st(a.kind === 'crisis' ? 'safety_crisis' : 'safety_word')}</p>
      <p class="alert-who">
        <span>{st('safety_who', { room, nick: a.nick, time: clockTime(a.at) })}</span>{' '}
        {a.seq !== null
          ? <button type="button" class="alert-where" onClick={() => ctx.go('staff-room', { room: a.room, tab: 'log', seq: String(a.seq) })}>{st('safety_seq', { seq: a.seq })}</button>
          : <span class="muted">{st('safety_noSeq')}</span>}
      </p>
      {a.escalated && !a.closed ? <p class="alert-escalated">{st('safety_escalated')}</p> : null}
      {a.closed ? (
        <span class="row-buttons">
          <span class="alert-closed">{st('safety_closed', { by: a.closed.by })}</span>
          <button type="button" class="btn btn-small btn-quiet" onClick={() => ctx.queues.dismissSafety(a.id)}>{st('alertDismiss')}</button>
        </span>
      ) : (
        <span class="row-buttons">
          <button type="button" class="btn btn-primary btn-small alert-reach" disabled={busy} onClick={() => void run('reach')}>{st('safety_reach')}</button>
          <button type="button" class="btn btn-small btn-quiet alert-ack" disabled={busy} onClick={() => void run('ack')}>{st('safety_seen')}</button>
        </span>
      )}
    </li>
  );
}

export function AlertStrip(props: { ctx: StaffContext }) {
  const ctx = props.ctx;
  useChanges(ctx.queues.changes);
  const safety = ctx.queues.safety().slice(0, 4);
  const alerts = ctx.queues.alerts.slice(-3);
  if (alerts.length === 0 && safety.length === 0) return null;
  return (
    <div class="alert-strip" role="alert">
      <ul>
        {safety.map((a) => <SafetyRow key={a.id} ctx={ctx} a={a} />)}
        {alerts.map((a) => (
          <li key={a.id} class={`alert alert-${a.kind}`}>
            <span>{st(`alert_${a.kind}` as 'alert_report', { room: roomName(ctx, a.room) })}</span>
            <span class="row-buttons">
              <button type="button" class="btn btn-small alert-open" onClick={() => {
                ctx.queues.dismissAlert(a.id);
                ctx.go('staff-room', { room: a.room, tab: 'queue' });
              }}>{st('alertOpen')}</button>
              <button type="button" class="btn btn-small btn-quiet" onClick={() => ctx.queues.dismissAlert(a.id)}>{st('alertDismiss')}</button>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function AlertSettings() {
  const sPair = useState(alertSettings());
  const s = sPair[0];
  const set = sPair[1];
  const toggle = (key: 'sound' | 'vibrate') => {
    const next = { ...s, [key]: !s[key] };
    storage.save('staff.' + key, next[key]);
    set(next);
  };
  return (
    <fieldset class="plain-fieldset card quiet">
      <legend class="card-title">{st('settingsTitle')}</legend>
      <div class="check-row">
        <input id="staff-sound" type="checkbox" class="check" checked={s.sound} onChange={() => toggle('sound')} />
        <label for="staff-sound">{st('settingsSound')}</label>
      </div>
      <div class="check-row">
        <input id="staff-vibrate" type="checkbox" class="check" checked={s.vibrate} onChange={() => toggle('vibrate')} />
        <label for="staff-vibrate">{st('settingsVibrate')}</label>
      </div>
    </fieldset>
  );
}
