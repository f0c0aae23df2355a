// The composition root of the web client: it owns the connection, the stores, the router and
// the chrome around <main>, feeds server messages to the session store, and lets each set of
// screens register itself (the participant's today). Quick exit lives here.

import { AppContext } from './app-context';
import { installBack, leaveOurEntry, parentOf } from './back-nav';
import { Connection, ConnState } from './connection';
import { clear } from './dom';
import { detectLang, Lang, lang, setLang } from './i18n';
import { suggestNick } from './names';
import { registerParticipant, resumeParticipant } from './participant';
import { RoomInfo } from './protocol';
import { Route, Router, Screen } from './router';
import { DirectoryStore } from './state/help-directory';
import { RegionStore } from './state/regions';
import { SavedSeat, SessionStore } from './state/session-store';
import * as storage from './storage';
import { Chrome } from './views/chrome';
import { HelpOverlay } from './views/help-overlay';

// `#/staff...` and `#/invite/<code>` open the staff screens; everything else is the participant's.
export function isStaffHash(hash: string): boolean {
  return hash.startsWith('#/staff') || hash.startsWith('#/invite/');
}

// What a seat keeps on the device between reloads: the room id and two switches, never the
// room's name or the nickname (the server gives both back: `joined` on resume, the room list).
interface KeptSeat {
  id: string;
  listening: boolean;
  affirmed: boolean;
}

function keptSeats(raw: unknown): SavedSeat[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((k): k is KeptSeat => !!k && typeof (k as KeptSeat).id === 'string')
    .map((k) => ({
      // Filled in by the room list that the first welcome asks for.
      info: {
        id: k.id, name: {}, description: {}, rules: {}, audience: [], state: 'open', capacity: 0,
        members: 0, listening: 0, presence: 'counts', slow_mode_s: 0, limited: false,
      } as RoomInfo,
      // Ignored by the server when the session resumes (the seat keeps its nickname); a new
      // session after an expiry comes back under a new friendly name.
      nick: suggestNick(lang()),
      listening: k.listening === true,
      affirmed: k.affirmed === true,
    }));
}

// The operator's neutral page (--exit-url), or the local one until /api/client-config says.
export function usableExitUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > 2000) return false;
  return /^https?:\/\/[^\s"'<>]+$/.test(url) || /^\/(?!\/)[^\s"'<>]*$/.test(url);
}

export class App implements AppContext {
  readonly session: SessionStore;
  readonly directory = new DirectoryStore();
  // Issue 14: the help directory's region, the one thing kept on the device across visits.
  readonly region = new RegionStore({ load: () => storage.deviceLoad('region'), save: (c) => storage.deviceSave('region', c) });
  readonly router: Router;
  private readonly conn: Connection;
  private readonly chrome = new Chrome();
  private readonly help: HelpOverlay;
  private readonly main = document.getElementById('main') as HTMLElement;
  private everReady = false;
  private gone = false;
  private staffLoading: Promise<(hash: string) => void> | null = null;
  private readonly exitHooks: (() => void)[] = [];
  private exitUrl = '/neutral.html';
  private backNav: { arm(): void } | null = null;

  constructor() {
    const saved = storage.load<Lang>('lang');
    setLang(saved === 'ja' || saved === 'en' ? saved : detectLang(navigator.languages));
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    this.conn = new Connection(`${scheme}//${location.host}/ws`, {
      get: () => storage.load<string>('session'),
      set: (token) => (token ? storage.save('session', token) : storage.remove('session')),
      staff: () => storage.load<string>('staff'),
    }, {
      ready: (_resumed, welcome) => {
        this.onReady();
        this.session.apply(welcome); // its role: the staff screens listen
      },
      message: (m) => this.session.apply(m),
      state: (s) => this.onConnState(s),
      stopped: (reason) => this.onStopped(reason),
    });
    this.session = new SessionStore(
      { send: (f) => this.conn.send(f), ready: () => this.conn.isReady },
      {
        load: () => keptSeats(storage.load<unknown>('seats')),
        save: (seats) => (seats.length > 0
          ? storage.save('seats', seats.map((s): KeptSeat => ({ id: s.info.id, listening: s.listening, affirmed: s.affirmed })))
          : storage.remove('seats')),
      },
      {
        load: (room) => storage.load<Record<string, string>>('hidden.' + room),
        // Member ids only: other people's nicknames are not written to the device.
        save: (room, hidden) => storage.save('hidden.' + room,
          Object.fromEntries(Object.keys(hidden).map((member) => [member, '']))),
      },
    );
    this.session.changes.on((c) => {
      const screen = this.router.screen;
      // A seat opened that the screen on display did not ask for: leave it quietly.
      if (c.type === 'joined' && c.fresh && !screen?.opened?.(c.room)) this.session.leave(c.room);
      else if (c.type === 'joinFailed') screen?.joinFailed?.(c.room, c.code, c.retryAfterMs, c.suggestions);
      else if (c.type === 'held') screen?.held?.(c.room);
    });
    this.router = new Router({
      mount: (screen, focus) => this.mount(screen, focus),
      remember: (route) => (route ? storage.save('route', route) : storage.remove('route')),
      bodyClass: (cls, on) => document.body.classList.toggle(cls, on),
    }, { name: 'landing', params: {} });
    this.help = new HelpOverlay(this.main, document.getElementById('help-screen') as HTMLElement,
      this.chrome.helpBtn, this.directory, this.region);

    this.chrome.exitBtn.addEventListener('click', (e) => {
      e.preventDefault();
      this.quickExit();
    });
    this.chrome.translate();
    this.directory.region = this.region.region;
    this.directory.fetch();
    this.fetchExitUrl();
    registerParticipant(this);
    // Issue 13: Back between the participant's screens, with one history entry at most.
    this.backNav = installBack({
      router: this.router,
      overlayOpen: () => this.help.isOpen,
      closeOverlay: () => {
        if (!this.help.isOpen) return false;
        this.help.close();
        return true;
      },
      back: (name, params) => {
        if (name === 'room' && params.room) this.session.leave(params.room);
        this.router.go(parentOf(name));
      },
      ignore: () => this.gone || isStaffHash(location.hash),
    });
    this.chrome.helpBtn.addEventListener('click', () => this.backNav?.arm());
    window.addEventListener('hashchange', () => {
      if (isStaffHash(location.hash)) this.openStaff(location.hash);
    });
    if (isStaffHash(location.hash)) this.openStaff(location.hash);
    else resumeParticipant(this, storage.load<Route>('route'), storage.load<string>('session') !== null);
  }

