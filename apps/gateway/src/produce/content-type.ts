/** The media type of a Content-Type header, lowercased, without parameters; '' when absent. */
export function mediaType(header: string | undefined): string {
  if (!header) return '';
  const semi = header.indexOf(';');
  return (semi === -1 ? header : header.slice(0, semi)).trim().toLowerCase();
}

const SINGLE_TYPES = new Set(['application/json', 'application/x-protobuf', 'application/octet-stream']);

/** produce/single: text/*, application/json, application/x-protobuf, application/octet-stream. */
export function isSingleProduceType(header: string | undefined): boolean {
  const type = mediaType(header);
  return SINGLE_TYPES.has(type) || (type.startsWith('text/') && type.length > 'text/'.length);
}

/** produce/batch: application/json (parameters allowed). */
export function isJsonType(header: string | undefined): boolean {
  return mediaType(header) === 'application/json';
}
