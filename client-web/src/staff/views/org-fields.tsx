// Form pieces the organiser screens share. Every control carries `data-field` (the API's name
// for it) so that after a refused save focus moves to the first field at fault, and every
// problem text is tied to its control with aria-describedby. Also: the "someone else changed
// this" banner for a 412, and the one confirm dialog.

import { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { Emitter } from '../../state/emitter';
import { EditSession } from '../state/edit-session';
import { Problems, Text2 } from '../state/org-records';
import { failureText, ot, problemText } from '../org-strings';
import { useChanges, useId } from './common';

export interface Faults {
  problems: Problems;
  messages?: Record<string, string>;
}

function faultOf(f: Faults | undefined, field: string): string {
  if (!f || !(field in f.problems)) return '';
  return problemText(f.problems[field], f.messages?.[field]);
}

// Moves focus to the first field at fault, in the order the form shows them.
export function focusField(root: HTMLElement | null, field: string | null): void {
  if (!root || !field) return;
  const el = root.querySelector<HTMLElement>(`[data-field="${field.replace(/"/g, '')}"]`);
  if (el) {
    el.focus();
    el.scrollIntoView?.({ block: 'center' });
  }
}

// A screen inside the organiser pages that replaces another (list to form and back) takes the
// focus to its title, as a route change does, so keyboard and screen reader users know where they are.
export function useTitleFocus(shown?: unknown) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [shown]);
  return ref;
}

export function ProblemNote(props: { id: string; text: string }) {
  return props.text ? <p id={props.id} class="form-error">{props.text}</p> : null;
}

export function TextField(props: {
  label: string; field: string; value: string; onInput: (v: string) => void; faults?: Faults; type?: string; hint?: string;
  required?: boolean; inputMode?: 'numeric' | 'text' | 'tel' | 'url'; readOnly?: boolean; maxLength?: number; multiline?: boolean;
  min?: string; max?: string;
}) {
  const id = useId('of');
  const err = faultOf(props.faults, props.field);
  const errId = id + '-err';
  const hintId = id + '-hint';
  const described = [err ? errId : '', props.hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id, class: 'text-input', value: props.value, 'data-field': props.field, readOnly: props.readOnly, maxLength: props.maxLength,
    onInput: (e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value),
    'aria-invalid': err ? true : undefined, 'aria-describedby': described, 'aria-required': props.required ? true : undefined,
  };
  return (
    <div class="field">
      <label for={id} class="field-label">{props.label}{props.required ? ot('required') : ''}</label>
      {props.hint ? <p id={hintId} class="muted small field-hint">{props.hint}</p> : null}
      {props.multiline
        ? <textarea {...common} rows={3} autoComplete="off" />
        : <input {...common} type={props.type ?? 'text'} inputMode={props.inputMode} autoComplete="off" autoCapitalize="off" spellcheck={false}
          min={props.min} max={props.max} />}
      <ProblemNote id={errId} text={err} />
    </div>
  );
}

// A text in Japanese and English: one group, two fields ('name.ja', 'name.en').
export function Text2Fields(props: {
  label: string; field: string; value: Text2; onChange: (v: Text2) => void; faults?: Faults; required?: 'ja' | 'both'; multiline?: boolean;
}) {
  const v = props.value;
  return (
    <fieldset class="plain-fieldset field org-text2">
      <legend class="field-label">{props.label}</legend>
      <TextField label={ot('ja')} field={props.field + '.ja'} value={v.ja} required={!!props.required} multiline={props.multiline}
        faults={props.faults} onInput={(s) => props.onChange({ ja: s, en: v.en })} />
      <TextField label={ot('en')} field={props.field + '.en'} value={v.en} required={props.required === 'both'} multiline={props.multiline}
        faults={props.faults} onInput={(s) => props.onChange({ ja: v.ja, en: s })} />
    </fieldset>
  );
}

export function Checks(props: {
  legend: string; field: string; options: [string, string][]; value: string[]; onChange: (v: string[]) => void; faults?: Faults;
}) {
  const id = useId('oc');
  const err = faultOf(props.faults, props.field);
  return (
    <fieldset class="plain-fieldset field" aria-describedby={err ? id + '-err' : undefined}>
      <legend class="field-label">{props.legend}</legend>
      <div class="chips">
        {props.options.map((o, i) => (
          <label class="chip">
            <input type="checkbox" value={o[0]} checked={props.value.includes(o[0])} data-field={i === 0 ? props.field : undefined}
              aria-invalid={err ? true : undefined}
              onChange={(e) => {
                const on = (e.currentTarget as HTMLInputElement).checked;
                props.onChange(on ? props.value.concat([o[0]]) : props.value.filter((x) => x !== o[0]));
              }} /> {o[1]}
          </label>
        ))}
      </div>
      <ProblemNote id={id + '-err'} text={err} />
    </fieldset>
  );
}

