// The composition root of the web client: it owns the connection, the current screen and the
// little state kept in sessionStorage, and routes server messages to the screen that wants them.

import { Connection, ConnState } from './connection';
import { clear } from './dom';
import { Directory, loadDirectory } from './help';
import { detectLang, Key, Lang, lang, setLang, t } from './i18n';
import { suggestNick } from './names';
import { ErrorFrame, Joined, RoomInfo, ServerMessage } from './protocol';
import { RoomHost, RoomScreen } from './room';
import * as storage from './storage';
import * as views from './views';

type Screen = 'landing' | 'rooms' | 'join' | 'room' | 'replaced' | 'removed';

interface SavedRoom {
  info: RoomInfo;
  nick: string;
  listening: boolean;
  affirmed: boolean;
}

const joinErrors: Record<string, Key> = {
  room_full: 'err_room_full',
  room_locked: 'err_room_locked',
  room_closed: 'err_room_closed',
  bad_nick: 'err_bad_nick',
  no_such_room: 'err_no_such_room',
  service_degraded: 'err_service_degraded',
  affirmation_required: 'joinAffirmNeeded',
};

class App implements RoomHost {
  private conn: Connection;
  private screen: Screen = 'landing';
  private rooms: RoomInfo[] | null = null;
  private room: RoomScreen | null = null;
  private joinForm: views.JoinForm | null = null;
  private joinTarget: RoomInfo | null = null;
  private pendingJoin: { room: string; frame: Record<string, unknown>; rejoin: boolean; opts?: SavedRoom } | null = null;
  private leaving = new Set<string>();
  private directory: Directory | null = null;
  private directoryFailed = false;
  private helpOpen = false;
  private roomsTimer: ReturnType<typeof setInterval> | undefined;
  private everReady = false;
  private bannerTimer: ReturnType<typeof setTimeout> | undefined;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private announceQueue: string[] = [];
  private gone = false;

  private readonly main = document.getElementById('main') as HTMLElement;
  private readonly helpEl = document.getElementById('help-screen') as HTMLElement;
  private readonly banner = document.getElementById('banner') as HTMLElement;
  private readonly announcer = document.getElementById('announcer') as HTMLElement;
  private readonly helpBtn = document.getElementById('help-btn') as HTMLButtonElement;
  private readonly exitBtn = document.getElementById('exit-btn') as HTMLAnchorElement;

  constructor() {
    const saved = storage.load<Lang>('lang');
    setLang(saved === 'ja' || saved === 'en' ? saved : detectLang(navigator.languages));
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    this.conn = new Connection(`${scheme}//${location.host}/ws`, {
      get: () => storage.load<string>('session'),
      set: (token) => (token ? storage.save('session', token) : storage.remove('session')),
    }, {
      ready: (resumed) => this.onReady(resumed),
      message: (m) => this.onMessage(m),
      state: (s) => this.onConnState(s),
      stopped: (reason) => this.onStopped(reason),
    });

    this.exitBtn.addEventListener('click', (e) => {
      e.preventDefault();
      this.quickExit();
    });
    this.helpBtn.addEventListener('click', () => (this.helpOpen ? this.closeHelp() : this.openHelp()));
    this.helpBtn.hidden = false;
    this.translateChrome();
    this.fetchDirectory();
    this.restore();
  }

  // ---- chrome (top bar) --------------------------------------------------------------

  private translateChrome(): void {
    document.title = `${t('appName')} ${lang() === 'ja' ? 'ibasho' : '居場所'}`;
    (document.querySelector('.brand-name') as HTMLElement).textContent = t('appName');
    const sub = document.querySelector('.brand-sub') as HTMLElement;
    sub.textContent = t('appNameSub');
    if (lang() === 'en') sub.setAttribute('lang', 'ja');
    else sub.removeAttribute('lang');
    this.helpBtn.querySelector('span')!.textContent = t('help');
    this.exitBtn.querySelector('span')!.textContent = t('quickExit');
    this.exitBtn.setAttribute('aria-label', t('quickExitLabel'));
    document.querySelector('.top-actions')?.setAttribute('aria-label', lang() === 'ja' ? 'いつでも使えるボタン' : 'Always available');
  }

  private switchLang(): void {
    setLang(lang() === 'ja' ? 'en' : 'ja');
    storage.save('lang', lang());
    this.translateChrome();
    if (this.helpOpen) this.renderHelp();
    this.render(true);
  }

  // ---- screens -----------------------------------------------------------------------

