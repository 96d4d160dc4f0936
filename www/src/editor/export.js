// @ts-check
// Files out: the native JSON, the SVG (with its own stylesheet, so it stands alone) and a PNG,
// drawn from that SVG onto a canvas at twice its size. Everything happens in the page: a Blob and
// a download link, nothing uploaded.

/**
 * Offer `data` as a download named `name`.
 * @param {string} name @param {Blob} data
 */
export function download(name, data) {
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A PNG of the SVG text, `scale` times its size.
 * @param {string} svgText @param {number} [scale]
 * @returns {Promise<Blob>}
 */
export async function svgToPng(svgText, scale = 2) {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(image.naturalWidth * scale);
    canvas.height = Math.ceil(image.naturalHeight * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw on a canvas');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
