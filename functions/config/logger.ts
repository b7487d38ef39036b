/**
 * Structured JSON logs on stdout (CloudWatch on Lambda). Internal errors go here, never to users.
 * Logging never throws: it runs inside error handlers, where a throw turns a toast into an HTTP 500.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

/** What one log entry may hold; past these, values are cut and marked, not serialised. */
export const LOG_LIMITS = {
  depth: 8,
  entries: 50, // per object or array
  stringChars: 4096,
  nodes: 2000, // per entry
  lineChars: 64 * 1024,
} as const;

interface Budget {
  nodes: number;
}

function cut(s: string): string {
  return s.length > LOG_LIMITS.stringChars ? `${s.slice(0, LOG_LIMITS.stringChars)}…(${s.length} chars)` : s;
}

function errorFields(err: Error): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['name', 'message', 'stack', 'code', '$metadata', 'cause'] as const) {
    try {
      const v = (err as unknown as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = v;
    } catch {
      out[k] = '[unreadable]';
    }
  }
  return out;
}

function take(items: Iterable<unknown>): unknown[] {
  const out: unknown[] = [];
  for (const v of items) {
    if (out.length >= LOG_LIMITS.entries) break;
    out.push(v);
  }
  return out;
}

function list(items: unknown[], total: number, depth: number, ancestors: object[], budget: Budget): unknown[] {
  const out = items.map((v) => toPlain(v, depth + 1, ancestors, budget) ?? null);
  if (total > items.length) out.push(`…(${total - items.length} more)`);
  return out;
}

/**
 * Copies a value into a plain tree JSON.stringify cannot fail on: no cycles, no BigInt, bounded depth,
 * width and size; getters, toJSON and proxies that throw become markers.
 */
function toPlain(value: unknown, depth: number, ancestors: object[], budget: Budget): unknown {
  if (--budget.nodes < 0) return '[…]';
  switch (typeof value) {
    case 'string':
      return cut(value);
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return `${value.toString()}n`;
    case 'undefined':
      return undefined;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
  }
  if (value === null) return null;
  const obj = value as object;
  if (ancestors.includes(obj)) return '[circular]';
  try {
    if (depth >= LOG_LIMITS.depth) return Array.isArray(obj) ? '[array]' : '[object]';
    ancestors.push(obj);
    let source: unknown = obj;
    if (obj instanceof Error) source = errorFields(obj);
    else if (obj instanceof Map || obj instanceof Set) return list(take(obj instanceof Map ? obj.entries() : obj.values()), obj.size, depth, ancestors, budget);
    else if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') {
      source = (obj as { toJSON: () => unknown }).toJSON();
      if (typeof source !== 'object' || source === null) return toPlain(source, depth, ancestors, budget);
    }
    if (Array.isArray(source)) return list(source.slice(0, LOG_LIMITS.entries), source.length, depth, ancestors, budget);
    const keys = Object.keys(source as object);
    const out: Record<string, unknown> = {};
    for (const k of keys.slice(0, LOG_LIMITS.entries)) {
      let v: unknown;
      try {
        v = (source as Record<string, unknown>)[k];
      } catch {
        v = '[unreadable]';
      }
      out[cut(k)] = toPlain(v, depth + 1, ancestors, budget);
    }
    if (keys.length > LOG_LIMITS.entries) out['…'] = `${keys.length - LOG_LIMITS.entries} more keys`;
    return out;
  } catch {
    return '[unreadable]';
  } finally {
    if (ancestors[ancestors.length - 1] === obj) ancestors.pop();
  }
}

/** One JSON line for the entry, whatever `data` holds. */
export function formatLogLine(entry: Record<string, unknown>, data?: Record<string, unknown>): string {
  try {
    const budget: Budget = { nodes: LOG_LIMITS.nodes };
    const full: Record<string, unknown> = { ...entry };
    if (data) {
      const plain = toPlain(data, 0, [], budget);
      if (plain && typeof plain === 'object') Object.assign(full, plain, entry);
    }
    const line = JSON.stringify(full);
    if (line.length <= LOG_LIMITS.lineChars) return line;
    return JSON.stringify({ ...entry, truncated: cut(line.slice(0, LOG_LIMITS.stringChars)) });
  } catch (err) {
    return JSON.stringify({ ...entry, logError: err instanceof Error ? err.name : 'unknown' });
  }
}

export function createLogger(service: string, level: Level = 'info', sink: (line: string) => void = console.log): Logger {
  const min = ORDER[level] ?? ORDER.info;
  const write = (lvl: Level, msg: string, data?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return;
    try {
      sink(formatLogLine({ level: lvl, time: new Date().toISOString(), service, msg: String(msg) }, data));
    } catch {
      // Nowhere left to report it: a broken sink must not break the request being answered.
    }
  };
  return {
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