  private restore(): void {
    const screen = storage.load<Screen>('screen');
    const savedRoom = storage.load<SavedRoom>('room');
    const hasSession = storage.load<string>('session') !== null;
    if (hasSession && screen === 'room' && savedRoom?.info?.id) {
      // A reload inside a room: come back into it (recent history comes with the join).
      this.openRoom(savedRoom.info, savedRoom, false);
      this.pendingJoin = { room: savedRoom.info.id, frame: this.room!.joinFrame(), rejoin: true };
      this.conn.start();
    } else if (hasSession && (screen === 'rooms' || screen === 'join')) {
      this.go('rooms');
    } else {
      this.go('landing', false);
    }
  }

  private go(screen: Screen, focus = true): void {
    if (this.screen === 'room' && screen !== 'room' && this.room) {
      this.room.dispose();
      this.room = null;
    }
    this.screen = screen;
    // Remember only what a reload needs to come back to; the first screen needs nothing.
    if (screen === 'rooms' || screen === 'room') storage.save('screen', screen);
    else if (screen === 'landing') storage.remove('screen');
    if (screen === 'rooms' || screen === 'join' || screen === 'room') this.conn.start();
    if (screen === 'rooms') this.askRooms();
    this.setRoomsTimer(screen === 'rooms');
    document.body.classList.toggle('in-room', screen === 'room');
    this.render(focus);
  }

  private render(focus: boolean): void {
    let el: HTMLElement;
    switch (this.screen) {
      case 'landing':
        el = this.landingView();
        break;
      case 'rooms':
        el = this.roomListView();
        break;
      case 'join': {
        const room = this.joinTarget as RoomInfo;
        const savedNick = storage.load<string>('nick');
        this.joinForm = views.joinScreen({
          room,
          nick: savedNick ?? suggestNick(lang()),
          suggest: (avoid) => suggestNick(lang(), avoid),
          submit: (v) => this.join(room, v),
          back: () => this.go('rooms'),
        });
        el = this.joinForm.el;
        break;
      }
      case 'room':
        el = (this.room as RoomScreen).el;
        break;
      case 'replaced':
        el = views.notice({
          titleKey: 'replacedTitle', textKey: 'replacedText',
          button: { key: 'replacedButton', action: () => this.continueHere() },
        });
        break;
      case 'removed':
        el = views.notice({
          titleKey: 'removedTitle', textKey: 'removedText', directory: this.directory,
          button: { key: 'removedHome', action: () => this.go('landing') },
        });
        break;
    }
    clear(this.main);
    this.main.appendChild(el);
    if (focus) {
      const target = el.querySelector<HTMLElement>('h1');
      if (target) target.focus();
      if (this.screen !== 'room') window.scrollTo(0, 0);
    }
  }

  private landingView(): HTMLElement {
    return views.landing({
      enter: () => this.go('rooms'),
      openHelp: () => this.openHelp(),
      switchLang: () => this.switchLang(),
      directory: this.directory,
      directoryFailed: this.directoryFailed,
      retryDirectory: () => this.fetchDirectory(),
    });
  }

  private roomListView(): HTMLElement {
    return views.roomList({
      rooms: this.rooms,
      choose: (room) => this.choose(room),
      back: () => this.go('landing'),
      refresh: () => this.askRooms(),
      switchLang: () => this.switchLang(),
    });
  }

  // Live counts change often: update the list in place so focus and scroll stay put.
  private refreshRoomList(): void {
    if (this.screen !== 'rooms' || this.helpOpen) return;
    const old = this.main.querySelector('.room-groups');
    if (!old) return;
    const active = document.activeElement as HTMLElement | null;
    const focusedRoom = active?.getAttribute('data-room');
    const fresh = this.roomListView().querySelector('.room-groups') as HTMLElement;
    old.replaceWith(fresh);
    if (focusedRoom) {
      fresh.querySelector<HTMLElement>(`button[data-room="${CSS.escape(focusedRoom)}"]`)?.focus();
    }
  }

  private setRoomsTimer(on: boolean): void {
    if (this.roomsTimer !== undefined) clearInterval(this.roomsTimer);
    this.roomsTimer = on ? setInterval(() => this.askRooms(), 20000) : undefined;
  }

  private askRooms(): void {
    this.conn.send({ type: 'rooms' });
  }

  private choose(room: RoomInfo): void {
    this.joinTarget = room;
    this.go('join');
  }

  private join(room: RoomInfo, v: { nick: string; affirm: boolean; listening: boolean }): void {
    storage.save('nick', v.nick);
    const frame: Record<string, unknown> = { type: 'join', room: room.id, nick: v.nick, listening: v.listening };
    if (v.affirm) frame.affirm = true;
    this.pendingJoin = {
      room: room.id, frame, rejoin: false,
      opts: { info: room, nick: v.nick, listening: v.listening, affirmed: v.affirm },
    };
    this.joinForm?.setBusy(true);
    this.conn.start();
    this.conn.send(frame); // if not connected yet, it goes when the welcome arrives
  }

