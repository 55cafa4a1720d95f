// The tablet's storage: drafts being typed, the outbox of finished responses, and small facts
// (sent counts, last sync) per user. One object store per kind of record, keyed by instance_id,
// so two forms never share a record name.
const NAME = "survey-tablet";
const VERSION = 1;
export const DRAFTS = "drafts";
export const OUTBOX = "outbox";
export const META = "meta";

let opening = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore(DRAFTS, { keyPath: "instance_id" });
        db.createObjectStore(OUTBOX, { keyPath: "instance_id" });
        db.createObjectStore(META);
      };
      request.onsuccess = () => {
        const db = request.result;
        // The browser may close the connection (memory pressure, storage cleared): forget it,
        // so the next operation opens a new one instead of failing silently until a reload.
        db.onclose = () => { opening = null; };
        db.onversionchange = () => { db.close(); opening = null; };
        resolve(db);
      };
      request.onerror = () => { opening = null; reject(request.error); };
      request.onblocked = () => { opening = null; reject(new Error("IndexedDB upgrade blocked")); };
    });
  }
  return opening;
}

function run(store, mode, work) {
  return open().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const request = work(tx.objectStore(store));
    tx.oncomplete = () => resolve(request?.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
  }));
}

// One retry on a fresh connection: a closed connection throws InvalidStateError at transaction().
async function withRetry(store, mode, work) {
  try {
    return await run(store, mode, work);
  } catch (error) {
    opening = null;
    return run(store, mode, work);
  }
}

export const put = (store, record) => withRetry(store, "readwrite", (s) => s.put(record));
export const get = (store, key) => withRetry(store, "readonly", (s) => s.get(key));
export const remove = (store, key) => withRetry(store, "readwrite", (s) => s.delete(key));
export const all = (store) => withRetry(store, "readonly", (s) => s.getAll());

// Runs `work(tx)` in one read-write transaction over `stores`: all of its writes land or none
// does, even if the page closes meanwhile. Retried once on a fresh connection.
export function atomically(stores, work) {
  const run = (db) => new Promise((resolve, reject) => {
    const tx = db.transaction(stores, "readwrite");
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
    try {
      work(tx);
    } catch (error) {
      tx.abort();
      reject(error);
    }
  });
  return open().then(run).catch(() => { opening = null; return open().then(run); });
}

// Moves a record between stores, so a crash never leaves it in both or neither; `key` is the
// record's key in `from` when the move gives it a new one.
export const move = (from, to, record, key = record.instance_id) => atomically([from, to], (tx) => {
  tx.objectStore(from).delete(key);
  tx.objectStore(to).put(record);
});

export const getMeta = (key) => withRetry(META, "readonly", (s) => s.get(key));
export const setMeta = (key, value) => withRetry(META, "readwrite", (s) => s.put(value, key));
