// A supporter's one to one with a participant who asked (the private word): the lines of both
// sides, a text box, and ending it. Only the two of them see it; it is kept in memory only.

import { useState } from 'preact/hooks';
import { StaffContext } from '../context';
import { st } from '../strings';
import { Title, useChanges, useId } from './common';

export function ThreadView(props: { ctx: StaffContext; thread: string }) {
  const ctx = props.ctx;
  const thread = props.thread;
  const word = ctx.app.session.privateWord;
  useChanges(word.changes);
  const textPair = useState('');
  const text = textPair[0];
  const setText = textPair[1];
  const inputId = useId('thread');
  const th = word.thread(thread);
  if (!th) {
    return (
      <section class="screen staff-thread">
        <Title>{st('threadEnded')}</Title>
        <button type="button" class="btn btn-secondary" onClick={() => ctx.go('staff')}>{st('threadBack')}</button>
      </section>
    );
  }
  const back = () => (th.room ? ctx.go('staff-room', { room: th.room, tab: 'queue' }) : ctx.go('staff'));
  return (
    <section class="screen staff-thread">
      <button type="button" class="btn btn-quiet" onClick={back}>{st('threadBack')}</button>
      <Title>{st('threadTitle', { nick: th.nick })}</Title>
      <p class="muted small">{st('threadLead')}</p>
      <ol class="log private-log" aria-live="polite">
        {th.lines.map((l) => (
          <li class={`ev msg${l.from === 'staff' ? ' mine' : ''}${l.n === 0 ? ' is-pending' : ''}`}>
            <div class="bubble">
              <p class="ev-meta"><span class="nick">{l.nick}</span></p>
              <p class="ev-text">{l.text}</p>
            </div>
          </li>
        ))}
      </ol>
      {th.ended ? <p class="note" role="status">{st('threadEnded')}</p> : (
        <form class="composer thread-form" autoComplete="off" onSubmit={(e) => {
          e.preventDefault();
          if (word.say(th.id, text)) setText('');
        }}>
          <label for={inputId} class="visually-hidden">{st('threadLabel', { nick: th.nick })}</label>
          <textarea id={inputId} class="composer-input" rows={2} maxLength={2000} value={text}
            onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
          <button type="submit" class="btn btn-primary send">{st('send')}</button>
        </form>
      )}
      <div class="row-buttons">
        {th.ended
          ? <button type="button" class="btn btn-secondary" onClick={() => { word.close(th.id); back(); }}>{st('threadBack')}</button>
          : <button type="button" class="btn btn-secondary thread-end" onClick={() => word.end(th.id)}>{st('threadEnd')}</button>}
      </div>
    </section>
  );
}