  private openRoom(info: RoomInfo, opts: SavedRoom, focus: boolean): void {
    this.room = new RoomScreen(this, info, { nick: opts.nick, listening: opts.listening, affirmed: opts.affirmed });
    this.go('room', focus);
    if (focus) this.room.focusTitle();
  }

  // ---- RoomHost ----------------------------------------------------------------------

  send(msg: object): boolean {
    return this.conn.send(msg);
  }

  connected(): boolean {
    return this.conn.isReady;
  }

  leaveRoom(): void {
    const room = this.room;
    if (room) {
      this.leaving.add(room.id);
      this.conn.send({ type: 'leave', room: room.id });
      storage.remove('room');
    }
    this.pendingJoin = null;
    this.go('rooms');
  }

  toRooms(): void {
    storage.remove('room');
    this.go('rooms');
  }

  rejoin(): void {
    const room = this.room;
    if (!room || !this.conn.isReady) return;
    this.pendingJoin = { room: room.id, frame: room.joinFrame(), rejoin: true };
    this.conn.send(this.pendingJoin.frame);
  }

  saveRoom(): void {
    const room = this.room;
    if (!room) return;
    storage.save('room', { info: room.info, nick: room.nick, listening: room.listening, affirmed: room.affirmed });
  }

  // Polite, batched: a burst of messages becomes one announcement, not a flood.
  announce(text: string): void {
    this.announceQueue.push(text);
    if (this.announceTimer !== undefined) return;
    this.announceTimer = setTimeout(() => {
      this.announceTimer = undefined;
      const q = this.announceQueue;
      this.announceQueue = [];
      const out = q.length <= 3 ? q.join('。 ') : t('roomCatchUp', { n: q.length });
      this.announcer.textContent = '';
      setTimeout(() => (this.announcer.textContent = out), 50);
    }, 700);
  }

  // ---- connection --------------------------------------------------------------------

  private onReady(_resumed: boolean): void {
    this.everReady = true;
    if (this.screen === 'rooms' || this.rooms === null) this.askRooms();
    if (this.room && this.screen === 'room') {
      this.pendingJoin = { room: this.room.id, frame: this.room.joinFrame(), rejoin: true };
    }
    if (this.pendingJoin) this.conn.send(this.pendingJoin.frame);
  }

  private onConnState(s: ConnState): void {
    if (s !== 'ready') this.room?.onDisconnected();
    if (this.bannerTimer !== undefined) clearTimeout(this.bannerTimer);
    this.bannerTimer = undefined;
    if (s === 'offline') {
      this.setBanner(t('bannerOffline'), 'offline');
    } else if ((s === 'waiting' || s === 'connecting') && this.everReady) {
      this.setBanner(navigator.onLine === false ? t('bannerOffline') : t('bannerReconnecting'), 'offline');
    } else if (s === 'ready') {
      if (this.banner.textContent) {
        this.setBanner(t('bannerBack'), 'back');
        this.bannerTimer = setTimeout(() => this.setBanner('', ''), 3000);
      }
    } else {
      this.setBanner('', '');
    }
  }

  private setBanner(text: string, kind: string): void {
    if (this.banner.textContent !== text) this.banner.textContent = text;
    this.banner.className = `banner${kind ? ' banner-' + kind : ''}`;
  }

  private onStopped(reason: 'replaced' | 'removed'): void {
    this.room?.onDisconnected();
    this.setBanner('', '');
    if (reason === 'removed') {
      storage.remove('session');
      storage.remove('room');
      this.room = null;
      this.go('removed');
    } else {
      this.go('replaced');
    }
  }

  private continueHere(): void {
    const saved = storage.load<SavedRoom>('room');
    if (saved?.info?.id) {
      this.openRoom(saved.info, saved, true);
      this.pendingJoin = { room: saved.info.id, frame: this.room!.joinFrame(), rejoin: true };
    } else {
      this.go('rooms');
    }
    this.conn.start();
  }

  private onMessage(m: ServerMessage): void {
    switch (m.type) {
      case 'room_list':
        this.rooms = m.rooms;
        if (this.room) {
          const info = m.rooms.find((r) => r.id === this.room!.id);
          if (info) this.room.onRoomInfo(info);
        }
        if (this.screen === 'rooms') this.refreshRoomList();
        break;
      case 'joined':
        this.onJoined(m);
        break;
      case 'message':
      case 'stamp':
        if (this.room && this.room.id === m.room) this.room.onEvent(m);
        break;
      case 'presence':
        if (this.room && this.room.id === m.room) this.room.onPresence(m);
        break;
      case 'gap':
        if (this.room && this.room.id === m.room) this.room.onGap(m);
        break;
      case 'left':
        if (this.leaving.delete(m.room)) break;
        if (this.room && this.room.id === m.room) this.room.onLeftByServer();
        break;
      case 'error':
        this.onError(m);
        break;
    }
  }

