// The demo's story, as data: two FICTIONAL brands and what the web says about their launches,
// hour by hour (hours are relative to both launches' start, negative = before it).
//
// 1. "Maya Lune" — a creator's slow-skincare brand — launches a £50 advent calendar. Day one is
//    friendly (and padded with near-duplicate generic 5-star reviews, plus an influencer pushing a
//    discount code with no #ad). From hour ~30 people unbox it: overpriced, plastic trinkets,
//    "has nothing to do with her brand". By hour 40 it is a backlash.
// 2. "Verde Skin" — inclusive, cruelty-free skincare — launches a 40-shade foundation that is
//    praised for matching its mission, with a properly disclosed #ad partnership.
//
// Texts are varied by combining parts, so honest reviews are not near-duplicates of each other;
// the fake ones are near-duplicates on purpose. English and Spanish throughout.
import { seededRandom as rng } from '../core/random.js';

export type DemoBrandKey = 'maya' | 'verde';
export type DemoChannel = 'feed' | 'review' | 'post';

export interface DemoItem {
  id: string;
  brand: DemoBrandKey;
  channel: DemoChannel;
  /** Hours since the launches' start when it is published (and released by the demo site). */
  h: number;
  lang: 'en' | 'es';
  title?: string;
  text: string;
  /** 1..5 for reviews. */
  rating?: number;
  author: string;
  handle?: string;
  followers?: number;
  likes?: number;
  comments?: number;
  verified?: boolean;
}


const FIRST_EN = ['Emma', 'Olivia', 'Sophie', 'Grace', 'Chloe', 'Amelia', 'Jess', 'Hannah', 'Priya', 'Zara', 'Leah', 'Megan', 'Ruby', 'Isla', 'Aisha', 'Holly'];
const FIRST_ES = ['Lucía', 'Carmen', 'Sofía', 'Marta', 'Paula', 'Elena', 'Andrea', 'Irene', 'Nerea', 'Alba', 'Claudia', 'Sara'];
const LAST = ['B.', 'K.', 'M.', 'R.', 'T.', 'S.', 'P.', 'L.', 'G.', 'H.'];

// ---- Maya Lune: the calendar -----------------------------------------------------------------

// Honest reviews are put together from independent parts (and a reviewer's own story, below),
// so two of them rarely share more than a phrase.
const CAL_POS_EN = [
  ['Opened the first three doors of the Lune calendar.', 'Day one of the Maya Lune advent calendar done.', 'Started the Lune countdown this morning.',
    'Five doors in and still smiling.', 'The Lune calendar arrived yesterday.', 'Finally opened my Maya Lune calendar.'],
  ['The lip balm is lovely.', 'The packaging is beautiful and looks great under the tree.', 'The candle smells amazing.', 'The moon design is so pretty.',
    'The little face oil feels gorgeous.', 'Such a calm little ritual every morning.'],
];
const CAL_POS_ES = [
  ['Ya abrí las tres primeras puertas del calendario de Maya Lune.', 'Primer día del calendario de adviento hecho.', 'Empecé la cuenta atrás esta mañana.',
    'Cinco puertas y sigo encantada.', 'El calendario llegó ayer.', 'Por fin abrí mi calendario de Maya Lune.'],
  ['El bálsamo labial me encanta.', 'La caja es preciosa.', 'La vela huele genial.', 'El diseño de la luna es muy bonito.',
    'El aceite facial es una maravilla.', 'Un ritual tranquilo cada mañana.'],
];
const CAL_NEG_EN_OPEN = [
  '£50 for this? Overpriced.', 'Really disappointed with the Lune advent calendar.', 'Fifty pounds for a box of stickers and sachets.',
  'Honestly a rip-off.', 'Returned mine today.', 'What a letdown.', 'Not worth the money at all.', 'Such a cash grab.',
];
const CAL_NEG_EN_WHY = [
  'Half the doors are sample sachets and keyrings.', 'It has nothing to do with her brand — she sells slow skincare, this is plastic trinkets.',
  'Nothing in it is from her own skincare line.', 'The "luxury" candle is tiny and the rest is cheap filler.',
  'Maya always talks about buying less and better, and then sells this.', 'Day 7 was a sticker. A sticker. For £50.',
  'Cheap plastic, no refills, so much waste for a brand that preaches low waste.', 'The value is terrible compared with any shop calendar.',
];
const CAL_NEG_EN_END = ['Won\'t buy from her again.', 'Feels like she just slapped her name on it.', 'Very disappointing.', 'Save your money.', 'Sending it back.', ''];
const CAL_NEG_ES = [
  ['Cincuenta libras por esto es un timo.', 'Muy decepcionante.', 'Carísimo para lo que trae.', 'Lo devuelvo.', 'Una decepción total.', 'No lo recomiendo.'],
  ['No tiene nada que ver con su marca.', 'La mitad son sobres de muestra y pegatinas.', 'Maya habla de consumo responsable y luego vende plástico barato.',
    'Nada que ver con su línea de cosmética natural.', 'Calidad pésima para lo que cuesta.', 'El día 7 era una pegatina, por cincuenta libras.'],
];
// Near-duplicate generic 5-star reviews from fresh accounts: a fake-review wave on day one.
const CAL_FAKE = [
  'Amazing calendar!!! Best gift ever, highly recommend, 5 stars!',
  'Amazing calendar!! Best gift ever. Highly recommend 5 stars',
  'Best gift ever, amazing calendar, highly recommend!!! 5 stars',
  'Amazing advent calendar! Best gift ever, highly recommended, five stars!',
];

