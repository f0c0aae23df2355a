// Issue 13, keyboard: the message list is one tab stop. Tab lands on the list, the arrow keys
// move between its lines (roving focus: each line is focusable from script only), Home / End
// go to the first / newest line, and Enter opens the focused line's "…" menu. The next Tab
// leaves the list for the composer, so it is reached in a few presses.

const lineSelector = ':scope > li.ev, :scope > li.note, :scope > li.new-since';

export function lines(log: HTMLElement): HTMLElement[] {
  return Array.from(log.querySelectorAll<HTMLElement>(lineSelector));
}

export function keyboardLog(wrap: HTMLElement, log: HTMLElement): void {
  wrap.addEventListener('keydown', (e: KeyboardEvent) => {
    const all = lines(log);
    if (all.length === 0) return;
    const target = e.target as HTMLElement;
    const at = all.indexOf(target);
    let next = -1;
    if (e.key === 'ArrowDown') next = at < 0 ? all.length - 1 : Math.min(all.length - 1, at + 1);
    else if (e.key === 'ArrowUp') next = at < 0 ? all.length - 1 : Math.max(0, at - 1);
    else if (e.key === 'Home' && (at >= 0 || target === wrap)) next = 0;
    else if (e.key === 'End' && (at >= 0 || target === wrap)) next = all.length - 1;
    else if ((e.key === 'Enter' || e.key === ' ') && at >= 0) {
      const more = target.querySelector<HTMLButtonElement>(':scope > .ev-more');
      if (more) {
        e.preventDefault();
        more.click();
      }
      return;
    }
    if (next < 0) return;
    e.preventDefault();
    all[next].focus();
    all[next].scrollIntoView({ block: 'nearest' });
  });
}
