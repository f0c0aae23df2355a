// Gentle nickname suggestions: soft everyday words that say nothing about the person.

const ja = [
  'くも', 'そら', 'こもれび', 'しずく', 'ほたる', 'つきあかり', 'ほし', 'かぜ', 'こけ', 'どんぐり',
  'ゆき', 'あまおと', 'なぎ', 'みずうみ', 'こいし', 'わたげ', 'ふくろう', 'ひだまり', 'あさつゆ',
  'もみじ', 'すずめ', 'くらげ', 'のはら', 'みかん', 'ひつじ', 'ささぶね', 'まつぼっくり', 'ゆうやけ',
  'おちば', 'さざなみ', 'たんぽぽ', 'こだま', 'ゆげ', 'ほおずき', 'あじさい', 'つくし',
];

const en = [
  'Cloud', 'Moss', 'Pebble', 'Willow', 'Firefly', 'Drizzle', 'Acorn', 'Lantern', 'Meadow', 'Otter',
  'Sparrow', 'Clover', 'Breeze', 'Dewdrop', 'Fern', 'Maple', 'Owl', 'Puddle', 'Sprout', 'Comet',
  'Seashell', 'Teacup', 'Thistle', 'Pinecone', 'Dandelion', 'Harbor', 'Snowdrop', 'Ember', 'Ripple',
];

export function suggestNick(lang: 'ja' | 'en', avoid?: string): string {
  const list = lang === 'ja' ? ja : en;
  for (let i = 0; i < 5; i++) {
    const word = list[Math.floor(Math.random() * list.length)];
    if (word !== avoid) return word;
  }
  return list[0];
}
