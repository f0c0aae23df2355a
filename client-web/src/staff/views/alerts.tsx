// Alerts that stand out: a strip on every staff screen (new report, ask, a mute that lifted,
// someone held by the shield), and, off unless switched on, a short tone and a vibration.
// The settings live in sessionStorage, like everything else this client keeps.

import { useState } from 'preact/hooks';
import * as storage from '../../storage';
import { StaffContext } from '../context';
import { Alert } from '../state/queues';
import { st } from '../strings';
import { roomName, useChanges } from './common';

export function alertSettings(): { sound: boolean; vibrate: boolean } {
  return { sound: storage.load<boolean>('staff.sound') === true, vibrate: storage.load<boolean>('staff.vibrate') === true };
}

// A soft two-note tone made on the spot: no sound file to fetch.
export function signal(_a: Alert): void {
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

export function AlertStrip(props: { ctx: StaffContext }) {
  const ctx = props.ctx;
  useChanges(ctx.queues.changes);
  const alerts = ctx.queues.alerts.slice(-3);
  if (alerts.length === 0) return null;
  return (
    <div class="alert-strip" role="alert">
      <ul>
        {alerts.map((a) => (
          <li class={`alert alert-${a.kind}`}>
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
