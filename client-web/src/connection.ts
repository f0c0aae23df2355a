// One WebSocket to /ws that survives train tunnels: it says hello (with the resume token when
// it has one), notices when the network goes and comes back, reconnects with jittered backoff,
// follows the close codes of docs/protocol.md, and checks that a quiet socket is still alive.

import { ClosePlan, planForClose, ServerMessage, splitFrame, Welcome } from './protocol';

export type ConnState =
  | 'idle' // not started yet
  | 'connecting' // socket opening or hello sent, no welcome yet
  | 'ready' // welcome received: requests may be sent
  | 'waiting' // lost; a reconnect is scheduled
  | 'offline' // the browser says it is offline; waiting for it to come back
  | 'stopped'; // the server told us not to reconnect (4004, 4009), or quick exit

export interface ConnectionEvents {
  ready(resumed: boolean, welcome: Welcome): void; // the welcome carries the role (issue 11)
  message(msg: ServerMessage): void;
  state(state: ConnState): void;
  stopped(reason: 'replaced' | 'removed'): void;
}

export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
  // A supporter's bearer token, sent with hello as `staff` (issue 11); absent for participants.
  staff?(): string | null;
}

const openTimeoutMs = 10000;
// The server pings a silent socket, but browsers hide pings from scripts. After this much
// silence we ask for something small (the room list) and expect an answer quickly.
const quietMs = 25000;
const probeTimeoutMs = 8000;
const tickMs = 4000;

export class Connection {
  private ws: WebSocket | null = null;
  private current: ConnState = 'idle';
  private attempt = 0;
  private slowBackoff = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private openTimer: ReturnType<typeof setTimeout> | undefined;
  private tick: ReturnType<typeof setInterval> | undefined;
  private lastRx = 0;
  private probeSentAt = 0;

  constructor(
    private readonly url: string,
    private readonly tokens: TokenStore,
    private readonly events: ConnectionEvents,
  ) {
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  get state(): ConnState {
    return this.current;
  }

  get isReady(): boolean {
    return this.current === 'ready' && this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  // Starts (or, after a stop such as 4004, restarts) connecting. Harmless when already going.
  start(): void {
    if (this.current === 'idle' || this.current === 'stopped') {
      this.attempt = 0;
      this.connect();
    }
  }

  // Says hello again on a new socket (a supporter signed in or out: the role comes with hello).
  restart(): void {
    if (this.current === 'idle') return;
    this.attempt = 0;
    this.connect();
  }

  send(msg: object): boolean {
    if (!this.isReady || !this.ws) return false;
    try {
      this.ws.send(JSON.stringify(msg));
      return true;
    } catch {
      return false;
    }
  }

  // Quick exit: no socket, no timers, no listeners, no way back.
  destroy(): void {
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.clearTimers();
    this.drop();
    this.current = 'stopped';
  }

  private setState(s: ConnState): void {
    if (this.current === s) return;
    this.current = s;
    this.events.state(s);
  }

  private clearTimers(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    if (this.openTimer !== undefined) clearTimeout(this.openTimer);
    if (this.tick !== undefined) clearInterval(this.tick);
    this.retryTimer = this.openTimer = this.tick = undefined;
  }

  // Forgets the socket without letting its late events reach us, then closes it.
  private drop(): void {
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close(1000);
    } catch {
      // already closing
    }
  }

  private connect(): void {
    this.clearTimers();
    this.drop();
    if (navigator.onLine === false) {
      this.setState('offline');
      // Some browsers are slow to say they are back: try again now and then anyway.
      this.retryTimer = setTimeout(() => this.connect(), 15000);
      return;
    }
    this.setState('connecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.scheduleBackoff();
      return;
    }
    this.ws = ws;
    this.openTimer = setTimeout(() => {
      if (this.ws === ws && this.current === 'connecting') {
        this.drop();
        this.scheduleBackoff();
      }
    }, openTimeoutMs);
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.lastRx = Date.now();
      this.sayHello(ws);
    };
    ws.onmessage = (e: MessageEvent) => {
      if (this.ws !== ws) return;
      this.lastRx = Date.now();
      this.probeSentAt = 0;
      if (typeof e.data !== 'string') return;
      for (const msg of splitFrame(e.data)) this.handle(ws, msg);
    };
    ws.onclose = (e: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearTimers();
      this.follow(planForClose(e.code), e.code);
    };
    ws.onerror = () => {
      // A close event always follows; it decides what to do.
    };
  }

