/**
 * A tiny promise wrapper around IndexedDB, in the manner of idb-keyval.
 *
 * Rules it keeps: a transaction's work is queued synchronously by `run` (an async `run` is
 * refused and the transaction aborted, because awaiting anything else, above all the network,
 * lets IndexedDB auto-commit half the work); writes resolve on the transaction's `complete`,
 * never on a request's `success`, so "resolved" means "durably committed".
 * @module
 */

/**
 * Open (creating or upgrading) a database with the named object stores.
 * @param {string} name
 * @param {number} version bump it to add stores
 * @param {Record<string, IDBObjectStoreParameters>} stores store name -> keyPath/autoIncrement
 * @param {IDBFactory} [factory]
 * @returns {Promise<IDBDatabase>}
 */
export function openDb(name, version, stores, factory = globalThis.indexedDB) {
  return new Promise((resolve, reject) => {
    const req = factory.open(name, version);
    req.onupgradeneeded = () => {
      for (const [store, options] of Object.entries(stores)) {
        if (!req.result.objectStoreNames.contains(store)) req.result.createObjectStore(store, options);
      }
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error(`database ${name} is open elsewhere at an older version`));
  });
}

/**
 * Run `run` in one transaction over `storeNames`; resolve with its result once committed.
 * `run` returns a value, an IDBRequest, or an array of them: requests are replaced by their
 * results.
 * @template T
 * @param {IDBDatabase} db
 * @param {string[]} storeNames
 * @param {IDBTransactionMode} mode
 * @param {(stores: Record<string, IDBObjectStore>, tx: IDBTransaction) => T} run
 * @returns {Promise<any>}
 */
export function transaction(db, storeNames, mode, run) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeNames, mode);
    /** @type {any} */
    let result;
    tx.oncomplete = () => resolve(settle(result));
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error("transaction aborted"));
    try {
      result = run(Object.fromEntries(storeNames.map((n) => [n, tx.objectStore(n)])), tx);
      if (result && typeof result.then === "function") {
        result.then(undefined, () => {}); // its later failures are the abort's doing
        throw new TypeError("run must not be async: queue every request synchronously");
      }
    } catch (error) {
      tx.onerror = tx.onabort = () => reject(error);
      try {
        tx.abort();
      } catch {
        reject(error); // already finished or aborted by `run` itself
      }
    }
  });
}

/** @param {any} value @returns {any} */
function settle(value) {
  if (value && typeof value === "object" && "readyState" in value && "result" in value) return value.result;
  if (Array.isArray(value)) return value.map(settle);
  return value;
}

/** @param {IDBDatabase} db @param {string} store @param {IDBValidKey} key */
export const get = (db, store, key) => transaction(db, [store], "readonly", (s) => s[store].get(key));
/** @param {IDBDatabase} db @param {string} store */
export const getAll = (db, store) => transaction(db, [store], "readonly", (s) => s[store].getAll());
/** @param {IDBDatabase} db @param {string} store @param {any} value @param {IDBValidKey} [key] */
export const put = (db, store, value, key) =>
  transaction(db, [store], "readwrite", (s) => (key === undefined ? s[store].put(value) : s[store].put(value, key)));
/** @param {IDBDatabase} db @param {string} store @param {IDBValidKey} key */
export const del = (db, store, key) => transaction(db, [store], "readwrite", (s) => s[store].delete(key));
