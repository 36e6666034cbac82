// Per-object derived state (a model's packed weights, a language pack's tables), built on first
// use and kept in a WeakMap so it goes with its object; the last key is kept aside as well,
// because scoring calls with the same object over and over and a WeakMap probe per call showed.

/** A memo of build(key) per key object, with the last key answered without a WeakMap probe. */
export function lastKeyMemo<K extends object, V>(build: (key: K) => V): (key: K) => V {
  const byKey = new WeakMap<K, V>();
  let lastKey: K | undefined;
  let lastValue: V | undefined;
  return (key: K): V => {
    if (key === lastKey) return lastValue!;
    let v = byKey.get(key);
    if (v === undefined) byKey.set(key, (v = build(key)));
    lastKey = key;
    lastValue = v;
    return v;
  };
}