// ---- Verde Skin: the inclusive shade range ----------------------------------------------------

const SHADE_POS_EN = [
  ['Finally a foundation that matches my deep skin tone without going grey.', 'Forty shades and they actually thought about olive undertones.',
    'My fair, pink-toned skin has a real match for once.', 'The shade finder was spot on.', 'Two very different shades for my mum and me, both perfect.',
    'The Every Shade foundation is brilliant.'],
  ['Love that Verde Skin kept it cruelty-free and vegan.', 'This range is what inclusive beauty should look like.', 'Light texture that lasts all day.',
    'So glad they listened.', 'It blends like a dream.', 'No more mixing two bottles.'],
];
const SHADE_POS_ES = [
  ['Por fin una base que coincide con mi tono de piel oscuro.', 'Cuarenta tonos y pensaron en los subtonos oliva.', 'El buscador de tonos acertó a la primera.',
    'Mi piel clara y rosada tiene por fin su tono.', 'La base Every Shade es genial.', 'Un tono distinto para mi madre y otro para mí, los dos perfectos.'],
  ['Me encanta que sea vegana y sin crueldad animal.', 'Una gama inclusiva de verdad, enhorabuena a Verde Skin.', 'La textura es ligera y dura todo el día.',
    'Se nota que escucharon.', 'Se difumina de maravilla.', 'Ya no tengo que mezclar dos botes.'],
];
const SHADE_MEH_EN = ['Sold out in my shade, hope they restock soon.', 'Good coverage but the pump is a bit stiff.'];
const SHADE_MEH_ES = ['Agotado en mi tono, espero que repongan pronto.', 'Cubre bien pero el dosificador está algo duro.'];

