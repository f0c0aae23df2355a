// What every staff screen gets: the app (stores, router), the staff stores and the dialog host.

import { AppContext } from '../app-context';
import { Emitter } from '../state/emitter';
import { Outcome } from '../state/requests';
import { StaffActions } from './state/actions';
import { StaffQueues } from './state/queues';
import { StaffSession } from './state/staff-session';

// One confirm-with-a-reason dialog at a time (every action asks for a reason, calmly).
export type DialogKind = 'reason' | 'remind' | 'mute' | 'remove' | 'ban' | 'pin' | 'slow';
export interface DialogSpec {
  kind: DialogKind;
  title: string;
  initialSeconds?: number;
  run(v: { reason: string; note: string; minutes: number; hours: number; template: string; text: string; seconds: number }): Promise<Outcome>;
}

export class DialogHost {
  readonly changes = new Emitter<void>();
  spec: DialogSpec | null = null;
  private opener: HTMLElement | null = null;

  open(spec: DialogSpec): void {
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

export interface StaffContext {
  app: AppContext;
  staff: StaffSession;
  queues: StaffQueues;
  actions: StaffActions;
  dialogs: DialogHost;
  go(name: 'staff' | 'staff-room' | 'staff-thread', params?: Record<string, string>): void;
}
