// The stamps are drawn here rather than sent as emoji: an old phone may not have a glyph for
// every emoji (🫂 is recent), and the protocol leaves the picture to the client.

import { icon } from './dom';
import { StampKey } from './protocol';
import { Key } from './i18n';

export const paths = {
  like: 'M2.5 10.5h3.5v10h-3.5zM8 20.5h8.6a2.2 2.2 0 0 0 2.1-1.6l1.8-6.3a2 2 0 0 0-1.9-2.6h-4.9l.7-3.6a2.1 2.1 0 0 0-1.3-2.4l-.6-.3L8 10.2z',
  heart: 'M12 20.3c-5.1-3.4-8.7-6.6-8.7-10.5A4.4 4.4 0 0 1 12 7.3a4.4 4.4 0 0 1 8.7 2.5c0 3.9-3.6 7.1-8.7 10.5z',
  wave: 'M4 12c2-3 4-3 6 0s4 3 6 0 4-3 4-3M4 17c2-3 4-3 6 0s4 3 6 0 4-3 4-3',
  leaf: 'M5 19c0-8 5-13 15-14-1 10-6 15-14 15l-1-1zM5 19l7-7',
  more: 'M6 12a1.6 1.6 0 1 1-3.2 0 1.6 1.6 0 0 1 3.2 0zM13.6 12a1.6 1.6 0 1 1-3.2 0 1.6 1.6 0 0 1 3.2 0zM21.2 12a1.6 1.6 0 1 1-3.2 0 1.6 1.6 0 0 1 3.2 0z',
  phone: 'M6.6 3.5l2.6-.4 1.6 4.3-2 1.5a11 11 0 0 0 6.3 6.3l1.5-2 4.3 1.6-.4 2.6a2.2 2.2 0 0 1-2.3 1.8C10.5 18.8 5.2 13.5 4.8 5.8a2.2 2.2 0 0 1 1.8-2.3z',
  back: 'M15 5l-7 7 7 7',
  people: 'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2.5 20c.4-3.6 3-6 6.5-6s6.1 2.4 6.5 6zM16.5 11a3 3 0 1 0 0-6M18 14c2.2.6 3.4 2.7 3.6 6h-3',
};

export interface StampLook {
  key: StampKey;
  label: Key;
  glyph: 'like' | 'heart' | null;
}

export const stamps: Record<StampKey, StampLook> = {
  like: { key: 'like', label: 'stamp_like', glyph: 'like' },
  wakaru: { key: 'wakaru', label: 'stamp_wakaru', glyph: null },
  thanks: { key: 'thanks', label: 'stamp_thanks', glyph: null },
  hug: { key: 'hug', label: 'stamp_hug', glyph: 'heart' },
};

// Shapes drawn with a fill; the others are drawn with a stroke.
const filled = new Set<keyof typeof paths>(['like', 'heart', 'more', 'phone']);

export function glyph(name: keyof typeof paths, extra = ''): SVGSVGElement {
  return icon(paths[name], `icon ${filled.has(name) ? 'icon-fill' : 'icon-line'}${extra ? ' ' + extra : ''}`);
}