  private onJoined(m: Joined): void {
    const pj = this.pendingJoin;
    if (pj && pj.room === m.room) this.pendingJoin = null;
    if (this.room && this.room.id === m.room) {
      this.room.onJoined(m);
      return;
    }
    if (pj && pj.room === m.room && pj.opts && this.screen === 'join') {
      this.openRoom(pj.opts.info, pj.opts, true);
      this.room!.onJoined(m);
      return;
    }
    // Joined a room this screen no longer wants (the person moved on): leave it quietly.
    this.leaving.add(m.room);
    this.conn.send({ type: 'leave', room: m.room });
  }

  private onError(e: ErrorFrame): void {
    if (this.room && this.room.ownsRef(e.ref)) {
      this.room.onSendError(e);
      return;
    }
    const pj = this.pendingJoin;
    if (pj && (e.code in joinErrors || e.code === 'already_in_room')) {
      this.pendingJoin = null;
      if (e.code === 'already_in_room') return; // the server still has us in: nothing to do
      if (pj.rejoin && this.room) {
        this.room.onLeftByServer();
        return;
      }
      if (this.screen === 'join' && this.joinForm) {
        this.joinForm.setBusy(false);
        const field = e.code === 'bad_nick' ? 'nick' : e.code === 'affirmation_required' ? 'affirm' : undefined;
        this.joinForm.showError(t(joinErrors[e.code]), field);
        if (e.code === 'no_such_room') this.askRooms();
      }
    }
  }

  // ---- help --------------------------------------------------------------------------

  private fetchDirectory(): void {
    this.directoryFailed = false;
    loadDirectory().then(
      (d) => {
        this.directory = d;
        this.afterDirectory();
      },
      () => {
        this.directoryFailed = true;
        this.afterDirectory();
      },
    );
  }

  // The directory arrives after the first paint: put it in place without moving anyone's focus.
  private afterDirectory(): void {
    if (this.helpOpen) {
      const hadFocus = this.helpEl.contains(document.activeElement);
      this.renderHelp();
      if (hadFocus) (this.helpEl.querySelector('h1') as HTMLElement | null)?.focus();
    }
    if (this.screen === 'landing') {
      const old = this.main.querySelector('.card.now');
      if (!old) return;
      const hadFocus = old.contains(document.activeElement);
      const fresh = this.landingView().querySelector('.card.now') as HTMLElement;
      old.replaceWith(fresh);
      if (hadFocus) fresh.querySelector<HTMLElement>('a, button')?.focus();
    } else if (this.screen === 'removed') {
      this.render(false);
    }
  }

  private openHelp(): void {
    this.helpOpen = true;
    if (!this.directory) this.fetchDirectory();
    this.renderHelp();
    this.main.hidden = true;
    this.helpEl.hidden = false;
    this.helpBtn.setAttribute('aria-expanded', 'true');
    window.scrollTo(0, 0);
    (this.helpEl.querySelector('h1') as HTMLElement | null)?.focus();
  }

  private closeHelp(): void {
    this.helpOpen = false;
    this.helpEl.hidden = true;
    clear(this.helpEl);
    this.main.hidden = false;
    this.helpBtn.setAttribute('aria-expanded', 'false');
    this.helpBtn.focus();
    if (this.screen === 'rooms') this.refreshRoomList();
  }

  private renderHelp(): void {
    clear(this.helpEl);
    this.helpEl.appendChild(views.helpScreen({
      directory: this.directory,
      failed: this.directoryFailed,
      retry: () => this.fetchDirectory(),
      close: () => this.closeHelp(),
    }));
  }

  // ---- quick exit --------------------------------------------------------------------

  // One tap: no socket, nothing in storage, nothing on screen, and the history entry itself
  // replaced, so Back does not bring the chat back.
  quickExit(): void {
    if (this.gone) return;
    this.gone = true;
    try {
      this.conn.destroy();
    } catch {
      // keep going: leaving matters more
    }
    storage.wipeAll();
    this.setRoomsTimer(false);
    this.room = null;
    this.rooms = null;
    this.directory = null;
    this.announceQueue = [];
    clear(document.body);
    document.title = '';
    location.replace('/neutral.html');
  }
}

function start(): void {
  const app = new App();
  // A keyboard shortcut for quick exit: Escape three times in a row.
  let presses = 0;
  let last = 0;
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    const now = Date.now();
    presses = now - last < 800 ? presses + 1 : 1;
    last = now;
    if (presses >= 3) app.quickExit();
  });
  document.documentElement.classList.add('js');
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
