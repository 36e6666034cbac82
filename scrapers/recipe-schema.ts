// What a user may write in a source definition, validated with zod when the source is saved (API)
// or run (CLI). Errors are ValidationError with issues whose path points at the bad field,
// e.g. { path: 'recipe.fields.rating', message: 'invalid CSS selector: …' }.
import * as cheerio from 'cheerio';
import { z } from 'zod';
import { ValidationError } from '../src/core/errors.js';
import { MENTION_KINDS, SOURCE_KINDS, type MentionKind, type SourceKind } from '../src/core/types.js';

export const JSON_APIS = ['appstore', 'reddit', 'hn', 'mastodon'] as const;
export type JsonApi = (typeof JSON_APIS)[number];

const probe = cheerio.load('<p></p>');
const selector = z
  .string()
  .trim()
  .min(1, 'empty selector')
  .superRefine((s, ctx) => {
    try {
      probe(s);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `invalid CSS selector: ${(err as Error).message}` });
    }
  });

const regex = z.string().superRefine((s, ctx) => {
  try {
    new RegExp(s);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
  }
});

/** A field: a CSS selector (inside the item), or the detailed form. */
const fieldSpec = z.union([
  selector,
  z.strictObject({
    /** Inside the item; omitted = the item element itself. */
    selector: selector.optional(),
    /** Read this attribute instead of the text (e.g. "href", "datetime", "data-rating"). */
    attr: z.string().min(1).optional(),
    /** Keep the first capture group (or the whole match) of this regular expression. */
    regex: regex.optional(),
    /** Count the matching elements (e.g. filled stars) instead of reading them. */
    count: z.boolean().optional(),
    /** Keep the markup's links as URLs (captions); default true for caption. */
    keepLinks: z.boolean().optional(),
  }),
]);
export type FieldSpec = z.infer<typeof fieldSpec>;

