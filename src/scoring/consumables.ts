// What a brand sells that is used up (cream, shampoo, coffee, chips): the container such goods
// come in is their packaging, even in a review, where a box, a lid or a pump is otherwise often
// the product itself (aspects.ts). Words are accent-folded and lower-case, as trigger keys are.
import type { Brand } from '../core/types.js';
import { lastKeyMemo } from './last-memo.js';
import { fold } from './tokens.js';

/** Goods used up from their container, EN + ES: "the pump on my CeraVe lotion stopped working". */
export const CONSUMABLES: ReadonlySet<string> = new Set([
  'cream', 'creams', 'lotion', 'serum', 'shampoo', 'conditioner', 'soap', 'gel', 'perfume', 'cologne', 'fragrance', 'moisturizer', 'moisturiser',
  'sunscreen', 'toothpaste', 'deodorant', 'makeup', 'foundation', 'mascara', 'lipstick', 'balm', 'oil', 'sauce', 'ketchup', 'mayo', 'mustard',
  'coffee', 'tea', 'chips', 'crisps', 'snacks', 'cereal', 'cookies', 'candy', 'chocolate', 'chocolates', 'yogurt', 'yogurts', 'yoghurt', 'milk',
  'juice', 'wine', 'beer', 'soda', 'pods', 'capsules', 'pills', 'vitamins', 'supplement', 'supplements', 'protein', 'powder', 'detergent',
  'cleaner', 'spray', 'polish', 'glue', 'paint', 'food', 'treats', 'spices', 'honey', 'butter', 'salsa', 'dough',
  'crema', 'cremas', 'locion', 'champu', 'acondicionador', 'jabon', 'colonia', 'fragancia', 'hidratante', 'desodorante', 'maquillaje',
  'rimel', 'labial', 'pintalabios', 'balsamo', 'aceite', 'mayonesa', 'cafe', 'patatas', 'papas', 'galletas', 'cereales', 'yogur', 'leche',
  'zumo', 'jugo', 'vino', 'cerveza', 'refresco', 'capsulas', 'pastillas', 'vitaminas', 'suplemento', 'proteina', 'polvo', 'detergente',
  'limpiador', 'pintura', 'comida', 'especias', 'miel', 'mantequilla', 'salsita', 'salsitas',
]);

// Words of a brand profile that say its goods are used up (besides CONSUMABLES themselves).
const CATEGORIES = new Set([
  'skincare', 'skin', 'beauty', 'cosmetics', 'cosmetic', 'make-up', 'haircare', 'bodycare', 'fragrances', 'perfumes', 'grocery', 'groceries',
  'foods', 'drink', 'drinks', 'beverage', 'beverages', 'snack', 'nutrition', 'bakery', 'coffees', 'teas', 'cleaning', 'household', 'sauces',
  'cosmetica', 'belleza', 'piel', 'alimentacion', 'alimentos', 'bebida', 'bebidas', 'aperitivos', 'limpieza', 'perfumeria', 'maquillajes',
]);

/**
 * Whether a brand's profile (mission, values, claims, keywords) names goods that are used up, so
 * its reviews' container words are packaging. Kept per brand object.
 */
export const brandSellsConsumables = lastKeyMemo((brand: Brand): boolean => {
  // A profile read from a user's file may lack fields or hold the wrong types: only strings count.
  const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
  const text = [brand.mission, ...list(brand.values), ...list(brand.claims), ...list(brand.keywords)].filter((x) => typeof x === 'string').join(' ');
  const named = (w: string) => CONSUMABLES.has(w) || CATEGORIES.has(w);
  for (const w of fold(text.toLowerCase()).split(/[^\p{L}-]+/u)) if (named(w) || (w.includes('-') && w.split('-').some(named))) return true;
  return false;
});
