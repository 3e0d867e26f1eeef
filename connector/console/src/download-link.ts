/**
 * Hands a download link the connector made (a one-time ticket in its query, so no bearer is needed) to the browser,
 * as a click on an `<a download>`: the browser streams the file to disk, named as its `Content-Disposition` says,
 * and the page never holds it (a year of calls is over a gigabyte). The link MUST be the connector's own: a link to
 * another site is refused, not followed.
 */
export function startDownload(url: string): void {
  const target = new URL(url, location.href);
  if (target.origin !== location.origin) throw new Error('the connector sent a download link to another site');
  const link = document.createElement('a');
  link.href = target.href;
  link.download = '';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
