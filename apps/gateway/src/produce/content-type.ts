/** The media type of a Content-Type header, lowercased, without parameters; '' when absent. */
export function mediaType(header: string | undefined): string {
  if (!header) return '';
  const semi = header.indexOf(';');
  return (semi === -1 ? header : header.slice(0, semi)).trim().toLowerCase();
}

const BINARY_TYPES = new Set(['application/x-protobuf', 'application/octet-stream']);

/**
 * produce/single, as Memphis decides it: any media type containing `text` or
 * `application/json` (text/csv, application/json-patch+json, ...), plus
 * application/x-protobuf and application/octet-stream.
 */
export function isSingleProduceType(header: string | undefined): boolean {
  const type = mediaType(header);
  return type.includes('text') || type.includes('application/json') || BINARY_TYPES.has(type);
}

/** produce/batch: any media type containing application/json (Memphis: exactly application/json). */
export function isJsonType(header: string | undefined): boolean {
  return mediaType(header).includes('application/json');
}