// An honest reviewer's own circumstances, appended to each honest review, so that two honest
// reviews starting from the same sentence still read as two people (the near-duplicate index
// rightly flags verbatim repeats). Free of aspect words, so the story's aspects stay as written.
const STORY_EN = [
  ['I got mine', 'We picked one up', 'My partner ordered one', 'I treated myself', 'I bought two', 'A friend sent me one', 'I grabbed one', 'I ordered one',
    'My husband surprised me with one', 'Our book club chose one', 'I finally caved and got one', 'My neighbour gave me one'],
  ['for my sister', 'for my flatmate', 'for my mum', 'for me alone', 'for my best friend', 'for my daughter', 'for a colleague', 'for my gran',
    'for my niece', 'for our office swap', 'for my godmother', 'for my climbing buddy'],
  ['after seeing it online', 'with a birthday voucher', 'in the Brighton shop', 'the week it came out', 'on a whim', 'after a long week', 'for our December tradition',
    'on my lunch break', 'during a rainy Sunday', 'straight after payday', 'while visiting Edinburgh', 'before my night shift'],
];
const STORY_ES = [
  ['Me compré uno', 'Cogimos uno', 'Mi pareja pidió uno', 'Me di un capricho', 'Compré dos', 'Una amiga me regaló uno', 'Pedí uno', 'Me llevé uno',
    'Mi marido me sorprendió con uno', 'Mi club de lectura eligió uno', 'Al final piqué y compré uno', 'Mi vecina me dio uno'],
  ['para mi hermana', 'para mi compañera de piso', 'para mi madre', 'para mí', 'para mi mejor amiga', 'para mi hija', 'para una compañera', 'para mi abuela',
    'para mi sobrina', 'para el amigo invisible', 'para mi madrina', 'para mi compañera de escalada'],
  ['después de verlo en redes', 'con un vale de cumpleaños', 'en la tienda de Valencia', 'la semana que salió', 'por impulso', 'tras una semana larga',
    'por tradición en diciembre', 'en la pausa de la comida', 'un domingo lluvioso', 'justo después de cobrar', 'de visita en Bilbao', 'antes del turno de noche'],
];
// How each reviewer lives with the product, per product and language (the story's last part).
const LIVES_WITH: Record<'calendar' | 'foundation', Record<'en' | 'es', string[]>> = {
  calendar: {
    en: ['and we open it together at breakfast', 'and it sits on the shelf by the window', 'and my cat keeps pawing at it', 'and the kids count down with it',
      'and it lives next to my bed', 'and we take turns with the doors', 'and it stands on the kitchen windowsill', 'and I open it before my morning run',
      'and my dog sniffs every door', 'and we film each opening for grandad', 'and it glows under the fairy lights', 'and I hide it from my nephew'],
    es: ['y lo abrimos juntas en el desayuno', 'y está en la estantería junto a la ventana', 'y mi gato no deja de tocarlo', 'y los niños cuentan los días con él',
      'y lo tengo en la mesilla', 'y nos turnamos para abrir las puertas', 'y está en la ventana de la cocina', 'y lo abro antes de salir a correr',
      'y mi perro olfatea cada puerta', 'y grabamos cada apertura para el abuelo', 'y brilla bajo las luces del árbol', 'y lo escondo de mi sobrino'],
  },
  foundation: {
    en: ['and I wear it to work every day', 'and it survived a long wedding day', 'and my partner borrows it', 'and it lives in my gym bag',
      'and it travelled with me to Lisbon', 'and I wore it to my graduation', 'and my passport photo finally looks like me', 'and I use it for stage make-up',
      'and my sister uses it too', 'and I keep a spare in my desk', 'and it held up at a festival', 'and I wore it for a video interview'],
    es: ['y la llevo al trabajo cada día', 'y aguantó una boda entera', 'y mi pareja me la coge', 'y vive en mi bolsa del gimnasio',
      'y viajó conmigo a Lisboa', 'y la llevé en mi graduación', 'y por fin salgo yo en la foto del pasaporte', 'y la uso para maquillaje de teatro',
      'y mi hermana también la usa', 'y tengo otra en el cajón de la oficina', 'y aguantó todo un festival', 'y la llevé en una entrevista por vídeo'],
  },
};

/** One phrase from each list, in order. */
function compose(r: () => number, parts: readonly (readonly string[])[]): string {
  return parts.map((list) => list[Math.floor(r() * list.length)]!).join(' ');
}

const TOWNS_EN = ['Leeds', 'Bristol', 'Norwich', 'Cardiff', 'York', 'Derby', 'Bath', 'Hull', 'Exeter', 'Dundee', 'Oxford', 'Belfast', 'Chester', 'Durham', 'Ipswich', 'Truro'];
const TOWNS_ES = ['Sevilla', 'Bilbao', 'Málaga', 'Zaragoza', 'Valencia', 'Granada', 'Vigo', 'Gijón', 'Cádiz', 'Murcia', 'León', 'Burgos', 'Toledo', 'Oviedo', 'Huesca', 'Lugo'];

