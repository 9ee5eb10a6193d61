// Which values a script may give as metric tags or metadata (k6 js/common/tags.go): sobek values
// whose exported kind is string, bool, int64 or float64 — primitives, their boxed forms, and
// Symbols (exported as strings). undefined, null, objects, arrays, functions, Dates and BigInts
// are refused. Each caller wraps the refusal as k6 does (GoError, TypeError, request error).
import { types } from 'node:util';

export class UserTagError extends Error {}

function accepted(v: unknown): boolean {
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'symbol') return true;
  return types.isStringObject(v) || types.isNumberObject(v) || types.isBooleanObject(v) || types.isSymbolObject(v);
}

/** ApplyCustomUserTag: the tag's string value, or UserTagError with k6's text. */
export function userTagValue(key: string, v: unknown): string {
  if (!accepted(v)) {
    throw new UserTagError(
      `invalid value for metric tag '${key}': only String, Boolean and Number types are accepted as a metric tag values`,
    );
  }
  return String(v);
}

/** ApplyCustomUserMetadata. */
export function userMetadataValue(key: string, v: unknown): string {
  if (!accepted(v)) {
    throw new UserTagError(
      `invalid value for metric metadata '${key}': only String, Boolean and Number types are accepted as a metric metadata value`,
    );
  }
  return String(v);
}

/**
 * ApplyCustomUserTags: undefined/null give no tags; any other value is taken as an object
 * (a string's characters become tags "0", "1", ... as sobek's ToObject makes them); the first
 * refused value stops with UserTagError.
 */
export function userTags(v: unknown): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  const o = Object(v) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const k of Object.keys(o)) out[k] = userTagValue(k, o[k]);
  return out;
}
