// The 47 prefectures, for the help directory's region choice, with no DOM. A region is its
// ISO 3166-2 code, `JP-01` (Hokkaido) to `JP-47` (Okinawa), in JIS X 0401 order; entries may
// also say just the two digits. The choice is kept on this device only (localStorage, through
// a port): a prefecture says nothing about who someone is, and it is never sent anywhere but
// as `?region=` to our own `/api/help`. "Nearest first": the prefecture's own windows, then
// the national lines, then its area's neighbours (same 地方), then everywhere else.

import { Text2 } from '../protocol';
import { Emitter } from './emitter';

export interface Region {
  code: string; // JP-13
  name: Text2;
  area: number; // 0 北海道, 1 東北, 2 関東, 3 中部, 4 近畿, 5 中国, 6 四国, 7 九州・沖縄
}

export const areaNames: Text2[] = [
  { ja: '北海道', en: 'Hokkaido' }, { ja: '東北', en: 'Tohoku' }, { ja: '関東', en: 'Kanto' },
  { ja: '中部', en: 'Chubu' }, { ja: '近畿', en: 'Kinki' }, { ja: '中国', en: 'Chugoku' },
  { ja: '四国', en: 'Shikoku' }, { ja: '九州・沖縄', en: 'Kyushu and Okinawa' },
];

const table: [string, string, number][] = [
  ['北海道', 'Hokkaido', 0],
  ['青森県', 'Aomori', 1],
  ['岩手県', 'Iwate', 1],
  ['宮城県', 'Miyagi', 1],
  ['秋田県', 'Akita', 1],
  ['山形県', 'Yamagata', 1],
  ['福島県', 'Fukushima', 1],
  ['茨城県', 'Ibaraki', 2],
  ['栃木県', 'Tochigi', 2],
  ['群馬県', 'Gunma', 2],
  ['埼玉県', 'Saitama', 2],
  ['千葉県', 'Chiba', 2],
  ['東京都', 'Tokyo', 2],
  ['神奈川県', 'Kanagawa', 2],
  ['新潟県', 'Niigata', 3],
  ['富山県', 'Toyama', 3],
  ['石川県', 'Ishikawa', 3],
  ['福井県', 'Fukui', 3],
  ['山梨県', 'Yamanashi', 3],
  ['長野県', 'Nagano', 3],
  ['岐阜県', 'Gifu', 3],
  ['静岡県', 'Shizuoka', 3],
  ['愛知県', 'Aichi', 3],
  ['三重県', 'Mie', 4],
  ['滋賀県', 'Shiga', 4],
  ['京都府', 'Kyoto', 4],
  ['大阪府', 'Osaka', 4],
  ['兵庫県', 'Hyogo', 4],
  ['奈良県', 'Nara', 4],
  ['和歌山県', 'Wakayama', 4],
  ['鳥取県', 'Tottori', 5],
  ['島根県', 'Shimane', 5],
  ['岡山県', 'Okayama', 5],
  ['広島県', 'Hiroshima', 5],
  ['山口県', 'Yamaguchi', 5],
  ['徳島県', 'Tokushima', 6],
  ['香川県', 'Kagawa', 6],
  ['愛媛県', 'Ehime', 6],
  ['高知県', 'Kochi', 6],
  ['福岡県', 'Fukuoka', 7],
  ['佐賀県', 'Saga', 7],
  ['長崎県', 'Nagasaki', 7],
  ['熊本県', 'Kumamoto', 7],
  ['大分県', 'Oita', 7],
  ['宮崎県', 'Miyazaki', 7],
  ['鹿児島県', 'Kagoshima', 7],
  ['沖縄県', 'Okinawa', 7],
];

export const regions: Region[] = table.map((r, i) => ({
  code: 'JP-' + (i < 9 ? '0' : '') + (i + 1), name: { ja: r[0], en: r[1] }, area: r[2],
}));

// `JP-13`, `jp-13` or `13` → `JP-13`; anything else → '' (no region: national).
export function normalizeRegion(v: unknown): string {
  if (typeof v !== 'string') return '';
  const m = /^(?:JP-)?(\d\d)$/i.exec(v.trim());
  if (!m) return '';
  const n = Number(m[1]);
  return n >= 1 && n <= 47 ? regions[n - 1].code : '';
}

export function regionByCode(code: string): Region | null {
  const c = normalizeRegion(code);
  return c ? regions[Number(c.slice(3)) - 1] : null;
}

export interface ByRegion<T> {
  local: T[]; // the chosen prefecture's own
  national: T[]; // no region: for everyone
  nearby: T[]; // the same area's other prefectures, in code order
  other: T[]; // everywhere else, in code order
}

// Splits entries by how near they are to the chosen region (none chosen: national, then
// every regional entry as `other`). Order within each part is kept (the server's order).
export function byRegion<T extends { region?: string }>(entries: readonly T[], chosen: string): ByRegion<T> {
  const out: ByRegion<T> = { local: [], national: [], nearby: [], other: [] };
  const me = regionByCode(chosen);
  const codeOf = (e: T) => normalizeRegion(e.region);
  for (const e of entries) {
    const c = codeOf(e);
    if (!c) out.national.push(e);
    else if (me && c === me.code) out.local.push(e);
    else if (me && regionByCode(c)?.area === me.area) out.nearby.push(e);
    else out.other.push(e);
  }
  const byCode = (a: T, b: T) => codeOf(a).localeCompare(codeOf(b));
  out.nearby.sort(byCode);
  out.other.sort(byCode);
  return out;
}

export interface RegionPort {
  load(): string | null;
  save(code: string | null): void;
}

// The person's choice: '' until they choose. Choosing "not chosen" removes what was kept.
export class RegionStore {
  readonly changes = new Emitter<string>();
  private current: string;

  constructor(private readonly port: RegionPort | null) {
    this.current = normalizeRegion(port?.load() ?? '');
  }

  get region(): string {
    return this.current;
  }

  set(code: string): void {
    const c = normalizeRegion(code);
    if (c === this.current) return;
    this.current = c;
    this.port?.save(c || null);
    this.changes.emit(c);
  }

  // Quick exit: forget it in memory too (storage is wiped by the app).
  clear(): void {
    this.current = '';
  }
}
