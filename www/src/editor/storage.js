// @ts-check
// The autosave: the document in localStorage under one key, written after every change. A saved
// text that no longer opens (corrupt, or from a format this version refuses) is moved aside under
// `…:unreadable` (or `…:unreadable:2`, … when that is taken) before anything overwrites the key,
// so nothing a user made is ever lost silently. Storage may be full or disabled: saving is then
// best effort and the document stays in the page.

export const STORAGE_KEY = 'vpcmap:document';

/**
 * The saved document text, or null.
 * @param {Storage} storage
 */
export function savedText(storage) {
  try {
    return storage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * Keep an unreadable saved text under a key of its own; returns that key.
 * @param {Storage} storage @param {string} text
 */
export function keepAside(storage, text) {
  for (let n = 1; ; n++) {
    const key = n === 1 ? `${STORAGE_KEY}:unreadable` : `${STORAGE_KEY}:unreadable:${n}`;
    const there = storage.getItem(key);
    if (there === text) return key;
    if (there === null) {
      storage.setItem(key, text);
      return key;
    }
  }
}

/**
 * Save a document's JSON text (the editor has it already); false when storage refused it.
 * @param {Storage} storage @param {string} text
 */
export function saveText(storage, text) {
  try {
    storage.setItem(STORAGE_KEY, text);
    return true;
  } catch {
    return false;
  }
}
