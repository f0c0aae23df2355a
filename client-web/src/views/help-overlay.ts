// Help is one tap away on every screen: it covers <main> (which stays as it was, draft and
// all) and goes back to it on close. The directory may arrive while help is open.

import { clear } from '../dom';
import { DirectoryStore } from '../state/help-directory';
import { RegionStore } from '../state/regions';
import { helpScreen } from './help-screen';

export class HelpOverlay {
  private shown = false;

  constructor(
    private readonly main: HTMLElement,
    private readonly el: HTMLElement,
    private readonly button: HTMLButtonElement,
    private readonly directory: DirectoryStore,
    private readonly region: RegionStore | null = null,
  ) {
    button.addEventListener('click', () => (this.shown ? this.close() : this.open()));
    button.hidden = false;
    // The directory arrives after the first paint: put it in place without moving focus away.
    directory.changes.on(() => {
      if (!this.shown) return;
      const hadFocus = this.el.contains(document.activeElement);
      const onRegion = (document.activeElement as HTMLElement | null)?.classList.contains('region-select');
      this.render();
      if (onRegion) (this.el.querySelector('select.region-select') as HTMLElement | null)?.focus();
      else if (hadFocus) (this.el.querySelector('h1') as HTMLElement | null)?.focus();
    });
  }

  get isOpen(): boolean {
    return this.shown;
  }

  open(): void {
    this.shown = true;
    if (!this.directory.directory) this.directory.fetch();
    this.render();
    this.main.hidden = true;
    this.el.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    window.scrollTo(0, 0);
    (this.el.querySelector('h1') as HTMLElement | null)?.focus();
  }

  close(): void {
    this.shown = false;
    this.el.hidden = true;
    clear(this.el);
    this.main.hidden = false;
    this.button.setAttribute('aria-expanded', 'false');
    this.button.focus();
  }

  // Drawn again in the new language, when open.
  refresh(): void {
    if (this.shown) this.render();
  }

  private render(): void {
    clear(this.el);
    this.el.appendChild(helpScreen({
      directory: this.directory.directory,
      failed: this.directory.failed,
      retry: () => this.directory.fetch(),
      close: () => this.close(),
      region: this.region?.region ?? '',
      chooseRegion: this.region ? (code) => this.chooseRegion(code) : undefined,
    }));
  }

  // The region choice (issue 14): kept on the device, the directory asked again for it. Focus
  // stays on the choice while the list below is redrawn.
  private chooseRegion(code: string): void {
    if (!this.region) return;
    this.region.set(code);
    this.directory.region = this.region.region;
    this.render();
    (this.el.querySelector('select.region-select') as HTMLElement | null)?.focus();
    this.directory.fetch();
  }
}