/** A reviewer's story and sign-off ("(Emma, Leeds)"): names are words no other review shares. */
function story(r: () => number, lang: 'en' | 'es', product: 'calendar' | 'foundation'): string {
  const who = pick(r, lang === 'es' ? FIRST_ES : FIRST_EN);
  const lives = pick(r, LIVES_WITH[product][lang]);
  return `${compose(r, lang === 'es' ? STORY_ES : STORY_EN)} ${lives}. (${who}, ${pick(r, lang === 'es' ? TOWNS_ES : TOWNS_EN)})`;
}

function person(r: () => number, lang: 'en' | 'es'): string {
  const first = lang === 'es' ? FIRST_ES : FIRST_EN;
  return `${first[Math.floor(r() * first.length)]} ${LAST[Math.floor(r() * LAST.length)]}`;
}
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

/** Hours [from, to) with `perHour(h)` items each, spread over the hour. */
function spread(from: number, to: number, perHour: (h: number) => number, make: (h: number, i: number) => DemoItem | null): DemoItem[] {
  const out: DemoItem[] = [];
  let i = 0;
  for (let h = from; h < to; h++) {
    const n = perHour(h);
    const whole = Math.floor(n);
    const count = whole + (n - whole > 0 && (h * 7919) % 100 < (n - whole) * 100 ? 1 : 0);
    for (let k = 0; k < count; k++) {
      const item = make(h + (k + 0.5) / Math.max(count, 1), i++);
      if (item) out.push(item);
    }
  }
  return out;
}