  private sayHello(ws: WebSocket): void {
    const token = this.tokens.get();
    const hello: Record<string, unknown> = token ? { type: 'hello', v: 1, resume: token } : { type: 'hello', v: 1 };
    const staff = this.tokens.staff?.();
    if (staff) hello.staff = staff;
    ws.send(JSON.stringify(hello));
  }

  private handle(ws: WebSocket, msg: ServerMessage): void {
    if (msg.type === 'welcome') {
      if (this.openTimer !== undefined) clearTimeout(this.openTimer);
      this.openTimer = undefined;
      this.tokens.set(msg.session);
      this.attempt = 0;
      this.slowBackoff = false;
      this.setState('ready');
      this.startTick();
      this.events.ready(msg.resumed === true, msg);
      return;
    }
    if (msg.type === 'error' && msg.code === 'bad_token' && this.current === 'connecting') {
      // The stored token is malformed: forget it and start a fresh session on this socket.
      this.tokens.set(null);
      this.sayHello(ws);
      return;
    }
    this.events.message(msg);
  }

  private follow(plan: ClosePlan, code: number): void {
    if (plan.kind === 'stop') {
      this.setState('stopped');
      this.events.stopped(plan.reason);
      return;
    }
    if (navigator.onLine === false) {
      this.connect(); // goes to 'offline' and waits
      return;
    }
    if (plan.kind === 'retry') {
      this.setState('waiting');
      this.retryTimer = setTimeout(() => this.connect(), plan.delayMs);
      return;
    }
    if (code === 4005) this.slowBackoff = true;
    this.scheduleBackoff();
  }

  // Exponential backoff with jitter: 0.5 s, 1 s, 2 s ... up to 30 s (overload: 1 s ... 60 s).
  private scheduleBackoff(): void {
    this.setState('waiting');
    const base = this.slowBackoff ? 1000 : 500;
    const cap = this.slowBackoff ? 60000 : 30000;
    const ceiling = Math.min(cap, base * Math.pow(2, this.attempt));
    this.attempt = Math.min(this.attempt + 1, 16);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private startTick(): void {
    if (this.tick !== undefined) clearInterval(this.tick);
    this.tick = setInterval(() => this.checkAlive(), tickMs);
  }

  private checkAlive(): void {
    if (this.current !== 'ready') return;
    const now = Date.now();
    if (this.probeSentAt !== 0) {
      if (now - this.probeSentAt > probeTimeoutMs) {
        // Nothing came back: the socket is dead even if the browser has not noticed.
        this.probeSentAt = 0;
        this.drop();
        this.clearTimers();
        this.attempt = 0;
        this.scheduleBackoff();
      }
      return;
    }
    if (now - this.lastRx > quietMs) this.probe();
  }

  private probe(): void {
    if (this.send({ type: 'rooms' })) this.probeSentAt = Date.now();
  }

  private readonly onOffline = (): void => {
    if (this.current === 'stopped' || this.current === 'idle') return;
    // Close at once: the old socket may never tell us it died, and anything it still
    // delivered would be replayed through resume anyway.
    this.clearTimers();
    this.drop();
    this.setState('offline');
  };

  private readonly onOnline = (): void => {
    if (this.current === 'offline' || this.current === 'waiting') {
      this.clearTimers();
      this.attempt = 0;
      this.setState('waiting');
      this.retryTimer = setTimeout(() => this.connect(), Math.random() * 400);
    }
  };

  private readonly onVisibility = (): void => {
    if (document.visibilityState !== 'visible') return;
    // A phone may have frozen the page for a long time: check the socket right away.
    if (this.current === 'ready' && Date.now() - this.lastRx > 5000 && this.probeSentAt === 0) {
      this.probe();
    } else if (this.current === 'waiting') {
      this.attempt = 0;
      this.connect();
    }
  };
}
