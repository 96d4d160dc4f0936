// @ts-check
// Share as a URL: the document, deflated (CompressionStream 'deflate-raw') and base64url-encoded,
// in the fragment `#doc=…`. A fragment is never sent to a server, so sharing sends nothing
// anywhere: whoever opens the link decodes it in their own page.

const PREFIX = '#doc=';

/** @param {Uint8Array} bytes */
function toBase64url(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @param {string} text */
function fromBase64url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** @param {Uint8Array} bytes @param {CompressionStream | DecompressionStream} stream */
async function through(bytes, stream) {
  const piped = new Blob([/** @type {BlobPart} */ (bytes)]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

/**
 * The fragment (`#doc=…`) that carries `doc`.
 * @param {unknown} doc
 */
export async function encodeFragment(doc) {
  const json = new TextEncoder().encode(JSON.stringify(doc));
  return PREFIX + toBase64url(await through(json, new CompressionStream('deflate-raw')));
}

/**
 * The document in a fragment, or null when the fragment carries none. Throws when it carries a
 * damaged one (a truncated link), saying so.
 * @param {string} hash `location.hash`
 * @returns {Promise<unknown | null>}
 */
export async function decodeFragment(hash) {
  if (!hash.startsWith(PREFIX)) return null;
  try {
    const bytes = await through(fromBase64url(hash.slice(PREFIX.length)), new DecompressionStream('deflate-raw'));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error('the shared link is damaged (was it cut short?)');
  }
}
