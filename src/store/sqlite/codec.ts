// Maps domain objects to SQLite rows and back. Scalars get their own column (so they can be
// indexed and filtered), nested values (arrays, scores, evidence, recipe, state) go to JSON
// columns, booleans to 0/1. Keys the table does not know (an optional field added to a domain
// type later) are kept in the `extra` JSON column, so nothing is silently dropped.

export interface TableCodec {
  table: string;
  /** Every column except `extra`, in order. */
  columns: readonly string[];
  columnSet: ReadonlySet<string>;
  json: ReadonlySet<string>;
  bool: ReadonlySet<string>;
}

export function tableCodec(table: string, spec: { scalar: string[]; json?: string[]; bool?: string[] }): TableCodec {
  const json = spec.json ?? [];
  const bool = spec.bool ?? [];
  const columns = [...spec.scalar, ...json, ...bool];
  return { table, columns, columnSet: new Set(columns), json: new Set(json), bool: new Set(bool) };
}

/** Row parameters for better-sqlite3 named binding (`@col`): every column present, null when absent. */
export function encodeRow(codec: TableCodec, obj: object): Record<string, unknown> {
  const src = obj as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  for (const col of codec.columns) {
    const v = src[col];
    if (v === undefined || v === null) row[col] = null;
    else if (codec.json.has(col)) row[col] = JSON.stringify(v);
    else if (codec.bool.has(col)) row[col] = v ? 1 : 0;
    else row[col] = v;
  }
  let extra: Record<string, unknown> | null = null;
  for (const k in src) {
    if (!codec.columnSet.has(k) && src[k] !== undefined) (extra ??= {})[k] = src[k];
  }
  row.extra = extra ? JSON.stringify(extra) : null;
  return row;
}

/** Positional parameters for insertSql (faster to bind than named ones on the hot upsert path). */
export function encodeValues(codec: TableCodec, obj: object): unknown[] {
  const src = obj as Record<string, unknown>;
  const out: unknown[] = new Array(codec.columns.length + 1);
  let i = 0;
  for (const col of codec.columns) {
    const v = src[col];
    out[i++] = v === undefined || v === null ? null : codec.json.has(col) ? JSON.stringify(v) : codec.bool.has(col) ? (v ? 1 : 0) : v;
  }
  let extra: Record<string, unknown> | null = null;
  for (const k in src) {
    if (!codec.columnSet.has(k) && src[k] !== undefined) (extra ??= {})[k] = src[k];
  }
  out[i] = extra ? JSON.stringify(extra) : null;
  return out;
}

export function decodeRow<T>(codec: TableCodec, row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const col of codec.columns) {
    const v = row[col];
    if (v === null || v === undefined) continue;
    if (codec.json.has(col)) out[col] = JSON.parse(v as string);
    else if (codec.bool.has(col)) out[col] = v === 1 || v === 1n || v === true;
    else out[col] = v;
  }
  if (typeof row.extra === 'string') Object.assign(out, JSON.parse(row.extra));
  return out as T;
}

export function insertSql(codec: TableCodec, verb = 'INSERT'): string {
  const cols = [...codec.columns, 'extra'];
  return `${verb} INTO ${codec.table} (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
}

export function updateSql(codec: TableCodec, key = 'id'): string {
  const cols = [...codec.columns, 'extra'].filter((c) => c !== key);
  return `UPDATE ${codec.table} SET ${cols.map((c) => `${q(c)} = @${c}`).join(', ')} WHERE ${q(key)} = @${key}`;
}

/** Quoted identifier (columns such as "new" or "values" are SQL keywords). */
export function q(col: string): string {
  return `"${col}"`;
}
