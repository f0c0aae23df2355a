// The page's entry point: starts the app once the document is ready, with the keyboard
// shortcut for quick exit (Escape three times in a row).

import { App } from './app';

function start(): void {
  const app = new App();
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