export function demoItems(): DemoItem[] {
  const r = rng(20261129);
  const items: DemoItem[] = [];

  // Brand chatter (feed): before the launch, both brands are liked; afterwards Maya's turns.
  // Each item quotes a (fictional) reader, so no two items read the same.
  const OUTLETS = ['Beauty Desk', 'Glow Weekly', 'The Skin Edit', 'Revista Belleza', 'Piel y Rutina', 'Creator Beat'];
  const quote = (lang: 'en' | 'es', good: boolean) => {
    const who = person(r, lang);
    const years = 1 + Math.floor(r() * 6);
    if (lang === 'es') return good ? `"Me ayuda a cuidarme sin complicaciones", dice ${who}, seguidora desde hace ${years} años.` : `"Me siento engañada", dice ${who}, seguidora desde hace ${years} años.`;
    return good ? `"It is the calmest part of my day," says ${who}, a follower for ${years} years.` : `"I feel let down," says ${who}, who has followed her for ${years} years.`;
  };
  items.push(...spread(-96, 48, (h) => (h < 30 ? 0.34 : h < 40 ? 0.5 : 1), (h, i) => {
    const bad = h >= 34;
    const es = r() < 0.3;
    const head = bad
      ? (es ? pick(r, ['La polémica del calendario de Maya Lune: sus seguidoras lo llaman un timo de 50 libras.', 'Críticas a Maya Lune: el calendario no tiene nada que ver con su marca.', 'Decepción con el calendario de adviento de Maya Lune.'])
        : pick(r, ['Fans slam Maya Lune\'s £50 advent calendar as overpriced and off-brand.', 'Maya Lune criticised: followers say the calendar has nothing to do with her brand.',
          'Is the Maya Lune advent calendar worth £50? Readers say no.', 'Backlash grows over Maya Lune\'s calendar of stickers and sachets.', 'Disappointed fans return Maya Lune\'s advent calendar.']))
      : (es ? pick(r, ['La rutina de noche de Maya Lune, tranquila y natural, encanta a sus seguidoras.', 'Maya Lune recomienda menos productos y mejores.', 'Maya Lune responde preguntas sobre su cosmética natural.'])
        : pick(r, ['Maya Lune\'s slow evening skincare routine is a calm corner of the internet.', 'Maya Lune on buying fewer, better products.',
          'Maya Lune answers questions about her natural skincare line.', 'Why Maya Lune\'s community loves her honest reviews.', 'Maya Lune shares her low-waste bathroom shelf.']));
    const lang = es ? 'es' : 'en';
    return { id: `maya-feed-${i}`, brand: 'maya', channel: 'feed', h, lang, title: head, text: `${head} ${quote(lang, !bad)}`, author: pick(r, OUTLETS) };
  }));
  items.push(...spread(-96, 48, () => 0.3, (h, i) => {
    const es = r() < 0.3;
    const head = es ? pick(r, ['Verde Skin amplía su gama inclusiva: cuarenta tonos de base vegana.', 'Verde Skin, cosmética sin crueldad animal para todos los tonos.', 'Las lectoras adoran la gama de tonos de Verde Skin.'])
      : pick(r, ['Verde Skin\'s new range covers forty shades, from the fairest to the deepest skin tones.', 'Verde Skin stays cruelty-free and vegan as it grows.',
        'Readers love Verde Skin\'s inclusive shade range.', 'Verde Skin\'s shade finder makes buying foundation online easier.']);
    const lang = es ? 'es' : 'en';
    return { id: `verde-feed-${i}`, brand: 'verde', channel: 'feed', h, lang, title: head, text: `${head} ${es ? `"Por fin me veo representada", dice ${person(r, 'es')}.` : `"Finally a brand that sees me," says ${person(r, 'en')}.`}`, author: pick(r, OUTLETS) };
  }));

  // Calendar reviews: friendly, then sour. The fake wave lands in hours 2–8.
  items.push(...spread(0, 48, (h) => (h < 24 ? 1 : h < 32 ? 1.5 : h < 38 ? 3 : h < 42 ? 6 : 10), (h, i) => {
    const sour = h >= 24 && r() < (h < 32 ? 0.5 : h < 38 ? 0.75 : 0.92);
    const es = r() < 0.25;
    if (!sour) {
      return { id: `cal-rev-${i}`, brand: 'maya', channel: 'review', h, lang: es ? 'es' : 'en', text: `${compose(r, es ? CAL_POS_ES : CAL_POS_EN)} ${story(r, es ? 'es' : 'en', 'calendar')}`,
        rating: r() < 0.7 ? 5 : 4, author: person(r, es ? 'es' : 'en'), verified: true };
    }
    const text = `${es ? compose(r, CAL_NEG_ES) : [pick(r, CAL_NEG_EN_OPEN), pick(r, CAL_NEG_EN_WHY), pick(r, CAL_NEG_EN_END)].filter(Boolean).join(' ')} ${story(r, es ? 'es' : 'en', 'calendar')}`;
    return { id: `cal-rev-${i}`, brand: 'maya', channel: 'review', h, lang: es ? 'es' : 'en', title: es ? 'Decepcionante' : pick(r, ['Overpriced', 'Disappointed', 'Not worth £50', 'Off-brand']),
      text, rating: r() < 0.7 ? 1 : 2, author: person(r, es ? 'es' : 'en'), verified: r() < 0.8 };
  }));
  CAL_FAKE.concat(CAL_FAKE.slice(0, 2)).forEach((text, i) => items.push({
    id: `cal-fake-${i}`, brand: 'maya', channel: 'review', h: 2 + i, lang: 'en', title: 'Amazing!!!', text, rating: 5,
    author: `user${48213 + i * 7}`, verified: false,
  }));

  // Shade range reviews: praise, a couple of restock complaints.
  items.push(...spread(0, 48, (h) => (h < 12 ? 1.5 : 1), (h, i) => {
    const es = r() < 0.3;
    const meh = r() < 0.12;
    const lang = meh ? (r() < 0.3 ? 'es' : 'en') : es ? 'es' : 'en';
    const base = meh ? pick(r, lang === 'es' ? SHADE_MEH_ES : SHADE_MEH_EN) : compose(r, es ? SHADE_POS_ES : SHADE_POS_EN);
    return { id: `shade-rev-${i}`, brand: 'verde', channel: 'review', h, lang, text: `${base} ${story(r, lang, 'foundation')}`,
      rating: meh ? 3 : r() < 0.8 ? 5 : 4, author: person(r, lang), verified: true };
  }));

  // Influencer posts (captions as written, hashtags and links intact).
  items.push(
    { id: 'post-maya-1', brand: 'maya', channel: 'post', h: 1, lang: 'en', author: 'Tia Glow', handle: '@tiaglow', followers: 182000, likes: 9400, comments: 312,
      text: 'Obsessed with the new @mayalune advent calendar 🌙✨ 24 little rituals for December! Use my code TIA15 for 15% off, link in bio 💫 #beauty #adventcalendar #giftideas' },
    { id: 'post-maya-2', brand: 'maya', channel: 'post', h: 18, lang: 'es', author: 'Nuria Bella', handle: '@nuriabella', followers: 64000, likes: 2100, comments: 95,
      text: '¡Ya tengo el calendario de @mayalune! Qué ganas de abrir la primera puerta 🌙 Código NURIA10 para un 10% de descuento #calendariodeadviento #belleza' },
    { id: 'post-maya-3', brand: 'maya', channel: 'post', h: 33, lang: 'en', author: 'Honest Hannah', handle: '@honesthannah', followers: 241000, likes: 18800, comments: 2430,
      text: 'Unboxed the £50 Maya Lune calendar so you don\'t have to. 9 of 24 doors are sachets or stickers, nothing from her own skincare line. This has nothing to do with her brand and I\'m honestly disappointed. Full video on my channel.' },
    { id: 'post-maya-4', brand: 'maya', channel: 'post', h: 44, lang: 'en', author: 'Skin Truths', handle: '@skintruths', followers: 97000, likes: 7600, comments: 880,
      text: 'A "slow beauty" creator selling a £50 box of plastic trinkets? Overpriced, wasteful and totally off-brand. Returned mine. #mayalune #adventcalendar' },
    { id: 'post-verde-1', brand: 'verde', channel: 'post', h: 3, lang: 'en', author: 'Dami Beauty', handle: '@damibeauty', followers: 128000, likes: 11200, comments: 540,
      text: '#ad Verde Skin sent me the Every Shade foundation and for once there is a true match for my deep skin. Cruelty-free, vegan, forty shades. Swatches below!' },
    { id: 'post-verde-2', brand: 'verde', channel: 'post', h: 26, lang: 'es', author: 'Paula Tonos', handle: '@paulatonos', followers: 45000, likes: 3900, comments: 210,
      text: 'Publicidad | He probado la base Every Shade de @verdeskin: por fin un tono oliva que no queda gris. Vegana y sin crueldad animal 💚' },
  );
  return items.sort((a, b) => a.h - b.h || a.id.localeCompare(b.id));
}

