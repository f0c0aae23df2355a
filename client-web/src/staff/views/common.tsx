// Pieces the staff screens share: a re-render hook on store changes, a clock tick, form
// fields with their errors tied to them, and the calm confirm-with-a-reason dialog.

import { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';
import { Key, lang, pick, t } from '../../i18n';
import { reportReasons } from '../../protocol';
import { Unsubscribe } from '../../state/emitter';
import { DialogHost, DialogSpec, StaffContext } from '../context';
import { banPresets, mutePresets } from '../state/actions';
import { TextChoice } from '../state/staff-session';
import { errText, st } from '../strings';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
interface Source { on(fn: (c: any) => void): Unsubscribe }

// Re-renders the component whenever any of these stores says it changed. Subscribed in a layout
// effect, which runs as the screen mounts: a change that comes in the same burst of frames (a
// `private_open` and its `done` together) would be missed by a later, deferred effect.
export function useChanges(...sources: Source[]): void {
  const bump = useReducer((n: number) => n + 1, 0)[1];
  useLayoutEffect(() => {
    const offs = sources.map((s) => s.on(() => bump(0)));
    return () => offs.forEach((off) => off());
  }, []);
}

// Re-renders every `ms` (the waited-for minutes).
export function useTick(ms: number): void {
  const bump = useReducer((n: number) => n + 1, 0)[1];
  useEffect(() => {
    const id = setInterval(() => bump(0), ms);
    return () => clearInterval(id);
  }, [ms]);
}

let uid = 0;
export function useId(prefix: string): string {
  const ref = useRef('');
  if (!ref.current) ref.current = `${prefix}-s${++uid}`;
  return ref.current;
}

export function Title(props: { children: ComponentChildren }) {
  const children = props.children;
  return <h1 class="screen-title" tabIndex={-1}>{children}</h1>;
}

export function Field(props: {
  label: string; value: string; onInput: (v: string) => void; type?: string; error?: string;
  autoComplete?: string; inputMode?: 'numeric' | 'text'; maxLength?: number; multiline?: boolean; name?: string;
}) {
  const id = useId('f');
  const errId = id + '-err';
  const common = {
    id, class: 'text-input', value: props.value, name: props.name,
    onInput: (e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value),
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': props.error ? errId : undefined,
    maxLength: props.maxLength,
  };
  return (
    <div class="field">
      <label for={id} class="field-label">{props.label}</label>
      {props.multiline
        ? <textarea {...common} rows={3} autoComplete="off" />
        : <input {...common} type={props.type ?? 'text'} autoComplete={props.autoComplete ?? 'off'} inputMode={props.inputMode}
          autoCapitalize="off" spellcheck={false} />}
      {props.error ? <p id={errId} class="form-error">{props.error}</p> : null}
    </div>
  );
}

export function choiceText(c: TextChoice): string {
  return pick(c).text || c.id;
}

// The reasons from GET /api/reasons; until they come, the report reasons of the protocol.
export function reasonChoices(ctx: StaffContext): TextChoice[] {
  if (ctx.staff.reasons.length > 0) return ctx.staff.reasons;
  return reportReasons.filter((r) => r !== 'operator').map((r) => ({ id: r, [lang()]: t(('reason_' + r) as Key) }));
}

export function Dialog(props: { ctx: StaffContext; host: DialogHost }) {
  const ctx = props.ctx;
  const host = props.host;
  useChanges(host.changes, ctx.staff.changes);
  const spec = host.spec;
  return spec ? <DialogBody key={spec.title + spec.kind} ctx={ctx} host={host} spec={spec} /> : null;
}

function DialogBody(props: { ctx: StaffContext; host: DialogHost; spec: DialogSpec }) {
  const ctx = props.ctx;
  const host = props.host;
  const spec = props.spec;
  const reasonPair = useState('');
  const reason = reasonPair[0];
  const setReason = reasonPair[1];
  const notePair = useState('');
  const note = notePair[0];
  const setNote = notePair[1];
  const presetPair = useState(spec.kind === 'ban' ? '24' : spec.kind === 'remove' ? '60' : '10');
  const preset = presetPair[0];
  const setPreset = presetPair[1];
  const customPair = useState('');
  const custom = customPair[0];
  const setCustom = customPair[1];
  const templatePair = useState(ctx.staff.reminders[0]?.id ?? '');
  const template = templatePair[0];
  const setTemplate = templatePair[1];
  const textPair = useState('');
  const text = textPair[0];
  const setText = textPair[1];
  const secondsPair = useState(String(spec.initialSeconds ?? 30));
  const seconds = secondsPair[0];
  const setSeconds = secondsPair[1];
  const errorPair = useState('');
  const error = errorPair[0];
  const setError = errorPair[1];
  const busyPair = useState(false);
  const busy = busyPair[0];
  const setBusy = busyPair[1];
  const titleId = useId('dlg');
  const box = useRef<HTMLDivElement>(null);
  const needsReason = spec.kind !== 'remind';
  useEffect(() => {
    box.current?.querySelector<HTMLElement>('select, input, textarea, button')?.focus();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (needsReason && !reason) {
      setError(st('err_bad_reason'));
      return;
    }
    const n = preset === 'custom' ? Number(custom) : Number(preset);
    setBusy(true);
    const o = await spec.run({
      reason, note, minutes: n, hours: n, template, text, seconds: Number(seconds),
    });
    setBusy(false);
    if (o.ok) {
      ctx.app.announce(st('done'));
      host.close();
    } else setError(errText(o.code));
  };

  const durations: [string, string][] = spec.kind === 'mute'
    ? mutePresets.map((m) => [String(m), st(m === 10 ? 'min10' : m === 60 ? 'h1' : m === 1440 ? 'h24' : 'd7')])
    : spec.kind === 'remove' ? [['60', st('h1')], ['1440', st('h24')]]
      : banPresets.map((h) => [String(h), st(h === 1 ? 'h1' : h === 24 ? 'h24' : h === 72 ? 'd3' : 'd7')]);
  const durationId = useId('dur');
  return (
    <div class="sheet-backdrop" onKeyDown={(e) => { if (e.key === 'Escape') host.close(); }}>
      <div class="sheet" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={box}>
        <h2 id={titleId} class="card-title">{spec.title}</h2>
        <p class="muted small">{st('dlgCalm')}</p>
        <form onSubmit={submit} autoComplete="off">
          {spec.kind === 'remind' ? (
            <div class="field">
              <label class="field-label" for={durationId}>{st('dlgTemplate')}</label>
              <select id={durationId} class="text-input" value={template}
                onChange={(e) => setTemplate((e.currentTarget as HTMLSelectElement).value)}>
                {ctx.staff.reminders.map((r) => <option value={r.id}>{choiceText(r)}</option>)}
              </select>
            </div>
          ) : null}
          {spec.kind === 'remind' ? <Field label={st('dlgTemplateText')} value={text} onInput={setText} multiline maxLength={300} /> : null}
          {spec.kind === 'mute' || spec.kind === 'remove' || spec.kind === 'ban' ? (
            <fieldset class="plain-fieldset field">
              <legend class="field-label">{st('dlgDuration')}</legend>
              <div class="chips">
                {durations.concat([['custom', st('custom')]]).map((d) => (
                  <label class="chip"><input type="radio" name={durationId} value={d[0]} checked={preset === d[0]}
                    onChange={() => setPreset(d[0])} /> {d[1]}</label>
                ))}
              </div>
              {preset === 'custom'
                ? <Field label={spec.kind === 'ban' ? st('dlgCustomHours') : st('dlgCustom')} value={custom} onInput={setCustom} inputMode="numeric" />
                : null}
            </fieldset>
          ) : null}
          {spec.kind === 'pin' ? <Field label={st('pinText')} value={text} onInput={setText} multiline maxLength={500} /> : null}
          {spec.kind === 'slow' ? <Field label={st('slowMode')} value={seconds} onInput={setSeconds} inputMode="numeric" /> : null}
          {needsReason ? <ReasonSelect ctx={ctx} value={reason} onChange={setReason} /> : null}
          {needsReason ? <Field label={st('dlgNote')} value={note} onInput={setNote} multiline maxLength={300} /> : null}
          <p class="form-error" aria-live="polite">{error}</p>
          <div class="row-buttons">
            <button type="submit" class="btn btn-primary dlg-confirm" disabled={busy}>{st('dlgConfirm')}</button>
            <button type="button" class="btn btn-quiet" onClick={() => host.close()}>{st('dlgCancel')}</button>
          </div>
        </form>
      </div>
    </div>
  );
}

function ReasonSelect(props: { ctx: StaffContext; value: string; onChange: (v: string) => void }) {
  const ctx = props.ctx;
  const value = props.value;
  const onChange = props.onChange;
  const id = useId('reason');
  return (
    <div class="field">
      <label class="field-label" for={id}>{st('dlgReason')}</label>
      <select id={id} class="text-input dlg-reason" value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">{st('dlgReasonPick')}</option>
        {reasonChoices(ctx).map((r) => <option value={r.id}>{choiceText(r)}</option>)}
      </select>
    </div>
  );
}

export function waitedText(ctx: StaffContext, item: { created_ms: number }): string {
  const n = ctx.queues.waitedMin(item);
  return n === 0 ? st('waitedNow') : st('waited', { n });
}

export function roomName(ctx: StaffContext, id: string): string {
  const info = ctx.app.session.rooms?.find((r) => r.id === id);
  return info ? pick(info.name).text || id : id;
}
