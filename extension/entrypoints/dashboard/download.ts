import type { ExportFile } from '../../../engine/api/report-types';

/**
 * Saves a file made by the engine: a Blob URL clicked through an `<a download>`, then revoked.
 * Everything stays on the device; the browser's own download handling writes the file.
 */
export function download(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.bytes], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by the next task; a minute leaves room for a slow disk.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