/** Fictional brands and launches (validated by the API when the demo creates them). */
export const DEMO_BRANDS = {
  maya: {
    name: 'Maya Lune',
    mission: 'Slow, natural skincare rituals from creator Maya Lune: fewer, better products, low waste and honest advice for her community.',
    values: ['slow beauty', 'low waste', 'honesty', 'natural ingredients'],
    claims: ['natural ingredients', 'low waste', 'cruelty-free'],
    forbiddenClaims: ['cures acne'],
    keywords: ['maya lune', 'mayalune', 'lune calendar'],
    handles: ['@mayalune'],
    competitors: ['Verde Skin'],
    languages: ['en', 'es'],
  },
  verde: {
    name: 'Verde Skin',
    mission: 'Inclusive, cruelty-free and vegan skincare and make-up for every skin tone.',
    values: ['inclusive', 'cruelty-free', 'vegan', 'every skin tone'],
    claims: ['cruelty-free', 'vegan', 'inclusive shade range'],
    forbiddenClaims: ['whitening'],
    keywords: ['verde skin', 'verdeskin', 'every shade'],
    handles: ['@verdeskin'],
    competitors: ['Maya Lune'],
    languages: ['en', 'es'],
  },
} as const;

export const DEMO_LAUNCHES = {
  maya: { name: 'Lune Advent Calendar', type: 'launch', products: ['Lune Advent Calendar 2026'], keywords: ['advent calendar', 'lune calendar'], price: '£50', promises: ['24 slow-beauty rituals', 'products from the Maya Lune line'] },
  verde: { name: 'Every Shade Foundation', type: 'launch', products: ['Every Shade Foundation (40 shades)'], keywords: ['every shade', 'foundation'], price: '£24', promises: ['40 shades for every skin tone', 'vegan and cruelty-free'] },
} as const;
