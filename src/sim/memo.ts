/** A small cache by key, forgetting the oldest entry when full. */
export function memo<T>(size: number): (key: string, compute: () => T) => T {
  const cache = new Map<string, T>();
  return (key, compute) => {
    if (cache.has(key)) return cache.get(key) as T;
    const value = compute();
    if (cache.size >= size) cache.delete(cache.keys().next().value ?? '');
    cache.set(key, value);
    return value;
  };
}