const FIELD_NAMES = ['text', 'title', 'author', 'handle', 'followers', 'authorReviews', 'date', 'rating', 'link', 'id', 'likes', 'comments', 'shares', 'views', 'caption', 'lang', 'verified'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

const DATE_TOKENS = /^(YYYY|YY|MMMM|MMM|MM|M|DD|D|HH|H|hh|h|mm|ss|A|a|Z|[^A-Za-z]|T)+$/;
const dateFormat = z.string().min(1).regex(DATE_TOKENS, 'unknown date token: use YYYY YY MMMM MMM MM M DD D HH H hh h mm ss A Z and punctuation');

const fields = z
  .strictObject(Object.fromEntries(FIELD_NAMES.map((f) => [f, fieldSpec.optional()])) as Record<FieldName, z.ZodOptional<typeof fieldSpec>>)
  .refine((f) => f.text || f.caption, { message: 'fields.text (or fields.caption) is required', path: ['text'] });

const pageFields = z.strictObject({
  author: fieldSpec.optional(),
  handle: fieldSpec.optional(),
  followers: fieldSpec.optional(),
  lang: fieldSpec.optional(),
});

const base = {
  /** Selector of one item (post, review, comment). */
  item: selector,
  fields,
  /** Profile-level fields read once per page, outside the items (influencer pages). */
  page: pageFields.optional(),
  /** Rating scale; default 1..5. */
  rating: z.strictObject({ best: z.number().positive(), worst: z.number().min(0).optional() }).optional(),
  /** Tried in order on date fields that are not ISO; default: ISO and what Date.parse reads. */
  dateFormats: z.array(dateFormat).max(20).optional(),
  /** Next-page link selector. */
  next: selector.optional(),
  /** Page query parameter, incremented from startPage. */
  pageParam: z.string().min(1).optional(),
  startPage: z.number().int().min(0).optional(),
  maxPages: z.number().int().min(1).max(1000).optional(),
  /** Language of the items when the page does not say. */
  lang: z.string().min(2).max(16).optional(),
};

const recipeSchema = z.strictObject(base);
const browserRecipeSchema = z.strictObject({
  ...base,
  /** Wait until this selector is present before extracting (default: the item selector). */
  waitFor: selector.optional(),
  /** Scroll to the bottom up to `times` times, waiting `delayMs` after each, to load more items. */
  scroll: z.strictObject({ times: z.number().int().min(0).max(100), delayMs: z.number().int().min(0).max(30_000).optional() }).optional(),
  /** Navigation + wait timeout in ms. */
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
});

export type Recipe = z.infer<typeof browserRecipeSchema>;

const reviewOptions = z.strictObject({
  next: selector.optional(),
  pageParam: z.string().min(1).optional(),
  startPage: z.number().int().min(0).optional(),
  maxPages: z.number().int().min(1).max(1000).optional(),
});
export type ReviewPageOptions = z.infer<typeof reviewOptions>;

function toValidation(err: z.ZodError, prefix: string[], what: string): ValidationError {
  const issues = err.issues.map((i) => {
    const keys = i.code === 'unrecognized_keys' ? (i as { keys?: string[] }).keys ?? [] : [];
    const path = [...prefix, ...i.path.map(String), ...(keys.length === 1 ? keys : [])].join('.');
    return { path, message: keys.length ? `unknown field${keys.length > 1 ? 's' : ''} ${keys.join(', ')}` : i.message };
  });
  return new ValidationError(`invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

/** Validates a selector recipe; throws ValidationError with paths such as 'recipe.fields.rating'. */
export function validateRecipe(recipe: unknown, kind: 'recipe' | 'browser'): Recipe {
  if (recipe === undefined || recipe === null) throw new ValidationError(`invalid recipe: a ${kind} source needs a recipe`, [{ path: 'recipe', message: 'required' }]);
  const parsed = (kind === 'browser' ? browserRecipeSchema : recipeSchema).safeParse(recipe);
  if (!parsed.success) throw toValidation(parsed.error, ['recipe'], 'recipe');
  return parsed.data as Recipe;
}

/** Pagination options of a schema-reviews source (all optional; rel=next is followed by default). */
export function validateReviewOptions(recipe: unknown): ReviewPageOptions {
  if (recipe === undefined || recipe === null) return {};
  const parsed = reviewOptions.safeParse(recipe);
  if (!parsed.success) throw toValidation(parsed.error, ['recipe'], 'review page options');
  return parsed.data;
}

const httpUrl = z
  .string()
  .trim()
  .refine((u) => {
    try {
      const p = new URL(u).protocol;
      return p === 'http:' || p === 'https:';
    } catch {
      return false;
    }
  }, 'expected an http(s) URL');

const definitionSchema = z.looseObject({
  kind: z.enum(SOURCE_KINDS as unknown as [SourceKind, ...SourceKind[]]),
  url: httpUrl.optional(),
  api: z.enum(JSON_APIS).optional(),
  query: z.string().trim().min(1).max(500).optional(),
  mentionKind: z.enum(MENTION_KINDS as unknown as [MentionKind, ...MentionKind[]]).optional(),
  recipe: z.record(z.string(), z.unknown()).optional(),
  state: z.record(z.string(), z.unknown()).optional(),
});

export interface SourceDefinition {
  kind: SourceKind;
  url?: string;
  api?: JsonApi;
  query?: string;
  mentionKind?: MentionKind;
  recipe?: Record<string, unknown>;
  state?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Validates a whole source definition (kind, url, api, query, mentionKind, recipe). */
export function validateSourceDefinition(def: unknown): SourceDefinition {
  const parsed = definitionSchema.safeParse(def);
  if (!parsed.success) throw toValidation(parsed.error, [], 'source');
  const d = parsed.data as SourceDefinition;
  const issues: { path: string; message: string }[] = [];
  const need = (field: 'url' | 'api' | 'query', why: string) => {
    if (!d[field]) issues.push({ path: field, message: `required ${why}` });
  };
  switch (d.kind) {
    case 'feed':
    case 'schema-reviews':
      need('url', `for a ${d.kind} source`);
      break;
    case 'recipe':
    case 'browser':
      need('url', `for a ${d.kind} source`);
      break;
    case 'json-api':
      need('api', `for a json-api source (one of ${JSON_APIS.join(', ')})`);
      need('query', 'for a json-api source (app id, search terms or tag)');
      if (d.api === 'appstore' && d.query && !/^(\w{2}:)?\d+$/.test(d.query)) issues.push({ path: 'query', message: 'appstore query is the numeric app id, optionally prefixed by a country ("us:123456")' });
      if (d.api === 'mastodon' && d.query && !/^#?[\p{L}\p{N}_]+$/u.test(d.query)) issues.push({ path: 'query', message: 'mastodon query is one hashtag' });
      break;
  }
  if (issues.length) throw new ValidationError(`invalid source: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  if (d.kind === 'recipe' || d.kind === 'browser') d.recipe = validateRecipe(d.recipe, d.kind) as Record<string, unknown>;
  if (d.kind === 'schema-reviews') validateReviewOptions(d.recipe);
  return d;
}