  // The supporter and organiser screens are a chunk of their own (Preact): fetched only when a
  // staff route is opened, so a participant's first screen never carries them.
  private openStaff(hash: string): void {
    if (!this.staffLoading) {
      this.staffLoading = import('./staff/staff-main').then((m) => m.registerStaff(this));
    }
    this.staffLoading.then((go) => go(hash), () => {
      this.staffLoading = null;
      this.chrome.connection('reconnecting');
    });
  }

  private fetchExitUrl(): void {
    fetch('/api/client-config', { cache: 'no-cache', credentials: 'omit' })
      .then((res) => (res.ok ? res.json() : null))
      .then((cfg: { exit_url?: unknown } | null) => {
        if (cfg && usableExitUrl(cfg.exit_url)) this.exitUrl = cfg.exit_url;
      })
      .catch(() => undefined); // the local neutral page then
  }

  // ---- AppContext (arrow functions: screens pass them around as callbacks) -------------

  readonly startConnection = (): void => {
    this.conn.start();
  };

  readonly askRooms = (): void => {
    this.conn.send({ type: 'rooms' });
  };

  readonly openHelp = (): void => {
    this.help.open();
    this.backNav?.arm();
  };

  readonly switchLang = (): void => {
    setLang(lang() === 'ja' ? 'en' : 'ja');
    storage.save('lang', lang());
    this.chrome.translate();
    this.help.refresh();
    this.router.refresh(true);
  };

  readonly announce = (text: string): void => {
    this.chrome.announce(text);
  };

  readonly restartConnection = (): void => {
    this.conn.restart();
  };

  readonly onQuickExit = (fn: () => void): void => {
    this.exitHooks.push(fn);
  };

  // ---- screens -----------------------------------------------------------------------

  private mount(screen: Screen, focus: boolean): void {
    clear(this.main);
    this.main.appendChild(screen.el);
    if (!focus) return;
    if (screen.focus) {
      screen.focus();
    } else {
      screen.el.querySelector<HTMLElement>('h1')?.focus();
      window.scrollTo(0, 0);
    }
  }

  // ---- connection --------------------------------------------------------------------

  private onReady(): void {
    this.everReady = true;
    if (this.router.is('rooms') || this.session.rooms === null) this.askRooms();
    this.session.ready();
  }

  private onConnState(s: ConnState): void {
    if (s !== 'ready') this.session.disconnected();
    if (s === 'offline') this.chrome.connection('offline');
    else if ((s === 'waiting' || s === 'connecting') && this.everReady) {
      this.chrome.connection(navigator.onLine === false ? 'offline' : 'reconnecting');
    } else if (s === 'ready') this.chrome.connection('back');
    else this.chrome.connection('none');
  }

  private onStopped(reason: 'replaced' | 'removed'): void {
    this.session.disconnected();
    this.chrome.connection('none');
    this.session.closeAll();
    if (reason === 'removed') {
      storage.remove('session');
      storage.remove('seats');
      this.router.go('removed');
    } else {
      this.router.go('replaced');
    }
  }

  // ---- quick exit --------------------------------------------------------------------

  // One tap: the session ended on the server (its token is dead everywhere), no socket,
  // nothing in storage, nothing on screen, and the history entry itself replaced by the
  // operator's neutral page, so Back does not bring the chat back.
  quickExit(): void {
    if (this.gone) return;
    this.gone = true;
    try {
      // Send and go: no answer is awaited. Not connected: nothing (the token then dies with
      // its idle TTL; storage is wiped below all the same).
      this.conn.send({ type: 'end', id: 'x' });
    } catch {
      // keep going: leaving matters more
    }
    for (const fn of this.exitHooks) {
      try {
        fn();
      } catch {
        // keep going: leaving matters more
      }
    }
    try {
      this.conn.destroy();
    } catch {
      // keep going: leaving matters more
    }
    storage.wipeAll();
    this.router.screen?.dispose?.();
    this.session.closeAll();
    this.session.rooms = null;
    this.directory.clear();
    this.region.clear();
    this.chrome.forget();
    clear(document.body);
    document.title = '';
    const exitUrl = this.exitUrl;
    leaveOurEntry(() => location.replace(exitUrl));
  }
}
