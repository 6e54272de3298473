import type { Database } from "./client.server";

/**
 * Wraps a slow aggregate over one database so it is served from memory and refreshed in the background once
 * `ttlMs` old (stale-while-revalidate): only the first call after start waits for it, later ones never do. A
 * failed first load is forgotten, so the next call tries again; a failed refresh keeps the last good value.
 */
export function staleWhileRevalidate<T>(load: (db: Database) => Promise<T>, ttlMs: number) {
  const cache = new WeakMap<Database, { at: number; value: Promise<T>; refreshing: boolean }>();
  return function get(db: Database, nowMs: number = Date.now()): Promise<T> {
    const cached = cache.get(db);
    if (!cached) {
      const value = load(db);
      cache.set(db, { at: nowMs, value, refreshing: false });
      value.catch(() => cache.delete(db));
      return value;
    }
    if (nowMs - cached.at > ttlMs && !cached.refreshing) {
      cached.refreshing = true;
      load(db).then(
        (value) => cache.set(db, { at: nowMs, value: Promise.resolve(value), refreshing: false }),
        () => (cached.refreshing = false),
      );
    }
    return cached.value;
  };
}
