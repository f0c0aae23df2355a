// Help lines (organisers): the organisation's entries of the help directory, and the form to
// add or change one (name, phone, hours, URL, audience, region, featured, checked). An entry
// stays marked "to check" until the organiser says they checked it with the service.

import { useEffect, useRef, useState } from 'preact/hooks';
import { pick } from '../../i18n';
import { EditSession } from '../state/edit-session';
import { blankHelpEntry, checkHelpEntry, HelpEntry, helpBody } from '../state/org-records';
import { audienceName, failureText, ot } from '../org-strings';
import { CheckBox, Checks, focusField, SaveNote, StaleBanner, TextField, Text2Fields, useTitleFocus } from './org-fields';
import { audienceOptions } from './org-rooms';
import { OrgScreenProps } from './org-screen';
import { Title, useChanges } from './common';

const helpFields = ['name.ja', 'name.en', 'phone', 'hours.ja', 'hours.en', 'url', 'audience', 'region', 'featured', 'verify'];

export function HelpView(props: OrgScreenProps) {
  const o = props.o;
  useChanges(o.data.changes);
  useEffect(() => o.data.ensure(['help']), []);
  const editPair = useState<{ entry: HelpEntry; etag: string; creating: boolean } | null>(null);
  const notePair = useState('');
  const top = useTitleFocus(!!editPair[0]);
  const help = o.data.help;
  const editing = editPair[0];
  const open = async (h: HelpEntry) => {
    const got = await o.data.api.helpEntry(h.id);
    if (got.ok) editPair[1]({ entry: got.value, etag: got.etag, creating: false });
    else notePair[1](failureText(got.code, got.message));
  };
  if (editing) {
    return <HelpForm o={o} start={editing.entry} etag={editing.etag} creating={editing.creating}
      done={(msg) => { editPair[1](null); notePair[1](msg); o.data.ensure(['help'], true); }} />;
  }
  return (
    <section class="screen org-screen org-help" ref={top}>
      <Title>{ot('helpTitle')}</Title>
      <p class="lead">{ot('helpLead')}</p>
      <p class="muted small" role="status">{notePair[0]}</p>
      <button type="button" class="btn btn-primary help-new" onClick={() => editPair[1]({ entry: blankHelpEntry(), etag: '', creating: true })}>{ot('helpNew')}</button>
      {help.loading && help.at === 0 ? <p class="muted">{ot('loading')}</p> : null}
      {help.failure ? <p class="form-error" role="alert">{ot('loadFailed', { code: help.failure.code })}</p> : null}
      {help.at > 0 && help.value.length === 0 ? <p class="muted">{ot('helpNone')}</p> : null}
      <ul class="org-list">
        {help.value.map((h) => (
          <li class="card org-item org-help-entry" data-entry={h.id}>
            <h2 class="card-title">{pick(h.name).text}</h2>
            <p class="org-tags">
              {h.verify ? <span class="org-tag org-tag-warn">{ot('tagVerify')}</span> : null}
              {h.featured ? <span class="org-tag org-tag-accent">{ot('tagFeatured')}</span> : null}
              {h.region ? <span class="org-tag">{h.region}</span> : null}
              {h.audience.map((a) => <span class="org-tag">{audienceName(a)}</span>)}
            </p>
            {h.phone ? <p>{h.phone}{pick(h.hours).text ? `（${pick(h.hours).text}）` : ''}</p> : null}
            {h.url ? <p class="small">{h.url}</p> : null}
            <div class="row-buttons">
              <button type="button" class="btn btn-secondary btn-small help-edit" aria-label={`${ot('edit')}: ${pick(h.name).text}`}
                onClick={() => void open(h)}>{ot('edit')}</button>
              <button type="button" class="btn btn-quiet btn-small help-delete" aria-label={`${ot('del')}: ${pick(h.name).text}`}
                onClick={() => o.confirm.open({
                  text: ot('confirmDelete', { name: pick(h.name).text }), doLabel: ot('confirmDo'),
                  run: async () => {
                    const got = await o.data.api.helpEntry(h.id);
                    const r = await o.data.api.deleteHelpEntry(h.id, got.ok ? got.etag : undefined);
                    if (!r.ok) return failureText(r.code, r.message);
                    notePair[1](ot('helpDeleted'));
                    o.app.announce(ot('helpDeleted'));
                    o.data.ensure(['help'], true);
                    return null;
                  },
                })}>{ot('del')}</button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function HelpForm(props: OrgScreenProps & { start: HelpEntry; etag: string; creating: boolean; done: (msg: string) => void }) {
  const top = useTitleFocus();
  const o = props.o;
  const api = o.data.api;
  const ref = useRef<EditSession<HelpEntry> | null>(null);
  if (!ref.current) {
    ref.current = new EditSession<HelpEntry>({
      check: (d) => checkHelpEntry(d),
      save: (d, creating, etag) => (creating ? api.createHelpEntry(helpBody(d)) : api.updateHelpEntry(d.id, helpBody(d), etag)),
      reload: (d) => api.helpEntry(d.id),
    }, JSON.parse(JSON.stringify(props.start)) as HelpEntry, props.etag, props.creating, helpFields);
  }
  const s = ref.current;
  useChanges(s.changes);
  const form = useRef<HTMLFormElement>(null);
  const d = s.draft;
  const edit = (fn: (h: HelpEntry) => void) => s.edit(fn);
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await s.save();
    if (r === 'saved') props.done(ot('saved'));
    else if (r === 'invalid' || r === 'conflict') focusField(form.current, s.firstProblem());
  };
  return (
    <section class="screen org-screen org-help-form" ref={top}>
      <Title>{props.creating ? ot('helpNewTitle') : ot('helpEditTitle', { name: pick(props.start.name).text })}</Title>
      <StaleBanner session={s} summary={(v: HelpEntry) => <p>{pick(v.name).text} {v.phone}</p>} />
      <form ref={form} class="staff-form org-form" onSubmit={submit} noValidate autoComplete="off">
        <Text2Fields label={ot('helpName')} field="name" value={d.name} required="ja" faults={s} onChange={(v) => edit((h) => { h.name = v; })} />
        <TextField label={ot('helpPhone')} field="phone" type="tel" inputMode="tel" value={d.phone} faults={s} onInput={(v) => edit((h) => { h.phone = v.trim(); })} />
        <Text2Fields label={ot('helpHours')} field="hours" value={d.hours} faults={s} onChange={(v) => edit((h) => { h.hours = v; })} />
        <TextField label={ot('helpUrl')} field="url" type="url" inputMode="url" value={d.url} faults={s} onInput={(v) => edit((h) => { h.url = v.trim(); })} />
        <Checks legend={ot('helpAudience')} field="audience" options={audienceOptions()} value={d.audience} faults={s}
          onChange={(v) => edit((h) => { h.audience = v; })} />
        <TextField label={ot('helpRegion')} field="region" value={d.region} faults={s} maxLength={40} onInput={(v) => edit((h) => { h.region = v; })} />
        <CheckBox label={ot('helpFeatured')} field="featured" checked={d.featured} onChange={(v) => edit((h) => { h.featured = v; })} />
        <CheckBox label={ot('helpChecked')} field="verify" checked={!d.verify} onChange={(v) => edit((h) => { h.verify = !v; })} />
        <SaveNote session={s as EditSession<unknown>} />
        <div class="row-buttons">
          <button type="submit" class="btn btn-primary help-save" disabled={s.state === 'saving'}>{s.state === 'saving' ? ot('saving') : ot('save')}</button>
          <button type="button" class="btn btn-quiet" onClick={() => props.done('')}>{ot('cancel')}</button>
        </div>
      </form>
    </section>
  );
}