export function Radios(props: {
  legend: string; field: string; options: [string, string][]; value: string; onChange: (v: string) => void; faults?: Faults; name?: string;
}) {
  const id = useId('or');
  const err = faultOf(props.faults, props.field);
  return (
    <fieldset class="plain-fieldset field" aria-describedby={err ? id + '-err' : undefined}>
      <legend class="field-label">{props.legend}</legend>
      <div class="org-radios">
        {props.options.map((o, i) => (
          <label class="org-radio">
            <input type="radio" name={props.name ?? id} value={o[0]} checked={props.value === o[0]} data-field={i === 0 ? props.field : undefined}
              onChange={() => props.onChange(o[0])} /> {o[1]}
          </label>
        ))}
      </div>
      <ProblemNote id={id + '-err'} text={err} />
    </fieldset>
  );
}

export function SelectField(props: {
  label: string; field: string; options: [string, string][]; value: string; onChange: (v: string) => void; faults?: Faults; hint?: string;
}) {
  const id = useId('os');
  const err = faultOf(props.faults, props.field);
  return (
    <div class="field">
      <label class="field-label" for={id}>{props.label}</label>
      <select id={id} class="text-input" value={props.value} data-field={props.field} aria-invalid={err ? true : undefined}
        aria-describedby={err ? id + '-err' : undefined} onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}>
        {props.options.map((o) => <option value={o[0]}>{o[1]}</option>)}
      </select>
      <ProblemNote id={id + '-err'} text={err} />
    </div>
  );
}

export function CheckBox(props: { label: string; field: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div class="field">
      <label class="org-check">
        <input type="checkbox" checked={props.checked} data-field={props.field}
          onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)} /> {props.label}
      </label>
    </div>
  );
}

// A 412: the newer version, and the organiser's two ways on. Never an overwrite on its own.
export function StaleBanner<T>(props: { session: EditSession<T>; summary: (v: T) => ComponentChildren }) {
  const s = props.session;
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, [s.theirs]);
  if (!s.theirs) return null;
  return (
    <div class="card org-stale" role="alert" tabIndex={-1} ref={box}>
      <h2 class="card-title">{ot('staleTitle')}</h2>
      <p>{ot('staleLead')}</p>
      <div class="org-stale-theirs">{props.summary(s.theirs.value)}</div>
      <div class="row-buttons">
        <button type="button" class="btn btn-primary stale-take" onClick={() => s.takeTheirs()}>{ot('staleTake')}</button>
        <button type="button" class="btn btn-secondary stale-keep" onClick={() => s.keepMine()}>{ot('staleKeep')}</button>
      </div>
    </div>
  );
}

// The save outcome that names no field (and the count of those that do), as one alert.
export function SaveNote(props: { session: EditSession<unknown> }) {
  const s = props.session;
  const n = Object.keys(s.problems).length;
  const general = s.general ? failureText(s.general.code, s.general.message) : '';
  const text = [n > 0 ? ot('formHasProblems', { n }) : '', general].filter(Boolean).join(' ');
  return <p class="form-error org-save-note" role="alert">{text}</p>;
}

// ---- one confirm dialog at a time ---------------------------------------------------------

export interface ConfirmSpec {
  text: string;
  doLabel: string;
  run(): Promise<string | null>; // null: done; else the problem to show
}

export class ConfirmHost {
  readonly changes = new Emitter<void>();
  spec: ConfirmSpec | null = null;
  private opener: HTMLElement | null = null;

  open(spec: ConfirmSpec): void {
    this.opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.spec = spec;
    this.changes.emit();
  }

  close(): void {
    this.spec = null;
    this.changes.emit();
    const back = this.opener;
    this.opener = null;
    if (back && back.isConnected) back.focus();
  }
}

export function ConfirmDialog(props: { host: ConfirmHost }) {
  useChanges(props.host.changes);
  const spec = props.host.spec;
  return spec ? <ConfirmBody key={spec.text} host={props.host} spec={spec} /> : null;
}

function ConfirmBody(props: { host: ConfirmHost; spec: ConfirmSpec }) {
  const box = useRef<HTMLDivElement>(null);
  const errRef = useRef<HTMLParagraphElement>(null);
  const titleId = useId('cf');
  const textId = useId('cft');
  // Focus on the safe choice, as the dialog appears (not a frame later).
  useLayoutEffect(() => {
    box.current?.querySelector<HTMLElement>('.btn-quiet')?.focus();
  }, []);
  const run = async () => {
    const problem = await props.spec.run();
    if (problem === null) props.host.close();
    else if (errRef.current) errRef.current.textContent = problem;
  };
  return (
    <div class="sheet-backdrop" onKeyDown={(e) => { if (e.key === 'Escape') props.host.close(); }}>
      <div class="sheet org-confirm" role="alertdialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={textId} ref={box}>
        <h2 id={titleId} class="card-title">{ot('confirmTitle')}</h2>
        <p id={textId}>{props.spec.text}</p>
        <p class="form-error" role="alert" ref={errRef} />
        <div class="row-buttons">
          <button type="button" class="btn btn-danger confirm-do" onClick={() => void run()}>{props.spec.doLabel}</button>
          <button type="button" class="btn btn-quiet" onClick={() => props.host.close()}>{ot('cancel')}</button>
        </div>
      </div>
    </div>
  );
}
